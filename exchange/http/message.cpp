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

}  // namespace dx::http
