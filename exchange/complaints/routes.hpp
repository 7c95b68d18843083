// API.md "Complaints": complaints by any account, the complaints officers' queue and actions, the
// seller's answers, and every account's notifications (O7, CD-25; O13, CQO-41).
#pragma once

namespace dx {
struct Services;
namespace compliance {
struct Rules;
}
namespace http {
class Router;
}
namespace complaints {

void add_complaint_routes(http::Router& router, Services& services, const compliance::Rules& rules);

}  // namespace complaints
}  // namespace dx
