#include "core/error.hpp"

namespace dx {

const char* code_name(Errc code) {
  switch (code) {
    case Errc::malformed_request: return "malformed_request";
    case Errc::malformed_json: return "malformed_json";
    case Errc::unauthenticated: return "unauthenticated";
    case Errc::invalid_credentials: return "invalid_credentials";
    case Errc::forbidden: return "forbidden";
    case Errc::kyc_required: return "kyc_required";
    case Errc::account_suspended: return "account_suspended";
    case Errc::not_seller: return "not_seller";
    case Errc::cross_border_prohibited: return "cross_border_prohibited";
    case Errc::csrf_failed: return "csrf_failed";
    case Errc::licence_inactive: return "licence_inactive";
    case Errc::licence_suspended: return "licence_suspended";
    case Errc::route_not_licensed: return "route_not_licensed";
    case Errc::not_found: return "not_found";
    case Errc::method_not_allowed: return "method_not_allowed";
    case Errc::conflict: return "conflict";
    case Errc::email_taken: return "email_taken";
    case Errc::identity_in_use: return "identity_in_use";
    case Errc::idempotency_conflict: return "idempotency_conflict";
    case Errc::insufficient_funds: return "insufficient_funds";
    case Errc::product_not_tradable: return "product_not_tradable";
    case Errc::invalid_state: return "invalid_state";
    case Errc::payload_too_large: return "payload_too_large";
    case Errc::storage_quota_exceeded: return "storage_quota_exceeded";
    case Errc::unsupported_media_type: return "unsupported_media_type";
    case Errc::validation_failed: return "validation_failed";
    case Errc::purpose_not_permitted: return "purpose_not_permitted";
    case Errc::query_not_permitted: return "query_not_permitted";
    case Errc::group_too_small: return "group_too_small";
    case Errc::query_too_expensive: return "query_too_expensive";
    case Errc::result_not_releasable: return "result_not_releasable";
    case Errc::too_many_requests: return "too_many_requests";
    case Errc::upload_quota_exceeded: return "upload_quota_exceeded";
    case Errc::quota_exhausted: return "quota_exhausted";
    case Errc::rate_limited: return "rate_limited";
    case Errc::job_quota_exhausted: return "job_quota_exhausted";
    case Errc::privacy_budget_exhausted: return "privacy_budget_exhausted";
    case Errc::upstream_failed: return "upstream_failed";
    case Errc::upstream_timeout: return "upstream_timeout";
    case Errc::internal: return "internal";
    case Errc::unavailable: return "unavailable";
    case Errc::http_version_not_supported: return "http_version_not_supported";
  }
  return "internal";
}

std::optional<Errc> errc_named(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Errc::http_version_not_supported); ++i)
    if (name == code_name(static_cast<Errc>(i))) return static_cast<Errc>(i);
  return std::nullopt;
}

}  // namespace dx
