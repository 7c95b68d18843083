// Screening benchmark: writes a generated CSV of a given size, then times the compliance Scanner
// reading it in 1 MiB chunks (as the exchange scans an uploaded data file), over several runs.
//   screening_bench FILE SIZE_MB REPEATS [RULES_DIR=config/compliance]   -> one JSON line
// The file looks like an anonymized trip dataset: id, district, age band, date, amount, a free
// text note (some quoted, with commas or quotes, some in Chinese, one in traditional characters
// and one with a mobile number written inside it), a mobile number in one row in ten, a status.
// The scanner has the rules, as screening does: every cell is searched for identifiers however
// written and for the national-security keywords in both scripts. The scan declares district
// and age band as quasi-identifiers, so k-anonymity is counted too.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "compliance/rules.hpp"
#include "compliance/scanner.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
constexpr std::size_t kChunk = 1 << 20;

const char* const kDistricts[] = {
    "Xuhui",   "Jing'an", "Huangpu", "Pudong",    "Minhang", "Yangpu", "Putuo",  "Changning",
    "Hongkou", "Baoshan", "Jiading", "Songjiang", "渝中区",  "江北区", "锦江区", "武侯区"};
const char* const kAgeBands[] = {"18-29", "30-39", "40-49", "50-59", "60-69", "70+"};
const char* const kNotes[] = {"paid on time",
                              "\"late, second reminder sent\"",
                              "regular customer",
                              "\"said \"\"call back\"\" later\"",
                              "night trip",
                              "airport transfer",
                              "",
                              "用户满意",
                              "refund requested after delay",
                              "回訪完成，乘客滿意",
                              "客户来电 139 1234 5678 改约",
                              "军事博物馆站下车"};
const char* const kStatus[] = {"done", "cancelled", "done", "done", "disputed"};

template <std::size_t N>
const char* pick(const char* const (&items)[N], std::mt19937_64& rng) {
  return items[rng() % N];
}

void append_row(std::string& out, std::uint64_t id, std::mt19937_64& rng) {
  char buf[64];
  out += std::to_string(id);
  out += ',';
  out += pick(kDistricts, rng);
  out += ',';
  out += pick(kAgeBands, rng);
  std::snprintf(buf, sizeof buf, ",2025-%02d-%02d,%llu.%02d,", static_cast<int>(1 + rng() % 12),
                static_cast<int>(1 + rng() % 28), static_cast<unsigned long long>(rng() % 100000),
                static_cast<int>(rng() % 100));
  out += buf;
  out += pick(kNotes, rng);
  out += ',';
  if (rng() % 10 == 0) {
    std::snprintf(buf, sizeof buf, "13%09llu", static_cast<unsigned long long>(rng() % 1000000000));
    out += buf;
  }
  out += ',';
  out += pick(kStatus, rng);
  out += '\n';
}

std::uint64_t write_file(const char* path, std::uint64_t bytes) {
  std::FILE* f = std::fopen(path, "wb");
  if (f == nullptr) throw std::runtime_error("cannot write the data file");
  std::mt19937_64 rng(42);
  std::string block = "id,district,age_band,date,amount_yuan,note,mobile,status\n";
  std::uint64_t written = 0, rows = 0;
  while (written < bytes) {
    while (block.size() < kChunk) append_row(block, ++rows, rng);
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), bytes - written));
    // Cut only at a row end, so the file is valid CSV.
    const std::size_t cut = n == block.size() ? n : block.rfind('\n', n - 1) + 1;
    std::fwrite(block.data(), 1, cut, f);
    written += cut;
    block.erase(0, cut);
    if (cut == 0) break;
  }
  std::fclose(f);
  return written;
}

struct Run {
  double seconds = 0;
  dx::compliance::ScanResult result;
};

Run scan_file(const char* path, const dx::compliance::Rules& rules) {
  std::FILE* f = std::fopen(path, "rb");
  if (f == nullptr) throw std::runtime_error("cannot read the data file");
  std::vector<char> buf(kChunk);
  const auto start = Clock::now();
  dx::compliance::Scanner scanner(dx::compliance::DataFormat::csv, {"district", "age_band"}, rules,
                                  std::chrono::year_month_day{2026y / 1 / 1});
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), f)) > 0;) {
    scanner.feed({buf.data(), n});
  }
  Run run;
  run.result = scanner.finish();
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::fclose(f);
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: screening_bench FILE SIZE_MB REPEATS [RULES_DIR]\n");
    return 2;
  }
  const auto rules = dx::compliance::load_rules(argc == 5 ? argv[4] : "config/compliance", 5);
  if (!rules) {
    std::fprintf(stderr, "screening_bench: %s\n", rules.error().detail.c_str());
    return 2;
  }
  const std::uint64_t bytes = std::strtoull(argv[2], nullptr, 10) << 20;
  const int repeats = std::max(1, std::atoi(argv[3]));
  const std::uint64_t size = write_file(argv[1], bytes);
  std::vector<double> mb_per_s;
  Run last;
  for (int i = 0; i < repeats; ++i) {
    last = scan_file(argv[1], *rules);
    mb_per_s.push_back(static_cast<double>(size) / 1e6 / last.seconds);
  }
  std::vector<double> sorted = mb_per_s;
  std::sort(sorted.begin(), sorted.end());
  std::int64_t mobiles = 0, keywords = 0;
  for (const auto& id : last.result.identifiers) mobiles += id.count;
  for (const auto& k : last.result.keywords) keywords += k.count;
  std::printf(
      "{\"bytes\":%llu,\"rows\":%lld,\"columns\":%zu,\"parsed\":%s,\"identifier_cells\":%lld,"
      "\"keyword_cells\":%lld,\"k_min\":%lld,\"repeats\":%d,\"mb_per_s_median\":%.1f,\"mb_per_s_min\":%.1f,"
      "\"mb_per_s_max\":%.1f}\n",
      static_cast<unsigned long long>(size), static_cast<long long>(last.result.rows),
      last.result.columns.size(), last.result.parsed ? "true" : "false",
      static_cast<long long>(mobiles), static_cast<long long>(keywords),
      static_cast<long long>(last.result.k_min.value_or(0)),
      repeats, sorted[sorted.size() / 2], sorted.front(), sorted.back());
  return last.result.parsed ? 0 : 1;
}
