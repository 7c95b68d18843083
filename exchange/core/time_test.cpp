#include "core/time.hpp"

#include <gtest/gtest.h>

namespace dx {
namespace {

TEST(Time, FormatsMillisecondsInUtc) {
  const TimePoint t{std::chrono::milliseconds(1'700'000'000'123)};
  EXPECT_EQ(to_rfc3339(t), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(parse_rfc3339(to_rfc3339(t)), t);
}

TEST(Time, ParsesOffsetsAndRefusesImpossibleDates) {
  EXPECT_EQ(parse_rfc3339("2026-01-01T08:00:00+08:00"), parse_rfc3339("2026-01-01T00:00:00Z"));
  EXPECT_TRUE(parse_rfc3339("2026-01-01T00:00:00.5z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-02-30T00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-01-01 00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-01-01T00:00:00").has_value());
  EXPECT_FALSE(parse_rfc3339("2999-01-01T00:00:00Z").has_value());  // would wrap around
}

TEST(Time, RefusesSignsAndSpacesWhereDigitsBelong) {
  EXPECT_FALSE(parse_rfc3339("2026-01-31T-1:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-+1-31T00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("1900-01-01T-1:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-01-01T00:00:00+-1:00").has_value());
  EXPECT_FALSE(parse_rfc3339("2026- 1-01T00:00:00Z").has_value());
  EXPECT_TRUE(has_shape("2027-01-01", "DDDD-DD-DD"));
  EXPECT_FALSE(has_shape("2027- 1-+1", "DDDD-DD-DD"));
  EXPECT_FALSE(has_shape("2027-01-1", "DDDD-DD-DD"));
}

}  // namespace
}  // namespace dx
