// The web UI (web/ in the repository), served by the exchange itself over the same HTTPS port:
// GET / and the files below the configured `web.root`. The routes sit in the router table like
// every other, marked as left out of the OpenAPI document.
#pragma once

namespace dx {
struct Services;
namespace http {
class Router;
}

namespace webui {

// Every answer carries a strict Content-Security-Policy (no inline scripts or styles), so the
// UI's own code is the only code that runs. A root that does not exist leaves the UI unserved
// (its routes answer 404) and is logged once at start.
void add_web_routes(http::Router& router, Services& services);

}  // namespace webui
}  // namespace dx
