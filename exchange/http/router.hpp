// The route table: every endpoint with its access rule, body kind and documentation. The same
// table drives dispatch and the OpenAPI document, so the two cannot drift apart.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/body_schema.hpp"
#include "http/message.hpp"
#include "http/proxy.hpp"

namespace dx::http {

// anyone: signed in or not; account: any signed-in account; roles: one of Route::roles;
// own_token: no account at all, the handler checks a bearer token of its own (GET /metrics).
enum class Access { anyone, account, roles, own_token };
// proxy: the body is not read by the server for a handler but streamed to the upstream `forward`
// names (http/proxy.hpp).
enum class BodyKind { none, json, stream, proxy };
// Whether a route belongs in the OpenAPI document: the static files of the web UI do not.
enum class Documented { yes, no };

// A query parameter a route reads, for the OpenAPI document.
struct QueryParam {
  std::string name;
  std::string type = "string";  // a JSON Schema type: "string", "integer", "boolean"
  std::string description{};
};

// `limit` and `cursor` of a list (API.md "Lists"), followed by the list's own filters.
std::vector<QueryParam> page_query(std::vector<QueryParam> filters = {});

struct Route {
  Method method = Method::get;
  // "/api/v1/api-keys/{id}"; a last segment "{name...}" matches the rest of the path (one or more
  // segments, joined by '/').
  std::string pattern;
  std::string summary{};
  std::string tag{};
  Access access = Access::anyone;
  std::vector<std::string> roles{};  // for Access::roles: any one of them admits
  BodyKind body = BodyKind::none;
  // JSON Schema of the body: served in openapi.json and, for BodyKind::json, checked before the
  // handler runs (http/body_schema.hpp).
  nlohmann::json request_schema{};
  std::vector<int> statuses{};      // documented answers besides the error ones
  std::string produces = "application/json";
  std::function<void(Request&, Reply)> handler{};
  // For BodyKind::stream: makes the sink the body is written to as it arrives.
  std::function<Result<std::shared_ptr<BodySink>>(const Request&)> make_sink{};
  // For BodyKind::proxy: called once the caller is admitted, before the body is read; names the
  // upstream, or refuses (answered as a problem, nothing is forwarded). Runs on an I/O thread,
  // so it must not block.
  std::function<Result<ProxyTarget>(Request&)> forward{};
  Documented documented = Documented::yes;
  std::vector<QueryParam> query{};  // documented, not enforced: the handler reads and checks them
  std::size_t id = 0;  // position in the table, set by Router::add
  std::shared_ptr<const BodySchema> body_schema{};  // request_schema compiled, set by Router::add
};

struct Match {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  bool path_known = false;  // some route has this path, with another method
};

class Router {
 public:
  void add(Route route);
  Match match(Method method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{name}" marks a parameter
    bool rest;                          // the last segment is "{name...}"
    const Route* route;
  };
  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<Compiled> compiled_;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace dx::http
