// Time as data: services take a Clock so tests can fix it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace dx {

using TimePoint = std::chrono::system_clock::time_point;
using Clock = std::function<TimePoint()>;

inline Clock system_clock() {
  return [] { return std::chrono::system_clock::now(); };
}

// RFC 3339 UTC with millisecond precision, e.g. 2026-11-23T08:15:00.123Z.
std::string to_rfc3339(TimePoint t);
// Accepts RFC 3339 with 'Z' or a numeric offset; fractional seconds optional; years 1900 to 2200
// (a time point counts nanoseconds, so far-off years would wrap around).
std::optional<TimePoint> parse_rfc3339(std::string_view s);

// Whether `s` has exactly the shape `pattern`, where 'D' stands for one ASCII digit and any other
// character for itself ("DDDD-DD-DD"): what sscanf's %d alone lets through (signs, spaces) is not.
bool has_shape(std::string_view s, std::string_view pattern);

}  // namespace dx
