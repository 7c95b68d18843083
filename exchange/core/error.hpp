// Expected failures of the exchange, carried as values (Result<T>) up to the HTTP edge, where
// http_status() maps each code to exactly one status. Adding a code makes the switch there
// incomplete until the new code is mapped, which -Wswitch reports.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace dx {

enum class Errc {
  // 400
  malformed_request,
  malformed_json,
  // 401
  unauthenticated,
  invalid_credentials,
  // 403
  forbidden,
  kyc_required,
  account_suspended,
  not_seller,
  cross_border_prohibited,
  csrf_failed,
  // 404
  not_found,
  // 405
  method_not_allowed,
  // 409
  conflict,
  email_taken,
  identity_in_use,
  idempotency_conflict,
  insufficient_funds,
  product_not_tradable,
  invalid_state,
  // 413
  payload_too_large,
  storage_quota_exceeded,
  // 415
  unsupported_media_type,
  // 422
  validation_failed,
  purpose_not_permitted,
  // 429
  too_many_requests,
  upload_quota_exceeded,
  // 500, 503: never for bad input
  internal,
  unavailable,
  // 505
  http_version_not_supported,
};

struct FieldError {
  std::string field;
  std::string message;
};

// An RFC 9457 problem before it is rendered: `code` is the stable machine code, `rule`/`basis`
// cite LEGAL.md for legal refusals.
struct Error {
  Errc code = Errc::internal;
  std::string detail;
  std::vector<FieldError> errors;
  std::string rule;
  std::string basis;
  int retry_after_s = 0;  // sent as Retry-After when set (429, 503)
};

inline Error make_error(Errc code, std::string detail) { return Error{code, std::move(detail), {}, {}, {}, 0}; }

inline Error field_error(std::string field, std::string message) {
  Error e{Errc::validation_failed, "The request has invalid fields.", {}, {}, {}, 0};
  e.errors.push_back({std::move(field), std::move(message)});
  return e;
}

inline Error legal_error(Errc code, std::string detail, std::string rule, std::string basis) {
  return Error{code, std::move(detail), {}, std::move(rule), std::move(basis), 0};
}

int http_status(Errc code);
const char* code_name(Errc code);
const char* title(Errc code);

// A small expected<T, Error>: either a value or the reason there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}       // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}   // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error& error() { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

}  // namespace dx
