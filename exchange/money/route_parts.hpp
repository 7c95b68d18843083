// The money routes, registered in parts by add_money_routes (routes.cpp).
#pragma once

namespace dx {
struct Services;
namespace http {
class Router;
}
}  // namespace dx

namespace dx::money {

// GET /balance, GET /ledger/entries, GET /staff/ledger/summary (statement_routes.cpp).
void add_statement_routes(http::Router& router, Services& services);

}  // namespace dx::money
