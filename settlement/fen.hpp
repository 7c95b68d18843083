// Money in fen (0.01 yuan) as a signed 64-bit count of minor units. No floating point anywhere:
// every amount the exchange clears (O8, SH-67) is exact. Arithmetic that could overflow is offered
// only in checked form, so an overflow is a value the caller must handle, never wrapped silently.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>

namespace dx::settlement {

class Fen {
 public:
  constexpr Fen() = default;
  constexpr explicit Fen(std::int64_t value) : value_(value) {}

  constexpr std::int64_t value() const { return value_; }

  friend constexpr auto operator<=>(Fen, Fen) = default;

 private:
  std::int64_t value_ = 0;
};

inline constexpr Fen kMaxFen{std::numeric_limits<std::int64_t>::max()};
inline constexpr Fen kMinFen{std::numeric_limits<std::int64_t>::min()};

// a + b, or nullopt when the sum does not fit in 64 bits.
constexpr std::optional<Fen> checked_add(Fen a, Fen b) {
  const std::int64_t x = a.value();
  const std::int64_t y = b.value();
  const bool overflows = y > 0 ? x > kMaxFen.value() - y : x < kMinFen.value() - y;
  if (overflows) return std::nullopt;
  return Fen{x + y};
}

// a - b, or nullopt when the difference does not fit in 64 bits.
constexpr std::optional<Fen> checked_sub(Fen a, Fen b) {
  const std::int64_t x = a.value();
  const std::int64_t y = b.value();
  const bool overflows = y < 0 ? x > kMaxFen.value() + y : x < kMinFen.value() + y;
  if (overflows) return std::nullopt;
  return Fen{x - y};
}

// -a, or nullopt for the one amount whose negation does not fit.
constexpr std::optional<Fen> checked_negate(Fen a) {
  if (a == kMinFen) return std::nullopt;
  return Fen{-a.value()};
}

// a × n (a price times a quantity), or nullopt when the product does not fit in 64 bits.
constexpr std::optional<Fen> checked_mul(Fen a, std::int64_t n) {
  const std::int64_t x = a.value();
  if (x == 0 || n == 0) return Fen{0};
  constexpr std::int64_t kMax = kMaxFen.value();
  constexpr std::int64_t kMin = kMinFen.value();
  const bool overflows =
      x > 0 ? (n > 0 ? x > kMax / n : n < kMin / x) : (n > 0 ? x < kMin / n : n < kMax / x);
  if (overflows) return std::nullopt;
  return Fen{x * n};
}

namespace literals {
constexpr Fen operator""_fen(unsigned long long value) {
  return Fen{static_cast<std::int64_t>(value)};
}
}  // namespace literals

}  // namespace dx::settlement
