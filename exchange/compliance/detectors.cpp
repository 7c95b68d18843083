#include "compliance/detectors.hpp"

#include <array>
#include <cstring>

#include "compliance/byte_counts.hpp"
#include "compliance/identifier_numbers.hpp"
#include "compliance/text.hpp"

namespace dx::compliance::detail {
namespace {

constexpr std::size_t kShortestIdentifier = 5;  // "a@b.c"; every number kind is longer
constexpr std::size_t kFewestDigits = 11;       // a mobile number without its country code
constexpr std::size_t kLongestEmail = 254;      // RFC 5321 path limit
constexpr std::size_t kLongestLocalPart = 64;
constexpr std::size_t kLongestLabel = 63;
constexpr std::size_t kMinCardDigits = 13;  // ISO/IEC 7812 primary account numbers
constexpr std::size_t kMaxCardDigits = 19;
constexpr unsigned char kFullWidthLead = 0xEF;  // U+FF00-U+FFEF, full-width digits among them

// Drops what spreadsheets wrap a value in to keep it text: ="…" (a formula giving the text),
// a leading apostrophe, or quotes left around it.
std::string_view unwrap(std::string_view s) {
  s = trim_cell(s);
  if (s.size() >= 3 && s.starts_with("=\"") && s.ends_with('"'))
    return trim_cell(s.substr(2, s.size() - 3));
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
    return trim_cell(s.substr(1, s.size() - 2));
  if (s.starts_with('\'')) return trim_cell(s.substr(1));
  return s;
}

bool has_dot(const NumberRun& run) {
  for (std::size_t g = 0; g < run.groups; ++g) {
    if (run.dot_before[g]) return true;
  }
  return false;
}

// 13-19 digits written as one number with spaces or hyphens at most: a card if Luhn holds.
CellKind card_or_long(const NumberRun& run) {
  const std::size_t count = run.group_end[run.groups - 1];
  if (run.plus || run.check_x || run.truncated || has_dot(run) || count < kMinCardDigits ||
      count > kMaxCardDigits) {
    return CellKind::plain;
  }
  return passes_luhn({run.digits, count}) ? CellKind::bank_card_number : CellKind::long_number;
}

void note_in_text(NumberKind kind, CellFacts& facts) {
  if (kind == NumberKind::identity_number) facts.identity_in_text = true;
  if (kind == NumberKind::mobile_number) facts.mobile_in_text = true;
}

// A cell that is one number: an identifier as a whole, else perhaps one inside its groups
// ("2024 13800138000"), which counts as written inside text.
CellKind classify_number(const NumberRun& run, std::chrono::year_month_day today,
                         CellFacts& facts) {
  switch (kind_of_groups(run, 0, run.groups - 1, today)) {
    case NumberKind::identity_number:
      return CellKind::identity_number;
    case NumberKind::mobile_number:
      return CellKind::mobile_number;
    case NumberKind::none:
      break;
  }
  if (run.groups > 1) find_in_run(run, today, [&facts](NumberKind k) { note_in_text(k, facts); });
  return card_or_long(run);
}

bool is_mask(char c) { return c == '*' || c == 'x' || c == 'X'; }

// 138****0000, 110105********002X, 138 xxxx 0000: the length and leading digits of a mobile or
// identity number with some digits hidden. Only ASCII, as masking software writes.
CellKind classify_masked(std::string_view s) {
  std::size_t positions = 0, masks = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (is_mask(c) && !(i + 1 == s.size() && (c == 'x' || c == 'X'))) {
      ++masks;
    } else if (!is_digit(c) && !(i + 1 == s.size() && (c == 'x' || c == 'X'))) {
      if (c != ' ' && c != '-') return CellKind::plain;
      continue;
    }
    ++positions;
  }
  if (masks == 0 || s.size() < 2 || !is_digit(s[1])) return CellKind::plain;
  if (positions == 11 && s[0] == '1') return CellKind::masked_mobile_number;
  if (positions == 18 || positions == 15) return CellKind::masked_identity_number;
  return CellKind::plain;
}

bool has_full_width_digit(std::string_view s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == kFullWidthLead && s[i + 1] == '\xBC' &&
        static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
        static_cast<unsigned char>(s[i + 2]) <= 0x99) {
      return true;
    }
  }
  return false;
}

// Identifiers inside free text: each run of digits not glued to ASCII letters or digits
// ("SN13800138000" is a code, "电话13800138000" and "tel: 138-0013-8000" are numbers).
void find_in_text(std::string_view s, std::chrono::year_month_day today, CellFacts& facts) {
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  NumberRun run;
  for (const char* p = begin; p < end;) {
    if (!starts_number(p, end)) {
      ++p;
      continue;
    }
    const bool glued_before = p > begin && is_alnum(p[-1]);
    const char* after = read_number_run(p, end, run);
    const bool glued_after = after < end && is_alnum(*after);
    if (!glued_before && !glued_after) {
      find_in_run(run, today, [&facts](NumberKind k) { note_in_text(k, facts); });
    }
    p = after;
  }
}

bool is_local_char(char c) {
  return is_alnum(c) || std::strchr("!#$%&'*+/=?^_`{|}~.-", c) != nullptr;
}

// Dot-atom local part (RFC 5322): no leading, trailing or doubled dot.
bool is_local_part(std::string_view s) {
  if (s.empty() || s.size() > kLongestLocalPart || s.front() == '.' || s.back() == '.') {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\0' || !is_local_char(s[i])) return false;
    if (s[i] == '.' && s[i + 1] == '.') return false;
  }
  return true;
}

// A host-name label; bytes above 0x7F are let through for internationalised domain names.
bool is_label(std::string_view s) {
  if (s.empty() || s.size() > kLongestLabel || s.front() == '-' || s.back() == '-') return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '-' && static_cast<unsigned char>(c) < 0x80) return false;
  }
  return true;
}

// The last label is a top-level domain: two or more letters (or non-ASCII), no digits.
bool is_top_level(std::string_view s) {
  if (s.size() < 2) return false;
  for (char c : s) {
    if (is_digit(c) || c == '-') return false;
  }
  return true;
}

bool is_domain(std::string_view s) {
  const std::size_t last_dot = s.rfind('.');
  if (last_dot == std::string_view::npos || !is_top_level(s.substr(last_dot + 1))) return false;
  while (!s.empty()) {
    const std::size_t dot = s.find('.');
    if (!is_label(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  return true;
}

}  // namespace

bool passes_luhn(std::string_view digits) {
  int sum = 0;
  bool doubled = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (doubled) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    doubled = !doubled;
  }
  return !digits.empty() && sum % 10 == 0;
}

bool is_email_address(std::string_view s) {
  const std::size_t at = s.find('@');
  if (at == std::string_view::npos || s.size() > kLongestEmail) return false;
  return is_local_part(s.substr(0, at)) && is_domain(s.substr(at + 1));
}

namespace {

// The cells that may hold an identifier number or an address: numbers, masks and text with
// enough digits. Kept out of line so that the common path stays small.
[[gnu::noinline]] void inspect_candidate(std::string_view cell, const ByteCounts& n,
                                         std::chrono::year_month_day today, CellFacts& facts) {
  if (n.at && cell.size() >= kShortestIdentifier && cell.size() <= kLongestEmail &&
      is_email_address(cell)) {
    facts.kind = CellKind::email_address;  // many mailboxes are numbers: "12345678@qq.com"
    return;
  }
  if (n.digits + n.wide + n.masks < kFewestDigits) return;
  const char* const begin = cell.data();
  const char* const end = begin + cell.size();
  if (starts_number(begin, end)) {
    NumberRun run;
    if (read_number_run(begin, end, run) == end) {
      facts.kind = classify_number(run, today, facts);
      return;
    }
    if (is_digit(cell.front()) && n.masks > 0) {
      facts.kind = classify_masked(cell);
      if (facts.kind != CellKind::plain) return;
    }
  }
  if (n.digits + n.wide >= kFewestDigits) find_in_text(cell, today, facts);
}

}  // namespace

void inspect_cell(std::string_view raw, std::chrono::year_month_day today, CellFacts& facts) {
  const std::string_view cell = unwrap(raw);
  // One pass that ends most cells: an identity or mobile number, masked or not, takes 11 digits
  // or masks at least, and an e-mail address an '@'.
  const ByteCounts n = count_bytes(cell);
  facts.has_digit = n.digits > 0 || (n.wide > 0 && has_full_width_digit(cell));
  facts.has_word = n.words;
  if (n.at || n.digits + n.wide + n.masks >= kFewestDigits) {
    inspect_candidate(cell, n, today, facts);
  }
}

CellKind classify_cell(std::string_view cell, std::chrono::year_month_day today) {
  CellFacts facts;
  inspect_cell(cell, today, facts);
  return facts.kind;
}

}  // namespace dx::compliance::detail
