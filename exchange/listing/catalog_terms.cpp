#include "listing/catalog_terms.hpp"

#include <vector>

namespace dx::listing {

namespace {

// One decoded UTF-8 code point and the bytes it spans; cp is 0 for an invalid sequence.
struct CodePoint {
  char32_t cp;
  std::string_view bytes;
};

CodePoint next(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return {0, {}};
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc >> 6) != 2) {
      ++i;
      return {0, {}};
    }
    cp = (cp << 6) | (cc & 0x3f);
  }
  CodePoint out{cp, s.substr(i, len)};
  i += len;
  return out;
}

bool is_cjk(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0x3040 && c <= 0x30FF);
}

bool is_word(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return c >= 0xC0 && !is_cjk(c) && !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) &&
         !(c >= 0xFF00 && c <= 0xFF65);
}

// The text cut into runs: a word (letters and digits) or a run of CJK characters.
struct Run {
  bool cjk;
  std::vector<std::string_view> chars;  // CJK: one entry per character; word: one entry, the word
  std::string word;                     // word runs, lower-cased (ASCII)
};

std::vector<Run> runs(std::string_view text) {
  std::vector<Run> out;
  std::size_t i = 0;
  enum class Kind { none, word, cjk } current = Kind::none;
  while (i < text.size()) {
    const auto cp = next(text, i);
    const Kind kind = cp.cp == 0 ? Kind::none : is_cjk(cp.cp) ? Kind::cjk : is_word(cp.cp) ? Kind::word : Kind::none;
    if (kind == Kind::none) {
      current = kind;
      continue;
    }
    if (kind != current) out.push_back(Run{kind == Kind::cjk, {}, {}});
    current = kind;
    if (kind == Kind::cjk) {
      out.back().chars.push_back(cp.bytes);
    } else {
      for (char ch : cp.bytes) out.back().word += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    }
  }
  return out;
}

void append(std::string& out, std::string_view term) {
  if (!out.empty()) out += ' ';
  out += term;
}

std::string pair(const Run& r, std::size_t k) { return std::string(r.chars[k]) + std::string(r.chars[k + 1]); }

}  // namespace

std::string index_terms(std::string_view text) {
  std::string out;
  const auto all = runs(text);
  // Pairs first, each run's pairs at consecutive positions so a query phrase of pairs matches
  // only where its characters stand together (pairs of two runs that merely touch, 甲乙，乙丙,
  // can also match 甲乙丙: rare, and harmless for a catalogue); then the single characters.
  for (const auto& r : all) {
    if (!r.cjk) {
      append(out, r.word);
      continue;
    }
    for (std::size_t k = 0; k + 1 < r.chars.size(); ++k) append(out, pair(r, k));
  }
  for (const auto& r : all)
    if (r.cjk)
      for (auto ch : r.chars) append(out, ch);
  return out;
}

std::string match_expression(std::string_view query) {
  std::string out;
  const auto all = runs(query);
  for (std::size_t n = 0; n < all.size(); ++n) {
    const auto& r = all[n];
    if (!r.cjk) {
      append(out, "\"" + r.word + "\"" + (n + 1 == all.size() ? "*" : ""));
      continue;
    }
    if (r.chars.size() == 1) {
      append(out, "\"" + std::string(r.chars[0]) + "\"");
      continue;
    }
    std::string phrase;
    for (std::size_t k = 0; k + 1 < r.chars.size(); ++k) append(phrase, pair(r, k));
    append(out, "\"" + phrase + "\"");
  }
  return out;
}

}  // namespace dx::listing
