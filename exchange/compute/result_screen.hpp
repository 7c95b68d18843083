// Internal to dx_compute: the last check before a result is released (P5, TJ-29). The result
// CSV is read by the listings' scanner and judged as a listing's data file declared free of
// personal information would be, by the same screening rules (compliance/screening.hpp), so a
// result can never carry what a listing could not: a column of identity numbers, mobile
// numbers, e-mail addresses or bank card numbers, or such a number inside text.
#pragma once

#include <string_view>

#include "core/error.hpp"

namespace dx::compliance {
struct Rules;
}

namespace dx::compute::detail {

// result_not_releasable naming the columns, never a value. Without `rules` (tests), any
// identifier the scanner counts refuses the result.
Status screen_result(std::string_view csv, const compliance::Rules* rules);

}  // namespace dx::compute::detail
