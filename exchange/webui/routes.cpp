#include "webui/routes.hpp"

#include <memory>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/log.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "webui/static_files.hpp"

namespace dx::webui {

namespace {

using http::Reply;
using http::Request;

// Blob URLs let the staff console show an uploaded document (fetched with the session) in an
// <img> or <object> without the document ever being served as a page of this origin.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "object-src blob:; frame-src blob:; connect-src 'self'; font-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

void add_security_headers(http::Response& res) {
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
}

void not_found(const Reply& reply) {
  http::send_problem(reply, make_error(Errc::not_found, "No such resource."));
}

// A single extension-less segment is a page of the single-page UI (e.g. /signin), answered with
// index.html; "api" never is, so that mistakes under /api stay problems.
bool is_page_name(const std::vector<std::string>& segments) {
  return segments.size() == 1 && segments[0] != "api" && segments[0].find('.') == std::string::npos;
}

void serve(const StaticFiles& files, const std::vector<std::string>& segments, const Request& req,
           const Reply& reply) {
  auto asset = files.load(segments);
  if (!asset && is_page_name(segments)) asset = files.load({"index.html"});
  if (!asset) return not_found(reply);
  http::Response res;
  res.set_header("ETag", asset->etag);
  // The files have no fingerprinted names, so the browser revalidates each time (a 304 is cheap).
  res.set_header("Cache-Control", "no-cache");
  add_security_headers(res);
  const std::string* seen = req.header("if-none-match");
  if (seen != nullptr && *seen == asset->etag) {
    res.status = 304;
  } else {
    res.set_header("Content-Type", asset->content_type);
    res.body = std::move(asset->body);
  }
  reply(std::move(res));
}

}  // namespace

void add_web_routes(http::Router& router, Services& services) {
  auto files = std::make_shared<const StaticFiles>(services.config.web.root);
  if (!files->available())
    services.log.write(
        {{"level", "warning"},
         {"event", "web_ui_missing"},
         {"message", "The web UI is not served: web.root " + services.config.web.root.string() +
                         " is not a directory."}});
  // Each pattern maps its parameters to the segments of the file below the root.
  const std::vector<std::pair<std::string, std::vector<std::string>>> kPatterns = {
      {"/", {}},
      {"/{file}", {"{file}"}},
      {"/css/{file}", {"css", "{file}"}},
      {"/js/{file}", {"js", "{file}"}},
      {"/js/{dir}/{file}", {"js", "{dir}", "{file}"}},
  };
  for (const auto& [pattern, parts] : kPatterns) {
    router.add({.method = http::Method::get,
                .pattern = pattern,
                .summary = "The web UI",
                .tag = "web",
                .statuses = {200, 304},
                .produces = "text/html",
                .handler =
                    [files, parts](Request& req, Reply reply) {
                      std::vector<std::string> segments;
                      for (const auto& p : parts)
                        segments.push_back(p.front() == '{' ? req.param(p.substr(1, p.size() - 2))
                                                            : p);
                      if (segments.empty()) segments.push_back("index.html");
                      serve(*files, segments, req, reply);
                    },
                .documented = http::Documented::no});
  }
}

}  // namespace dx::webui
