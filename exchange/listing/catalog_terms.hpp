// Full-text terms for the catalogue that work for Chinese as well as English. Chinese is written
// without spaces and its words are mostly two characters long, so a run of CJK characters is
// indexed as its overlapping character pairs (交通流量 → 交通 通流 流量) plus each single
// character; other words are lower-cased. A query is turned into the same terms: a Chinese run
// becomes the phrase of its pairs, so 交通 finds 交通流量 and 通流量 does not find 交通 alone.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace dx::listing {

// Space-separated terms to store in the full-text index for `text` (UTF-8; invalid bytes are
// treated as separators).
std::string index_terms(std::string_view text);

// An FTS5 MATCH expression for the user's query: every word and Chinese run must occur (AND); the
// last word also matches as a prefix. Empty when the query holds no searchable character.
std::string match_expression(std::string_view query);

}  // namespace dx::listing
