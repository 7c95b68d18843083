#include "kyc/legal_name.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <vector>

namespace dx::kyc {
namespace {

struct CodePoint {
  char32_t value = 0;
  std::size_t offset = 0;  // of its first byte in the input
  std::size_t size = 0;    // in bytes
};

struct Lead {
  std::size_t size;
  char32_t bits;
  char32_t smallest;  // below this the sequence is an overlong form
};

std::optional<Lead> classify_lead(unsigned char b) {
  if (b < 0x80) return Lead{1, b, 0};
  if ((b & 0xE0) == 0xC0) return Lead{2, b & 0x1Fu, 0x80};
  if ((b & 0xF0) == 0xE0) return Lead{3, b & 0x0Fu, 0x800};
  if ((b & 0xF8) == 0xF0) return Lead{4, b & 0x07u, 0x10000};
  return std::nullopt;
}

// RFC 3629: the well-formed code point starting at `offset` in `s`, or nullopt.
std::optional<CodePoint> decode_one(std::string_view s, std::size_t offset) {
  const std::optional<Lead> lead = classify_lead(static_cast<unsigned char>(s[offset]));
  if (!lead || s.size() - offset < lead->size) return std::nullopt;
  char32_t value = lead->bits;
  for (std::size_t i = 1; i < lead->size; ++i) {
    const auto b = static_cast<unsigned char>(s[offset + i]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (b & 0x3Fu);
  }
  const bool surrogate = value >= 0xD800 && value <= 0xDFFF;
  if (value < lead->smallest || value > 0x10FFFF || surrogate) return std::nullopt;
  return CodePoint{value, offset, lead->size};
}

std::optional<std::vector<CodePoint>> decode(std::string_view s) {
  std::vector<CodePoint> points;
  for (std::size_t offset = 0; offset < s.size();) {
    const std::optional<CodePoint> point = decode_one(s, offset);
    if (!point) return std::nullopt;
    points.push_back(*point);
    offset += point->size;
  }
  return points;
}

bool is_trimmed_space(char32_t c) {
  return c == U' ' || (c >= U'\t' && c <= U'\r') || c == 0x00A0 || c == 0x3000;
}

// Characters that make a name display differently from what is stored, or break a record line:
// C0, DEL and C1 controls, the Unicode Bidi_Control characters, and the line/paragraph separators.
bool is_control(char32_t c) {
  const bool c0_del_c1 = c < 0x20 || (c >= 0x7F && c <= 0x9F);
  const bool bidi = c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
                    (c >= 0x2066 && c <= 0x2069);
  const bool separator = c == 0x2028 || c == 0x2029;
  return c0_del_c1 || bidi || separator;
}

}  // namespace

Result<std::string, LegalNameError> validate_legal_name(std::string_view raw) {
  const std::optional<std::vector<CodePoint>> decoded = decode(raw);
  if (!decoded) return LegalNameError::invalid_utf8;
  const auto not_space = [](const CodePoint& p) { return !is_trimmed_space(p.value); };
  const auto first = std::find_if(decoded->begin(), decoded->end(), not_space);
  if (first == decoded->end()) return LegalNameError::empty;
  const auto last = std::find_if(decoded->rbegin(), decoded->rend(), not_space).base();
  const auto control = [](const CodePoint& p) { return is_control(p.value); };
  if (std::any_of(first, last, control)) return LegalNameError::control_character;
  if (static_cast<std::size_t>(last - first) > kMaxLegalNameCodePoints) {
    return LegalNameError::too_long;
  }
  const std::size_t end = std::prev(last)->offset + std::prev(last)->size;
  return std::string(raw.substr(first->offset, end - first->offset));
}

std::string_view to_string(LegalNameError reason) {
  switch (reason) {
    case LegalNameError::invalid_utf8:
      return "invalid_utf8";
    case LegalNameError::empty:
      return "empty";
    case LegalNameError::control_character:
      return "control_character";
    case LegalNameError::too_long:
      return "too_long";
  }
  return "unknown";
}

}  // namespace dx::kyc
