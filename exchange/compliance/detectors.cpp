#include "compliance/detectors.hpp"

#include <cstring>
#include <string>

#include "compliance/text.hpp"
#include "kyc/identity_number.hpp"
#include "kyc/phone.hpp"

namespace dx::compliance::detail {
namespace {

constexpr std::size_t kShortestIdentifier = 5;  // "a@b.c"; every number kind is longer
constexpr std::size_t kLongestEmail = 254;      // RFC 5321 path limit
constexpr std::size_t kLongestLocalPart = 64;
constexpr std::size_t kLongestLabel = 63;
constexpr std::size_t kIdentityLength = 18;
constexpr std::size_t kMinCardDigits = 13;  // ISO/IEC 7812 primary account numbers
constexpr std::size_t kMaxCardDigits = 19;

// The digits of a cell written as a number, with single spaces or hyphens between groups
// allowed ("138 0013 8000", "6222-0212-3456-7890") and an optional leading '+'.
struct NumberShape {
  char digits[kMaxCardDigits];
  std::size_t count = 0;
  bool plus = false;
  bool separated = false;
};

// False when the cell is not written as a number at all, or has too many digits.
bool read_number(std::string_view cell, NumberShape& n) {
  n.plus = cell.front() == '+';
  for (std::size_t i = n.plus ? 1 : 0; i < cell.size(); ++i) {
    const char c = cell[i];
    if (is_digit(c)) {
      if (n.count == kMaxCardDigits) return false;
      n.digits[n.count++] = c;
    } else if (c == ' ' || c == '-') {
      n.separated = true;
    } else {
      return false;
    }
  }
  return n.count > 0;
}

// An 18-character cell whose last character may be the check X: only kyc decides validity.
bool is_identity_number(std::string_view cell, std::chrono::year_month_day today) {
  if (cell.size() != kIdentityLength || cell.front() < '1' || cell.front() > '8') return false;
  return kyc::validate_identity_number(cell, today).ok();
}

bool ends_with_check_x(std::string_view cell) {
  return cell.size() == kIdentityLength && (cell.back() == 'X' || cell.back() == 'x');
}

bool may_be_mobile(const NumberShape& n) {
  const std::string_view d(n.digits, n.count);
  return (n.count == 11 && d.front() == '1') || (n.count == 13 && d.starts_with("861"));
}

CellKind classify_number(std::string_view cell, std::chrono::year_month_day today) {
  if (ends_with_check_x(cell)) {
    return is_identity_number(cell, today) ? CellKind::identity_number : CellKind::plain;
  }
  NumberShape n;
  if (!read_number(cell, n)) return CellKind::plain;
  if (!n.plus && !n.separated && is_identity_number(cell, today)) {
    return CellKind::identity_number;
  }
  if (may_be_mobile(n) && kyc::validate_mobile_number(cell).ok()) return CellKind::mobile_number;
  if (n.plus || n.count < kMinCardDigits) return CellKind::plain;
  return passes_luhn({n.digits, n.count}) ? CellKind::bank_card_number : CellKind::long_number;
}

constexpr bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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

CellKind classify_cell(std::string_view raw, std::chrono::year_month_day today) {
  const std::string_view cell = trim(raw);
  if (cell.size() < kShortestIdentifier) return CellKind::plain;
  const char first = cell.front();
  if (is_digit(first) || first == '+') {
    const CellKind kind = classify_number(cell, today);
    if (kind != CellKind::plain) return kind;
  }
  // Many mailboxes are numbers ("12345678@qq.com"), so a digit first does not rule one out.
  if (cell.size() <= kLongestEmail && std::memchr(cell.data(), '@', cell.size()) != nullptr) {
    return is_email_address(cell) ? CellKind::email_address : CellKind::plain;
  }
  return CellKind::plain;
}

}  // namespace dx::compliance::detail
