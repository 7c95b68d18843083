// The outcome of an operation that may be refused: the value, or the one reason it was refused.
// Refusals (insufficient funds, an event the trade's state does not allow) are expected outcomes,
// so they travel as values, never as exceptions (STYLE.md, "Three kinds of error").
#pragma once

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace dx::settlement {

template <typename T, typename E>
requires std::is_enum_v<E>
class [[nodiscard]] Expected {
 public:
  // Implicit, so that a function can `return value;` or `return Error::x;`.
  // NOLINTNEXTLINE(google-explicit-constructor)
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  // NOLINTNEXTLINE(google-explicit-constructor)
  Expected(E error) : v_(std::in_place_index<1>, error) {}

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // Precondition: ok(). Reading the value of a refusal is a programmer error and throws
  // std::bad_variant_access.
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !ok().
  E error() const { return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

// An operation that yields nothing but may be refused.
template <typename E>
class [[nodiscard]] Expected<void, E> {
 public:
  Expected() = default;
  // NOLINTNEXTLINE(google-explicit-constructor)
  Expected(E error) : error_(error) {}

  bool ok() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }

  // Precondition: !ok().
  E error() const { return error_.value(); }

 private:
  std::optional<E> error_;
};

}  // namespace dx::settlement
