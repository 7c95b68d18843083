// A seller's data file through the listing scanner (compliance::Scanner), which reads CSV, TSV
// and JSON Lines streaming from an upload: layout sniffing, record splitting, delimited fields,
// JSON Lines objects, the identifier detectors, the national-security keywords of the rules in
// config/compliance/ and the quasi-identifier groups. The scanner promises that any split of the
// input into chunks gives the same result, so each input is scanned whole and in fuzz-chosen
// chunks and the two results must agree.
//
// Input: byte 0 picks the options (bits 0-1 the declared format, bit 2 small limits so that the
// limits' paths are reached with small inputs, bits 3-5 the declared quasi-identifiers, bit 6
// the keywords); byte 1 seeds the chunk sizes; the rest is the file.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/rules.hpp"
#include "compliance/scanner.hpp"

namespace {

using dx::compliance::DataFormat;
using dx::compliance::ScanLimits;
using dx::compliance::Scanner;
using dx::compliance::ScanResult;

constexpr std::chrono::year_month_day kToday{std::chrono::year{2025}, std::chrono::June,
                                             std::chrono::day{15}};

const std::array<std::vector<std::string>, 8> kQuasiIdentifiers{{
    {},
    {"age"},
    {"age", "zip"},
    {"city", "gender", "zip"},
    {"address.city"},
    {"a", "a"},
    {""},
    {"name", "birth_date", "gender", "zip"},
}};

const dx::compliance::Rules& rules() {
  static const dx::compliance::Rules loaded = [] {
    auto r =
        dx::compliance::load_rules(std::filesystem::path(DX_SOURCE_DIR) / "config/compliance", 5);
    if (!r) {
      std::fprintf(stderr, "cannot load the rules: %s\n", r.error().detail.c_str());
      std::abort();
    }
    return std::move(*r);
  }();
  return loaded;
}

bool same(const ScanResult& a, const ScanResult& b) {
  if (a.identifiers.size() != b.identifiers.size() || a.keywords.size() != b.keywords.size())
    return false;
  for (std::size_t i = 0; i < a.identifiers.size(); ++i) {
    const auto& x = a.identifiers[i];
    const auto& y = b.identifiers[i];
    if (x.column != y.column || x.kind != y.kind || x.count != y.count || x.in_text != y.in_text ||
        x.masked != y.masked || x.with_digits != y.with_digits)
      return false;
  }
  for (std::size_t i = 0; i < a.keywords.size(); ++i) {
    const auto& x = a.keywords[i];
    const auto& y = b.keywords[i];
    if (x.column != y.column || x.keyword != y.keyword || x.count != y.count) return false;
  }
  return a.parsed == b.parsed && a.parse_error == b.parse_error && a.rows == b.rows &&
         a.columns == b.columns && a.read_as == b.read_as && a.delimiter == b.delimiter &&
         a.k_min == b.k_min && a.missing_quasi_identifiers == b.missing_quasi_identifiers &&
         a.too_many_groups == b.too_many_groups;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t options = data[0];
  std::uint32_t seed = data[1] | 0x100u;
  const std::string_view file(reinterpret_cast<const char*>(data + 2), size - 2);

  constexpr std::array kFormats{DataFormat::csv, DataFormat::jsonl, DataFormat::other,
                                DataFormat::tsv};
  const DataFormat format = kFormats[options & 3];
  ScanLimits limits;
  if (options & 4) limits = {.max_record_bytes = 64, .max_columns = 8, .max_groups = 16};
  const auto& qis = kQuasiIdentifiers[(options >> 3) & 7];
  const bool keywords = (options & 64) != 0;
  const auto scanner = [&] {
    return keywords ? Scanner(format, qis, rules(), kToday, limits)
                    : Scanner(format, qis, kToday, limits);
  };

  Scanner whole = scanner();
  whole.feed(file);
  const ScanResult expected = whole.finish();

  Scanner pieces = scanner();
  for (std::size_t pos = 0; pos < file.size();) {
    seed ^= seed << 13;  // xorshift32: sizes from 1 to 64 bytes, now and then the empty chunk
    seed ^= seed >> 17;
    seed ^= seed << 5;
    const std::size_t step = seed % 65;
    pieces.feed(file.substr(pos, step));
    pos += step;
  }
  const ScanResult got = pieces.finish();
  if (!same(expected, got)) __builtin_trap();
  return 0;
}
