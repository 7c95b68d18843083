// Internal to dx_compliance: reads one JSON Lines record, a JSON object, and reports each scalar
// value under its column: the object's key, or the dotted path of keys for nested objects
// ("address.city"); an array's elements count under the array's key. Values are given as text
// (strings unescaped, numbers as written, true/false/null) so the detectors see what a reader
// of the data would. Not thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace dx::compliance::detail {

class JsonLine {
 public:
  // on_value(column, value) -> false stops reading (read() then answers `stopped`).
  using OnValue = std::function<bool(std::string_view column, std::string_view value)>;
  enum class End { whole, stopped };

  explicit JsonLine(OnValue on_value) : on_value_(std::move(on_value)) {}

  // How far the line was read, or why it is no JSON object (without quoting the data).
  Result<End, std::string> read(std::string_view line);

 private:
  class Handler;
  OnValue on_value_;
};

}  // namespace dx::compliance::detail
