// API.md "Trades, contracts, delivery and settlement", the money rows: POST /staff/deposits,
// POST /withdrawals, GET /balance, GET /ledger/entries, and a finance summary that shows money is
// conserved (deposits less withdrawals = balances + escrows + fees).
#pragma once

namespace dx {
struct Services;
namespace http {
class Router;
}
namespace money {

void add_money_routes(http::Router& router, Services& services);

}  // namespace money
}  // namespace dx
