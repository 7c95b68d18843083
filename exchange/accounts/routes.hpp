#pragma once

#include <functional>
#include <string>

#include "core/error.hpp"

namespace dx {
struct Services;
namespace http {
class Router;
}
namespace store {
class Tx;
}

namespace accounts {

// What else happens, in the same command, when staff suspend or reinstate an account (O14,
// CQO-39): the market cancels its resting orders and standing asks, and opens the standing asks
// of its listed products again.
struct SuspensionHooks {
  std::function<void(store::Tx&, const std::string& account_id)> suspended;
  std::function<void(store::Tx&, const std::string& account_id)> reinstated;
};

// Registers API.md "Accounts and sessions".
void add_account_routes(http::Router& router, Services& services, SuspensionHooks hooks);

// Creates the first admin (staff, role admin) when the database has none. Blocks until durable.
Status bootstrap_admin(Services& services, const std::string& email, const std::string& password);

}  // namespace accounts
}  // namespace dx
