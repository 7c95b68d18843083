#include "compliance/text.hpp"

#include <array>

namespace dx::compliance::detail {
namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
constexpr std::array<std::string_view, 4> kWideSpaces = {kIdeographicSpace, "\xC2\xA0" /* U+00A0 */,
                                                         "\xE2\x80\x8B" /* U+200B */,
                                                         "\xEF\xBB\xBF" /* U+FEFF */};

// Drops one wide space from the front of `s`, or from its back.
bool drop_wide_space(std::string_view& s, bool front) {
  for (std::string_view w : kWideSpaces) {
    if (front ? s.starts_with(w) : s.ends_with(w)) {
      s = front ? s.substr(w.size()) : s.substr(0, s.size() - w.size());
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view trim_wide_space(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) >= 0x80 && drop_wide_space(s, true)) {
    s = trim(s);
  }
  while (!s.empty() && static_cast<unsigned char>(s.back()) >= 0x80 && drop_wide_space(s, false)) {
    s = trim(s);
  }
  return s;
}

bool is_blank(std::string_view s) {
  while (!s.empty()) {
    if (is_space(s.front())) {
      s.remove_prefix(1);
    } else if (s.starts_with(kIdeographicSpace)) {
      s.remove_prefix(kIdeographicSpace.size());
    } else {
      return false;
    }
  }
  return true;
}

std::string fold_ascii(std::string_view s) {
  std::string folded(s);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_' || c == '-') c = ' ';
  }
  return folded;
}

std::string fold_text(std::string_view s) {
  std::string folded;
  folded.reserve(s.size());
  for (char c : fold_ascii(s)) {
    if (is_space(c)) {
      if (!folded.empty() && folded.back() == ' ') continue;
      c = ' ';
    }
    folded.push_back(c);
  }
  return folded;
}

}  // namespace dx::compliance::detail
