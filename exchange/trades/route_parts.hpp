// The trade handlers, registered by add_trade_routes (routes.cpp). Each answers through `reply`
// exactly once.
#pragma once

#include "http/message.hpp"
#include "trades/context.hpp"

namespace dx::trades {

// views.cpp: 200 with the trade's view, or the refusal as a problem.
void send_trade(const http::Reply& reply, const Result<TradeRow>& moved);

// read_routes.cpp
void list_trades(const Context& c, http::Request& req, http::Reply reply);
void list_staff_trades(const Context& c, http::Request& req, http::Reply reply);
void get_trade(const Context& c, http::Request& req, http::Reply reply);
// contract_routes.cpp
void get_contract(const Context& c, http::Request& req, http::Reply reply);
void get_certificate(const Context& c, http::Request& req, http::Reply reply);
// delivery_routes.cpp
void get_data(const Context& c, http::Request& req, http::Reply reply);
void post_deliver(const Context& c, http::Request& req, http::Reply reply);
void get_access(const Context& c, http::Request& req, http::Reply reply);
// settle_routes.cpp
void post_accept(const Context& c, http::Request& req, http::Reply reply);
void post_dispute(const Context& c, http::Request& req, http::Reply reply);
void post_resolve(const Context& c, http::Request& req, http::Reply reply);

}  // namespace dx::trades
