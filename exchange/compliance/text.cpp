#include "compliance/text.hpp"

namespace dx::compliance::detail {

bool is_blank(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
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

}  // namespace dx::compliance::detail
