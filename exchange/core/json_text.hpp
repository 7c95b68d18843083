// JSON text written directly, for the few answers and records built on every order: the bytes
// nlohmann::json::dump() would write for the same document (no spaces; strings escaped alike,
// UTF-8 passed through), without building a json tree first. An object matches a dumped one
// only when its keys are written in sorted order, as nlohmann's objects keep them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dx {

// Appends `s` (valid UTF-8) as a JSON string: '"' and '\' escaped, control characters as \b \t
// \n \f \r or \u00xx.
void append_json_string(std::string& out, std::string_view s);

class JsonText {
 public:
  JsonText& begin_object() { return open('{'); }
  JsonText& end_object() { return close('}'); }
  JsonText& begin_array() { return open('['); }
  JsonText& end_array() { return close(']'); }
  JsonText& key(std::string_view k);
  JsonText& value(std::string_view s);
  JsonText& value(const char* s) { return value(std::string_view(s)); }
  JsonText& value(std::int64_t n);
  JsonText& value(bool b);
  JsonText& null();
  // Text that is already JSON (a dumped document), written as one value.
  JsonText& raw(std::string_view json);
  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  JsonText& open(char c);
  JsonText& close(char c);
  void separate();

  std::string out_;
  bool first_ = true;  // no value yet in the innermost object or array
};

}  // namespace dx
