#include "http/openapi.hpp"

#include <cctype>

#include "http/router.hpp"

namespace dx::http {

namespace {

using nlohmann::json;

std::string lower_method(Method m) {
  std::string s = method_name(m);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const char* describe(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Malformed request or JSON";
    case 401: return "No or bad credentials";
    case 403: return "Not allowed: role, identity not verified, or a legal rule";
    case 404: return "Missing, or not yours";
    case 409: return "State conflict";
    case 413: return "Too large";
    case 415: return "Wrong media type";
    case 422: return "Invalid fields";
    case 429: return "Too many requests";
    default: return "Answer";
  }
}

json problem_ref() {
  return {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}};
}

json responses(const Route& r) {
  json out = json::object();
  for (int s : r.statuses) {
    json resp = {{"description", describe(s)}};
    if (s != 204) resp["content"] = {{r.produces, {{"schema", json::object()}}}};
    out[std::to_string(s)] = resp;
  }
  std::vector<int> errors = {400, 404, 413, 429};
  if (r.access != Access::anyone) errors.push_back(401);
  if (r.access == Access::roles || r.body != BodyKind::none) errors.push_back(403);
  if (r.body != BodyKind::none) {
    errors.push_back(415);
    errors.push_back(422);
  }
  if (r.method != Method::get) errors.push_back(409);
  for (int s : errors) out[std::to_string(s)] = {{"description", describe(s)}, {"content", problem_ref()}};
  return out;
}

json operation(const Route& r) {
  json op = {{"summary", r.summary}, {"tags", {r.tag}}, {"responses", responses(r)}};
  op["operationId"] = lower_method(r.method) + r.pattern;
  json params = json::array();
  for (const auto& seg : split_path(r.pattern))
    if (seg.size() > 2 && seg.front() == '{')
      params.push_back({{"name", seg.substr(1, seg.size() - 2)}, {"in", "path"}, {"required", true},
                        {"schema", {{"type", "string"}}}});
  for (const auto& q : r.query) {
    json p = {{"name", q.name}, {"in", "query"}, {"required", false}, {"schema", {{"type", q.type}}}};
    if (!q.description.empty()) p["description"] = q.description;
    params.push_back(std::move(p));
  }
  if (!params.empty()) op["parameters"] = params;
  if (r.access == Access::anyone) op["security"] = json::array();
  if (r.access == Access::roles) op["x-roles"] = r.roles;
  if (r.access == Access::own_token)
    op["description"] = "Authorization: Bearer with the token set as metrics.token in the configuration "
                        "(not an account's token). Without one, served only on metrics.listen.";
  if (r.body == BodyKind::json)
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", r.request_schema.is_null() ? json::object() : r.request_schema}}}}}};
  if (r.body == BodyKind::stream)
    op["requestBody"] = {{"required", true}, {"content", {{"*/*", {{"schema", r.request_schema}}}}}};
  return op;
}

}  // namespace

json openapi_document(const Router& router, const std::string& version) {
  json paths = json::object();
  for (const auto& r : router.routes()) {
    if (r->documented == Documented::no) continue;
    paths[r->pattern][lower_method(r->method)] = operation(*r);
  }
  const json str = {{"type", "string"}};
  const json field_error = {{"type", "object"}, {"properties", {{"field", str}, {"message", str}}}};
  json props = {{"type", str}, {"title", str}, {"status", {{"type", "integer"}}}, {"detail", str}, {"code", str}};
  props["rule"] = {{"type", "string"}, {"description", "LEGAL.md rule id, for legal refusals"}};
  props["basis"] = {{"type", "string"}, {"description", "legal citation, for legal refusals"}};
  props["errors"] = {{"type", "array"}, {"items", field_error}};
  const json problem = {{"type", "object"},
                        {"required", {"type", "title", "status", "detail", "code"}},
                        {"properties", props}};
  return {{"openapi", "3.0.3"},
          {"info", {{"title", "Data exchange API"}, {"version", version}}},
          {"servers", {{{"url", "/"}}}},
          {"security", {{{"bearer", json::array()}}}},
          {"components",
           {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"schemas", {{"Problem", problem}}}}},
          {"paths", paths}};
}

}  // namespace dx::http
