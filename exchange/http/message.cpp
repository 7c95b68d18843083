#include "http/message.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace dx::http {

const char* method_name(Method m) {
  switch (m) {
    case Method::get: return "GET";
    case Method::head: return "HEAD";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::del: return "DELETE";
    case Method::options: return "OPTIONS";
    case Method::other: return "OTHER";
  }
  return "OTHER";
}

bool Principal::has_role(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

const std::string* Request::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? nullptr : &it->second;
}

const std::string* Request::query_param(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? nullptr : &it->second;
}

const std::string& Request::param(const std::string& name) const {
  static const std::string kEmpty;
  auto it = params.find(name);
  return it == params.end() ? kEmpty : it->second;
}

void Response::set_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

Response json_response(int status, const std::string& json_text) {
  Response r;
  r.status = status;
  r.body = json_text;
  r.set_header("Content-Type", "application/json");
  return r;
}

Response empty_response(int status) {
  Response r;
  r.status = status;
  return r;
}

int http_status(Errc code) {
  switch (code) {
    case Errc::malformed_request:
    case Errc::malformed_json:
      return 400;
    case Errc::unauthenticated:
    case Errc::invalid_credentials:
      return 401;
    case Errc::forbidden:
    case Errc::kyc_required:
    case Errc::account_suspended:
    case Errc::not_seller:
    case Errc::cross_border_prohibited:
    case Errc::csrf_failed:
    case Errc::licence_inactive:
    case Errc::licence_suspended:
      return 403;
    case Errc::not_found:
    case Errc::route_not_licensed:
      return 404;
    case Errc::method_not_allowed:
      return 405;
    case Errc::conflict:
    case Errc::email_taken:
    case Errc::identity_in_use:
    case Errc::idempotency_conflict:
    case Errc::insufficient_funds:
    case Errc::product_not_tradable:
    case Errc::invalid_state:
      return 409;
    case Errc::payload_too_large:
    case Errc::storage_quota_exceeded:
      return 413;
    case Errc::unsupported_media_type:
      return 415;
    case Errc::validation_failed:
    case Errc::purpose_not_permitted:
    case Errc::query_not_permitted:
    case Errc::group_too_small:
    case Errc::query_too_expensive:
    case Errc::result_not_releasable:
      return 422;
    case Errc::too_many_requests:
    case Errc::upload_quota_exceeded:
    case Errc::quota_exhausted:
    case Errc::rate_limited:
    case Errc::job_quota_exhausted:
    case Errc::privacy_budget_exhausted:
      return 429;
    case Errc::internal:
      return 500;
    case Errc::upstream_failed:
      return 502;
    case Errc::unavailable:
      return 503;
    case Errc::upstream_timeout:
      return 504;
    case Errc::http_version_not_supported:
      return 505;
  }
  return 500;
}

const char* title(Errc code) {
  switch (http_status(code)) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Internal Server Error";
  }
}

Response problem_response(const Error& e) {
  const int status = http_status(e.code);
  nlohmann::json j = {
      {"type", std::string("https://data-exchange.example/problems/") + code_name(e.code)},
      {"title", title(e.code)},
      {"status", status},
      {"detail", e.detail},
      {"code", code_name(e.code)},
  };
  if (!e.rule.empty()) j["rule"] = e.rule;
  if (!e.basis.empty()) j["basis"] = e.basis;
  if (!e.errors.empty()) {
    auto& arr = j["errors"] = nlohmann::json::array();
    for (const auto& f : e.errors) arr.push_back({{"field", f.field}, {"message", f.message}});
  }
  Response r;
  r.status = status;
  // An answer must never fail: a detail quoting bytes the client sent is written with U+FFFD for
  // whatever is not UTF-8 rather than throwing.
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.set_header("Content-Type", "application/problem+json");
  if (status == 401) r.set_header("WWW-Authenticate", "Bearer realm=\"exchange\"");
  if (e.retry_after_s > 0) r.set_header("Retry-After", std::to_string(e.retry_after_s));
  return r;
}

void set_problem_instance(Response& r, std::string_view request_id) {
  const bool problem = std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) {
    return h.first == "Content-Type" && h.second == "application/problem+json";
  });
  // Request ids are made by the server of letters, digits and '-', so they need no escaping; the
  // body is a JSON object problem_response wrote, so its last byte closes it.
  if (!problem || r.body.empty() || r.body.back() != '}') return;
  r.body.pop_back();
  r.body.append(",\"instance\":\"").append(request_id).append("\"}");
}

}  // namespace dx::http
