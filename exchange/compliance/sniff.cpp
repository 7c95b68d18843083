#include "compliance/sniff.hpp"

#include <algorithm>
#include <array>

#include "compliance/text.hpp"

namespace dx::compliance::detail {

std::optional<DataFormat> sniff_format(std::string_view head) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (head.size() < kBom.size() && kBom.starts_with(head)) return std::nullopt;
  if (head.starts_with(kBom)) head.remove_prefix(kBom.size());
  head = trim(head);
  if (head.empty()) return std::nullopt;
  return head.front() == '{' || head.front() == '[' ? DataFormat::jsonl : DataFormat::csv;
}

bool looks_binary(std::string_view probe) {
  return std::any_of(probe.begin(), probe.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 && !is_space(c); });
}

char sniff_delimiter(std::string_view header, char preferred) {
  constexpr std::array<char, 4> kCandidates = {',', '\t', ';', '|'};
  std::array<int, kCandidates.size()> counts{};
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    for (std::size_t i = 0; i < kCandidates.size(); ++i) counts[i] += c == kCandidates[i];
  }
  char best = preferred;
  int best_count = 0;
  for (std::size_t i = 0; i < kCandidates.size(); ++i) {
    if (kCandidates[i] == preferred) best_count = counts[i];
  }
  for (std::size_t i = 0; i < kCandidates.size(); ++i) {
    if (counts[i] > best_count) {
      best = kCandidates[i];
      best_count = counts[i];
    }
  }
  return best;
}

char declared_delimiter(DataFormat format) { return format == DataFormat::tsv ? '\t' : ','; }

}  // namespace dx::compliance::detail
