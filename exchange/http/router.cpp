#include "http/router.hpp"

#include <stdexcept>

namespace dx::http {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const auto j = path.find('/', i);
    const auto end = j == std::string_view::npos ? path.size() : j;
    out.emplace_back(path.substr(i, end - i));
    i = end;
  }
  return out;
}

namespace {
bool is_param(const std::string& s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }
}  // namespace

std::vector<QueryParam> page_query(std::vector<QueryParam> filters) {
  std::vector<QueryParam> out = {{"limit", "integer", "items per page, 1 to 500 (default 50)"},
                                 {"cursor", "string", "next_cursor of the page before"}};
  out.insert(out.end(), std::make_move_iterator(filters.begin()), std::make_move_iterator(filters.end()));
  return out;
}

void Router::add(Route route) {
  if (!route.handler) throw std::logic_error("route without handler: " + route.pattern);
  route.id = routes_.size();
  if (route.body == BodyKind::json && route.request_schema.is_object())
    route.body_schema = std::make_shared<const BodySchema>(route.request_schema);
  routes_.push_back(std::make_unique<Route>(std::move(route)));
  compiled_.push_back({split_path(routes_.back()->pattern), routes_.back().get()});
}

Match Router::match(Method method, std::string_view path) const {
  const auto parts = split_path(path);
  if (!path.empty() && path.back() == '/' && path.size() > 1) return {};
  Match result;
  for (const auto& c : compiled_) {
    if (c.segments.size() != parts.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      if (is_param(c.segments[i])) {
        params[c.segments[i].substr(1, c.segments[i].size() - 2)] = parts[i];
      } else {
        ok = c.segments[i] == parts[i];
      }
    }
    if (!ok) continue;
    const bool method_ok = c.route->method == method ||
                           (method == Method::head && c.route->method == Method::get);
    if (!method_ok) {
      result.path_known = true;
      continue;
    }
    // A literal segment beats a parameter: prefer the route with fewer parameters.
    if (result.route == nullptr || params.size() < result.params.size()) {
      result.route = c.route;
      result.params = std::move(params);
    }
  }
  return result;
}

}  // namespace dx::http
