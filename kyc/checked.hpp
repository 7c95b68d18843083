// The outcome of a validation: either the validated value or the one reason it was refused.
// A refusal is an expected outcome of user input, so it is a value, never an exception (STYLE.md,
// "Three kinds of error").
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

namespace dx::kyc {

template <typename T, typename Reason>
requires std::is_enum_v<Reason>
class [[nodiscard]] Checked {
 public:
  // Implicit, so that a validator can `return value;` or `return Reason::x;`.
  // NOLINTNEXTLINE(google-explicit-constructor)
  Checked(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  // NOLINTNEXTLINE(google-explicit-constructor)
  Checked(Reason reason) : v_(std::in_place_index<1>, reason) {}

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // Precondition: ok(). Reading the value of a refusal is a programmer error and throws
  // std::bad_variant_access.
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // Precondition: !ok().
  Reason reason() const { return std::get<1>(v_); }

 private:
  std::variant<T, Reason> v_;
};

}  // namespace dx::kyc
