#pragma once

#include "http/server.hpp"

namespace dx {
struct Services;

// Authenticates the caller and checks the route's access rule (401, 403).
http::Admit make_admit(Services& services);
// Runs the handler; an exception there is logged and answered 500 (never expected from input).
http::Dispatch make_dispatch(Services& services);

}  // namespace dx
