#include "compliance/terms.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <queue>
#include <stdexcept>

#include "compliance/text.hpp"

namespace dx::compliance::detail {
namespace {

constexpr std::size_t kMaxStates = std::numeric_limits<std::uint16_t>::max();

unsigned char byte(char c) { return static_cast<unsigned char>(c); }

}  // namespace

TermMatcher::TermMatcher(std::vector<std::string> terms, const std::vector<TermForm>& forms)
    : terms_(std::move(terms)) {
  // Input classes: one per byte that occurs in a form; the bytes folding reads as another
  // (upper-case letters, '_', '-', white space) share that byte's class.
  for (const TermForm& f : forms) {
    for (char c : f.text) {
      if (class_of_[byte(c)] == 0) class_of_[byte(c)] = static_cast<std::uint8_t>(classes_++);
    }
  }
  if (classes_ > 255) throw std::length_error("terms use too many distinct bytes");
  for (int c = 'A'; c <= 'Z'; ++c) class_of_[c] = class_of_[c - 'A' + 'a'];
  for (char c : {'_', '-', '\t', '\n', '\r', '\v', '\f'}) class_of_[byte(c)] = class_of_[' '];

  // The trie, as a dense table in which 0 means "no edge" until the links below fill it.
  std::vector<std::uint32_t> go(classes_, 0);
  std::vector<std::vector<Output>> outputs(1);
  for (const TermForm& f : forms) {
    std::uint32_t state = 0;
    for (char c : f.text) {
      const std::size_t edge = state * classes_ + class_of_[byte(c)];
      if (go[edge] == 0) {
        if (outputs.size() == kMaxStates) throw std::length_error("terms too long in total");
        go[edge] = static_cast<std::uint32_t>(outputs.size());
        outputs.emplace_back();
        go.resize(go.size() + classes_, 0);
      }
      state = go[edge];
    }
    if (f.text.size() > kMaxStates) throw std::length_error("a term is too long");
    outputs[state].push_back(
        {static_cast<std::uint16_t>(f.term), static_cast<std::uint16_t>(f.text.size())});
  }

  // Breadth first: each state's failure link is the longest proper suffix that is a trie state;
  // missing edges become the failure link's, so scanning never backtracks.
  std::vector<std::uint32_t> fail(outputs.size(), 0);
  std::queue<std::uint32_t> queue;
  for (std::size_t c = 0; c < classes_; ++c) {
    if (go[c] != 0) queue.push(go[c]);
  }
  while (!queue.empty()) {
    const std::uint32_t state = queue.front();
    queue.pop();
    const auto& inherited = outputs[fail[state]];
    outputs[state].insert(outputs[state].end(), inherited.begin(), inherited.end());
    for (std::size_t c = 0; c < classes_; ++c) {
      std::uint32_t& edge = go[state * classes_ + c];
      const std::uint32_t via_fail = go[fail[state] * classes_ + c];
      if (edge == 0) {
        edge = via_fail;
      } else {
        fail[edge] = via_fail;
        queue.push(edge);
      }
    }
  }

  next_.assign(go.begin(), go.end());
  out_begin_.push_back(0);
  for (const auto& list : outputs) {
    out_.insert(out_.end(), list.begin(), list.end());
    out_begin_.push_back(static_cast<std::uint32_t>(out_.size()));
  }
  for (int b = 0; b < 256; ++b) starts_[b] = next_[class_of_[b]] != 0;
  // The byte pairs that begin a form, by class and then by byte: folded bytes share their
  // class, so "MI" begins "military" as "mi" does.
  std::vector<bool> class_pairs(classes_ * classes_, false);
  shortest_ = forms.empty() ? 0 : forms.front().text.size();
  for (const TermForm& f : forms) {
    shortest_ = std::min(shortest_, f.text.size());
    needs_word_ = needs_word_ && std::any_of(f.text.begin(), f.text.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
                  });
    by_pairs_ = by_pairs_ && f.text.size() >= 2;
    if (f.text.size() >= 2) {
      class_pairs[class_of_[byte(f.text[0])] * classes_ + class_of_[byte(f.text[1])]] = true;
    }
  }
  for (std::size_t b0 = 0; b0 < 256; ++b0) {
    for (std::size_t b1 = 0; b1 < 256; ++b1) {
      if (!class_pairs[class_of_[b0] * classes_ + class_of_[b1]]) continue;
      const unsigned char pair[2] = {static_cast<unsigned char>(b0),
                                     static_cast<unsigned char>(b1)};
      std::uint16_t bit;
      std::memcpy(&bit, pair, sizeof bit);  // as begins_form() reads it, whatever the byte order
      pairs_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
    }
  }
  std::vector<std::string> folded;
  for (const std::string& t : terms_) folded.push_back(fold_text(t));
  contains_.assign(terms_.size(), std::vector<bool>(terms_.size(), false));
  for (std::size_t a = 0; a < terms_.size(); ++a) {
    for (std::size_t b = 0; b < terms_.size(); ++b) {
      contains_[a][b] =
          folded[a].size() > folded[b].size() && folded[a].find(folded[b]) != std::string::npos;
    }
  }
}

void TermMatcher::keep_specific(std::vector<std::size_t>& found) const {
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  if (found.size() < 2) return;  // the common case, without copying
  const std::vector<std::size_t> all = found;
  std::erase_if(found, [&](std::size_t b) {
    return std::any_of(all.begin(), all.end(), [&](std::size_t a) { return contains_[a][b]; });
  });
}

std::vector<std::size_t> TermMatcher::find(std::string_view text, const TermMatcher* lawful) const {
  const std::string folded = fold_text(text);
  std::vector<TermMatch> exempt;
  if (lawful != nullptr)
    lawful->scan(folded, [&exempt](const TermMatch& m) { exempt.push_back(m); });
  std::vector<std::size_t> found;
  scan(folded, [&](const TermMatch& m) {
    const bool overlaps = std::any_of(exempt.begin(), exempt.end(), [&m](const TermMatch& e) {
      return m.begin < e.end && e.begin < m.end;
    });
    if (!overlaps) found.push_back(m.term);
  });
  keep_specific(found);
  return found;
}

}  // namespace dx::compliance::detail
