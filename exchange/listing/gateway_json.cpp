#include "listing/gateway_json.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string_view>

#include "listing/compute_json.hpp"

namespace dx::listing {

namespace {

using compliance::Gateway;
using compliance::GatewayRoute;
using http::Fields;
using http::Need;
using nlohmann::json;

constexpr std::size_t kMaxRoutes = 50;
constexpr std::size_t kMaxColumns = 500;
constexpr std::int64_t kMaxCallQuota = 1'000'000'000;
constexpr std::int64_t kMaxRatePerS = 100'000;
constexpr std::int64_t kMaxJobQuota = 1'000'000'000;
// Clamping bounds beyond this lose integer precision as doubles.
constexpr double kMaxBound = 1e15;

// RFC 9110 5.6.2 token characters.
bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Fields the exchange sets itself or that change how the message is framed or routed: a seller's
// credentials must not be able to replace them.
bool reserved_header(const std::string& name) {
  static constexpr std::array<std::string_view, 13> kReserved = {"connection",
                                                                 "keep-alive",
                                                                 "proxy-authenticate",
                                                                 "proxy-authorization",
                                                                 "proxy-connection",
                                                                 "te",
                                                                 "trailer",
                                                                 "transfer-encoding",
                                                                 "upgrade",
                                                                 "host",
                                                                 "content-length",
                                                                 "cookie",
                                                                 "forwarded"};
  const std::string l = lower(name);
  return l.starts_with("x-forwarded-") ||
         std::find(kReserved.begin(), kReserved.end(), l) != kReserved.end();
}

void check_auth_header(Fields& f, const std::optional<std::string>& name) {
  if (!name) return;
  if (name->empty() || name->size() > 64 || !std::all_of(name->begin(), name->end(), token_char))
    f.add_error("auth_header",
                "must be an HTTP field name of 1 to 64 letters, digits or !#$%&'*+-.^_`|~");
  else if (reserved_header(*name))
    f.add_error("auth_header",
                "must not name a hop-by-hop field, Host, Content-Length, Cookie, Forwarded or "
                "X-Forwarded-*");
}

void check_credentials(Fields& f, const std::optional<std::string>& value) {
  if (!value) return;
  const bool printable =
      std::all_of(value->begin(), value->end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
  if (value->empty() || value->size() > 4096 || !printable)
    f.add_error("credentials", "must be 1 to 4096 printable ASCII characters, without line breaks");
}

// A path below the upstream URL as the gateway matches it: nothing that could be read two ways.
std::optional<std::string> path_problem(const std::string& path) {
  if (path.empty() || path.front() != '/') return "must start with /";
  if (path.size() > 512) return "must be at most 512 characters";
  for (char c : path)
    if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' || c == '%' || c == '\\')
      return "must be printable ASCII without spaces, '?', '#', '%' or '\\'";
  for (std::size_t start = 1; start <= path.size();) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const auto segment = std::string_view(path).substr(start, end - start);
    if (segment == "." || segment == "..") return "must not have . or .. segments";
    start = end + 1;
  }
  return std::nullopt;
}

// `parent` reads the gateway object: its names start with "gateway.".
std::optional<GatewayRoute> parse_route(const json& obj, std::size_t i, Fields& parent) {
  const std::string name = "routes[" + std::to_string(i) + "]";
  if (!obj.is_object()) {
    parent.add_error(name, "must be an object");
    return std::nullopt;
  }
  Fields f(obj, "gateway." + name);
  GatewayRoute r;
  r.method = f.one_of("method", Need::required,
                      {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "ANY"})
                 .value_or("");
  r.path_prefix = f.string("path_prefix", Need::required, 1, 512).value_or("");
  if (f.ok())
    if (auto problem = path_problem(r.path_prefix)) f.add_error("path_prefix", *problem);
  parent.merge(f);
  return r;
}

void parse_routes(Fields& f, const json& obj, Gateway& g) {
  auto it = obj.find("routes");
  if (it == obj.end() || it->is_null()) return f.add_error("routes", "is required");
  if (!it->is_array() || it->empty() || it->size() > kMaxRoutes)
    return f.add_error("routes",
                       "must be a list of 1 to " + std::to_string(kMaxRoutes) + " routes");
  for (std::size_t i = 0; i < it->size(); ++i)
    if (auto r = parse_route((*it)[i], i, f)) g.routes.push_back(std::move(*r));
}

Gateway parse_gateway(const json& obj, Fields& parent) {
  Fields f(obj, "gateway");
  Gateway g;
  g.upstream_url = f.string("upstream_url", Need::required, 1, 2048).value_or("");
  const auto header = f.string("auth_header", Need::required, 1, 64);
  check_auth_header(f, header);
  g.auth_header = header.value_or("");
  const auto credentials = f.string("credentials", Need::required, 1, 4096);
  check_credentials(f, credentials);
  g.credentials = credentials.value_or("");
  parse_routes(f, obj, g);
  g.timeout_s = f.integer("timeout_s", Need::optional, 1, 120).value_or(30);
  parent.merge(f);
  return g;
}

// `min` and `max`: the clamping bounds of a numeric column (compute products' noisy sums).
void parse_bounds(Fields& f, const json& obj, compliance::Column& c) {
  c.min = number_field(f, obj, "min", {-kMaxBound, kMaxBound, false});
  c.max = number_field(f, obj, "max", {-kMaxBound, kMaxBound, false});
  const bool numeric =
      c.type == compliance::ColumnType::integer || c.type == compliance::ColumnType::real;
  const char* only_numeric = "is only for columns of type integer or real";
  if (!numeric && c.min) f.add_error("min", only_numeric);
  if (!numeric && c.max) f.add_error("max", only_numeric);
  if (c.min && c.max && *c.min > *c.max) f.add_error("min", "must not be above max");
}

std::optional<compliance::Column> parse_column(const json& obj, const std::string& name,
                                               Fields& parent) {
  if (!obj.is_object()) {
    parent.add_error(name, "must be an object");
    return std::nullopt;
  }
  Fields f(obj, name);
  compliance::Column c;
  c.name = f.string("name", Need::required, 1, 200).value_or("");
  auto type = f.one_of("type", Need::required, {"text", "integer", "real", "date"});
  c.type = type ? *compliance::parse_column_type(*type) : compliance::ColumnType::text;
  c.description = f.string("description", Need::optional, 0, 2000).value_or("");
  auto role = f.one_of("role", Need::required,
                       {"identifier", "quasi_identifier", "sensitive", "attribute"});
  c.role = role ? *compliance::parse_column_role(*role) : compliance::ColumnRole::attribute;
  parse_bounds(f, obj, c);
  parent.merge(f);
  return c;
}

void parse_data_dictionary(Fields& f, const json& body, compliance::Product& p) {
  auto it = body.find("data_dictionary");
  if (it == body.end() || it->is_null()) return;
  if (!it->is_array() || it->size() > kMaxColumns)
    return f.add_error("data_dictionary",
                       "must be a list of at most " + std::to_string(kMaxColumns) + " columns");
  std::set<std::string> names;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string name = "data_dictionary[" + std::to_string(i) + "]";
    auto c = parse_column((*it)[i], name, f);
    if (!c) continue;
    if (!c->name.empty() && !names.insert(c->name).second)
      f.add_error(name + ".name", "repeats the name of an earlier column");
    p.data_dictionary.push_back(std::move(*c));
  }
}

json routes_json(const std::vector<GatewayRoute>& routes) {
  json out = json::array();
  for (const auto& r : routes)
    out.push_back({{"method", r.method}, {"path_prefix", r.path_prefix}});
  return out;
}

}  // namespace

void parse_data_plane(Fields& f, const json& body, compliance::Product& p) {
  const bool gateway_mode = p.delivery_mode == compliance::DeliveryMode::gateway;
  auto it = body.find("gateway");
  const bool given = it != body.end() && !it->is_null();
  if (gateway_mode && !given)
    f.add_error("gateway", "is required for a product whose delivery_mode is gateway");
  if (!gateway_mode && given)
    f.add_error("gateway", "is only for products whose delivery_mode is gateway");
  if (gateway_mode && given) {
    if (!it->is_object())
      f.add_error("gateway", "must be an object");
    else
      p.gateway = parse_gateway(*it, f);
  }
  parse_data_dictionary(f, body, p);
}

void parse_offer_limits(Fields& f, compliance::Offer& o, compliance::DeliveryMode mode) {
  o.call_quota = f.integer("call_quota", Need::optional, 1, kMaxCallQuota);
  o.rate_limit_per_s = f.integer("rate_limit_per_s", Need::optional, 1, kMaxRatePerS);
  o.job_quota = f.integer("job_quota", Need::optional, 1, kMaxJobQuota);
  if (o.job_quota && mode != compliance::DeliveryMode::compute)
    f.add_error("job_quota", "is only for offers of compute products");
  if (mode == compliance::DeliveryMode::gateway) return;
  if (o.call_quota) f.add_error("call_quota", "is only for offers of gateway products");
  if (o.rate_limit_per_s) f.add_error("rate_limit_per_s", "is only for offers of gateway products");
}

json gateway_json(const std::optional<Gateway>& g, GatewayView view) {
  if (!g) return nullptr;
  json out = {{"routes", routes_json(g->routes)}, {"timeout_s", g->timeout_s}};
  if (view == GatewayView::everyone) return out;
  out["upstream_url"] = g->upstream_url;
  out["auth_header"] = g->auth_header;
  if (view == GatewayView::stored)
    out["credentials"] = g->credentials;
  else
    out["credentials_set"] = !g->credentials.empty();
  return out;
}

json data_dictionary_json(const std::vector<compliance::Column>& columns) {
  json out = json::array();
  for (const auto& c : columns)
    out.push_back({{"name", c.name},
                   {"type", compliance::to_string(c.type)},
                   {"description", c.description},
                   {"role", compliance::to_string(c.role)},
                   {"min", c.min ? json(*c.min) : json(nullptr)},
                   {"max", c.max ? json(*c.max) : json(nullptr)}});
  return out;
}

}  // namespace dx::listing
