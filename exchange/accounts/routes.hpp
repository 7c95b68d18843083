// The accounts routes (API.md "Accounts and sessions") and the first admin.
#pragma once

#include <functional>
#include <string>

#include "accounts/accounts.hpp"
#include "core/error.hpp"

namespace dx {
struct Services;
namespace http {
class Router;
}

namespace accounts {

// Registers API.md "Accounts and sessions".
void add_account_routes(http::Router& router, Services& services, SuspensionHooks hooks);

// Creates the first admin (staff, role admin) when the database has none. Blocks until durable.
Status bootstrap_admin(Services& services, const std::string& email, const std::string& password);

}  // namespace accounts
}  // namespace dx
