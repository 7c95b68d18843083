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

// "{name...}": the rest of the path.
bool is_rest(const std::string& s) { return is_param(s) && s.size() > 5 && s.ends_with("...}"); }

std::string param_name(const std::string& s) {
  return s.substr(1, s.size() - (is_rest(s) ? 5 : 2));
}

std::string joined(const std::vector<std::string>& parts, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < parts.size(); ++i) {
    if (i > from) out += '/';
    out += parts[i];
  }
  return out;
}

// How specific a route is: literal segments beat a parameter, a parameter beats the rest of the
// path. Lower is more specific.
std::size_t rank(const std::map<std::string, std::string>& params, bool rest) {
  return params.size() + (rest ? 1000 : 0);
}
}  // namespace

std::vector<QueryParam> page_query(std::vector<QueryParam> filters) {
  std::vector<QueryParam> out = {{"limit", "integer", "items per page, 1 to 500 (default 50)"},
                                 {"cursor", "string", "next_cursor of the page before"}};
  out.insert(out.end(), std::make_move_iterator(filters.begin()),
             std::make_move_iterator(filters.end()));
  return out;
}

void Router::add(Route route) {
  if (route.body == BodyKind::proxy ? !route.forward : !route.handler)
    throw std::logic_error("route without handler: " + route.pattern);
  route.id = routes_.size();
  if (route.body == BodyKind::json && route.request_schema.is_object())
    route.body_schema = std::make_shared<const BodySchema>(route.request_schema);
  routes_.push_back(std::make_unique<Route>(std::move(route)));
  auto segments = split_path(routes_.back()->pattern);
  const bool rest = !segments.empty() && is_rest(segments.back());
  compiled_.push_back({std::move(segments), rest, routes_.back().get()});
}

Match Router::match(Method method, std::string_view path) const {
  const auto parts = split_path(path);
  if (!path.empty() && path.back() == '/' && path.size() > 1) return {};
  Match result;
  std::size_t best = 0;
  for (const auto& c : compiled_) {
    const bool fits =
        c.rest ? parts.size() >= c.segments.size() : parts.size() == c.segments.size();
    if (!fits) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (std::size_t i = 0; i < c.segments.size() && ok; ++i) {
      if (c.rest && i + 1 == c.segments.size()) {
        params[param_name(c.segments[i])] = joined(parts, i);
      } else if (is_param(c.segments[i])) {
        params[param_name(c.segments[i])] = parts[i];
      } else {
        ok = c.segments[i] == parts[i];
      }
    }
    if (!ok) continue;
    const bool method_ok =
        c.route->method == method || (method == Method::head && c.route->method == Method::get);
    if (!method_ok) {
      result.path_known = true;
      continue;
    }
    const auto r = rank(params, c.rest);
    if (result.route == nullptr || r < best) {
      result.route = c.route;
      result.params = std::move(params);
      best = r;
    }
  }
  return result;
}

}  // namespace dx::http
