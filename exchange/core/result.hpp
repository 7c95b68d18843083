// The one expected type of the project: either a value or the reason there is none. Refusals are
// expected outcomes, so they travel as values, never as exceptions (STYLE.md, "Three kinds of
// error"). The exchange's services use Result<T> (E = dx::Error, core/error.hpp); the pure cores
// name their own reasons as enums: Result<Payout, LedgerError>, Result<CreditCode, CreditCodeError>.
// Standard library only, so that every target may use it.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

namespace dx {

struct Error;
// The value of an operation that yields nothing but may be refused.
struct Unit {};

template <typename T, typename E = Error>
class [[nodiscard]] Result {
 public:
  // Implicit, so that a function can `return value;` or `return reason;`.
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)
  // `return {};` succeeds an operation that yields nothing.
  Result() requires std::is_same_v<T, Unit> : v_(std::in_place_index<0>) {}

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // Precondition: ok(). Reading the value of a refusal is a programmer error and throws
  // std::bad_variant_access.
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !ok().
  const E& error() const& { return std::get<1>(v_); }
  E& error() & { return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

}  // namespace dx
