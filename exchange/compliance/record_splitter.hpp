// Internal to dx_compliance: cuts a byte stream into records at line feeds, carrying a partial
// record from one chunk to the next so that any split of the input yields the same records, and
// drops a leading UTF-8 byte-order mark. Memory: the longest record, capped by `max_record_bytes`.
//
// In CSV mode a line feed inside a quoted field does not end a record. Under RFC 4180 every quote
// opens or closes a field or is half of a "" escape, so a line feed ends the record exactly when
// the record has an even number of quotes before it; counting them needs no full parse.
// Not thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.hpp"

namespace dx::compliance::detail {

struct Record {
  std::string_view text;  // without its line end (LF or CRLF); valid during the callback only
  std::int64_t line = 0;  // 1-based line on which the record starts
  bool has_quotes = false;
};

class RecordSplitter {
 public:
  enum class Mode { csv, lines };

  RecordSplitter(Mode mode, std::size_t max_record_bytes)
      : mode_(mode), max_record_bytes_(max_record_bytes) {}

  // `stopped`: on_record said so, or an earlier call failed; later calls then do nothing.
  enum class Flow { more, stopped };
  // The flow, or why the input cannot be cut into records ("line 12: ..."), answered once.
  using Fed = Result<Flow, std::string>;

  // Calls on_record(const Record&) -> bool for each complete record; stops at the first false or
  // error.
  template <typename OnRecord>
  Fed feed(std::string_view chunk, OnRecord&& on_record);

  // Ends the input: the last record may lack a line end; an open quoted field is an error.
  template <typename OnRecord>
  Fed finish(OnRecord&& on_record);

 private:
  template <typename OnRecord>
  bool feed_bytes(std::string_view chunk, OnRecord& on_record);
  template <typename OnRecord>
  bool finish_bytes(OnRecord& on_record);
  Fed outcome(bool go_on);
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";

  template <typename OnRecord>
  bool scan(std::string_view data, OnRecord& on_record);
  template <typename OnRecord>
  bool emit(std::string_view text, bool has_quotes, OnRecord& on_record);
  std::size_t find_end(std::string_view data, std::size_t from);
  bool fail(std::int64_t line, std::string_view what);

  Mode mode_;
  std::size_t max_record_bytes_;
  std::string head_;  // the first bytes, until it is known whether they are a BOM
  bool started_ = false;
  std::string carry_;         // the record begun in an earlier chunk
  bool odd_quotes_ = false;   // quote parity of the record under way
  bool seen_quotes_ = false;  // the record under way has a quote
  std::int64_t line_ = 1;
  bool failed_ = false;
  std::string error_;  // why it failed, until outcome() has answered it
};

// The line feed that ends the record under way at or after `from`, or npos; keeps the quote
// parity of the record under way up to date.
inline std::size_t RecordSplitter::find_end(std::string_view data, std::size_t from) {
  const char* base = data.data();
  while (from < data.size()) {
    const void* lf = std::memchr(base + from, '\n', data.size() - from);
    const std::size_t stop =
        lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - base) : data.size();
    if (mode_ == Mode::csv) {
      const auto quotes = std::count(base + from, base + stop, '"');
      if (quotes != 0) seen_quotes_ = true;
      odd_quotes_ ^= (quotes & 1) != 0;
    }
    if (!lf) break;
    if (!odd_quotes_) return stop;
    from = stop + 1;
  }
  return std::string_view::npos;
}

template <typename OnRecord>
bool RecordSplitter::emit(std::string_view text, bool has_quotes, OnRecord& on_record) {
  if (text.size() > max_record_bytes_) {
    return fail(line_, "record longer than " + std::to_string(max_record_bytes_) + " bytes");
  }
  if (text.ends_with('\r')) text.remove_suffix(1);
  const std::int64_t first_line = line_;
  line_ += 1 + (has_quotes ? std::count(text.begin(), text.end(), '\n') : 0);
  odd_quotes_ = false;
  seen_quotes_ = false;
  if (!on_record(Record{text, first_line, has_quotes})) failed_ = true;
  return !failed_;
}

template <typename OnRecord>
bool RecordSplitter::scan(std::string_view data, OnRecord& on_record) {
  std::size_t pos = 0;
  if (!carry_.empty()) {
    const std::size_t end = find_end(data, 0);
    const std::size_t take = end == std::string_view::npos ? data.size() : end + 1;
    if (carry_.size() + take > max_record_bytes_ + 2) {  // + 2: the CRLF that is no content
      return fail(line_, "record longer than " + std::to_string(max_record_bytes_) + " bytes");
    }
    carry_.append(data.substr(0, take));
    if (end == std::string_view::npos) return true;
    carry_.pop_back();  // the line feed
    if (!emit(carry_, seen_quotes_, on_record)) return false;
    carry_.clear();
    pos = take;
  }
  for (std::size_t end; (end = find_end(data, pos)) != std::string_view::npos; pos = end + 1) {
    if (!emit(data.substr(pos, end - pos), seen_quotes_, on_record)) return false;
  }
  const std::string_view rest = data.substr(pos);
  if (rest.size() > max_record_bytes_ + 2) {
    return fail(line_, "record longer than " + std::to_string(max_record_bytes_) + " bytes");
  }
  carry_.assign(rest);
  return true;
}

template <typename OnRecord>
RecordSplitter::Fed RecordSplitter::feed(std::string_view chunk, OnRecord&& on_record) {
  return outcome(feed_bytes(chunk, on_record));
}

template <typename OnRecord>
RecordSplitter::Fed RecordSplitter::finish(OnRecord&& on_record) {
  return outcome(finish_bytes(on_record));
}

inline RecordSplitter::Fed RecordSplitter::outcome(bool go_on) {
  if (go_on) return Flow::more;
  if (error_.empty()) return Flow::stopped;
  return std::exchange(error_, std::string());
}

template <typename OnRecord>
bool RecordSplitter::feed_bytes(std::string_view chunk, OnRecord& on_record) {
  if (failed_) return false;
  if (!started_) {
    const std::size_t take = std::min(kBom.size() - head_.size(), chunk.size());
    head_.append(chunk.substr(0, take));
    chunk.remove_prefix(take);
    if (head_.size() < kBom.size()) return true;
    started_ = true;
    if (head_ != kBom && !scan(head_, on_record)) return false;
  }
  return scan(chunk, on_record);
}

template <typename OnRecord>
bool RecordSplitter::finish_bytes(OnRecord& on_record) {
  if (failed_) return false;
  if (!started_) {
    started_ = true;
    if (!scan(head_, on_record)) return false;
  }
  if (odd_quotes_) return fail(line_, "quoted field not closed at the end of the file");
  if (carry_.empty()) return true;
  return emit(carry_, seen_quotes_, on_record);
}

inline bool RecordSplitter::fail(std::int64_t line, std::string_view what) {
  failed_ = true;
  error_ = "line " + std::to_string(line) + ": " + std::string(what);
  return false;
}

}  // namespace dx::compliance::detail
