// Internal to dx_compliance: finds configured terms (P1 keywords, P4 and P7 phrases, header
// names) in text by substring, since Chinese has no spaces between words. An Aho-Corasick
// automaton over bytes, built once when the rules load: ASCII letters match in either case, and
// '_', '-' and white space all read as a space (fold_ascii), so "Military_Base" holds
// "military base". Each term may have several written forms (simplified and traditional
// Chinese); a match reports the term.
//
// Cost per byte of text: one table look-up, and while no term has begun, a skip over the byte
// pairs that begin none (a bit per pair of input classes), so cells of digits and most words
// cost next to nothing. Immutable after construction, so one matcher serves any number of
// concurrent scans.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace dx::compliance::detail {

struct TermForm {
  std::string text;  // folded (fold_text), not empty
  std::size_t term = 0;
};

// One occurrence of a term's form: text[begin, end).
struct TermMatch {
  std::size_t term = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
};

class TermMatcher {
 public:
  // `terms` as configured; `forms` the texts matched for them. Throws std::length_error past
  // 65,535 automaton states (some 50,000 bytes of terms).
  TermMatcher(std::vector<std::string> terms, const std::vector<TermForm>& forms);

  std::size_t size() const { return terms_.size(); }
  // Every form holds an ASCII letter or a non-ASCII byte, so text without one holds no term.
  bool needs_word() const { return needs_word_; }
  // The length in bytes of the shortest form: shorter text holds no term.
  std::size_t shortest() const { return shortest_; }
  const std::string& term(std::size_t i) const { return terms_[i]; }

  // Calls found(const TermMatch&) for every occurrence of a form in `text`, overlapping ones
  // included; a term may be reported more than once.
  template <typename Found>
  void scan(std::string_view text, Found&& found) const;

  // The distinct terms in `text`, in term order, leaving out any found only as part of a
  // longer term found ("军事" inside "军事设施"), so that a message names the specific word.
  // With `lawful`, an occurrence that overlaps one of its terms does not count ("非公共数据"
  // is not "公共数据", "防撞库" not "撞库").
  std::vector<std::size_t> find(std::string_view text, const TermMatcher* lawful = nullptr) const;

  // Sorts `found`, drops repeats and the terms that a longer term in it contains.
  void keep_specific(std::vector<std::size_t>& found) const;

 private:
  // Whether the two bytes at `p` begin a form. The pair is read as one 16-bit word (b0 in the
  // low byte on little-endian machines; either order works as the table is filled alike).
  bool begins_form(const unsigned char* p) const {
    std::uint16_t bit;
    std::memcpy(&bit, p, sizeof bit);
    return (pairs_[bit >> 6] >> (bit & 63)) & 1;
  }

  std::vector<std::string> terms_;
  std::array<std::uint8_t, 256> class_of_{};  // byte -> input class; 0: in no form
  std::array<bool, 256> starts_{};            // the byte begins some form
  std::array<std::uint64_t, 1024> pairs_{};   // bit b1 * 256 + b0: the byte pair begins a form
  bool by_pairs_ = true;                      // every form is two bytes or longer
  bool needs_word_ = true;
  std::size_t shortest_ = 0;
  std::size_t classes_ = 1;
  std::vector<std::uint16_t> next_;  // [state * classes_ + class] -> state
  struct Output {
    std::uint16_t term;
    std::uint16_t length;  // of the form, in bytes
  };
  std::vector<std::uint32_t> out_begin_;     // per state, and one past the last: into out_
  std::vector<Output> out_;                  // the forms each state completes
  std::vector<std::vector<bool>> contains_;  // [a][b]: term a (folded) contains the shorter b
};

template <typename Found>
void TermMatcher::scan(std::string_view text, Found&& found) const {
  const auto* const begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* p = begin;
  const auto* const end = p + text.size();
  std::uint32_t state = 0;
  while (p < end) {
    if (state == 0 && by_pairs_) {
      // Skipping a byte whose pair begins no form leaves the automaton where it would be.
      while (p + 1 < end && !begins_form(p)) ++p;
      if (p + 1 >= end) return;  // a last byte alone completes no form
    } else if (state == 0) {
      while (p < end && !starts_[*p]) ++p;
      if (p == end) return;
    }
    state = next_[state * classes_ + class_of_[*p++]];
    for (std::uint32_t i = out_begin_[state]; i < out_begin_[state + 1]; ++i) {
      const auto at = static_cast<std::size_t>(p - begin);
      found(TermMatch{out_[i].term, at - out_[i].length, at});
    }
  }
}

}  // namespace dx::compliance::detail
