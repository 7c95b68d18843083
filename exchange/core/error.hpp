// Expected failures of the exchange, carried as values (Result<T>) up to the HTTP edge, where
// http::http_status() (http/message.hpp) maps each code to exactly one status. Adding a code makes
// the switches there and in code_name() incomplete until the new code is mapped, which -Wswitch
// reports.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

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
  licence_inactive,
  licence_suspended,
  // 404
  not_found,
  route_not_licensed,
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
  query_not_permitted,
  group_too_small,
  query_too_expensive,
  result_not_releasable,
  // 429
  too_many_requests,
  upload_quota_exceeded,
  quota_exhausted,
  rate_limited,
  job_quota_exhausted,
  privacy_budget_exhausted,
  // 500, 503: never for bad input
  internal,
  unavailable,
  // 502, 504: the gateway's upstream failed or did not answer in time
  upstream_failed,
  upstream_timeout,
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

// The stable machine code of the problem document ("insufficient_funds").
const char* code_name(Errc code);
// The code of that name, as another part of the exchange answered it (a gateway node relays the
// exchange's refusals); nullopt for a name the exchange never answers.
std::optional<Errc> errc_named(std::string_view name);

using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

}  // namespace dx
