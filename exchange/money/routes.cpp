// Deposits and withdrawals. Both are idempotent (API.md "Idempotency-Key"), so a client that lost
// an answer can repeat the request without moving money twice. A withdrawal needs a verified,
// unsuspended account (O2, CQ-37(2); API.md: a suspended account cannot withdraw).
#include "money/routes.hpp"

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "idempotency/idempotent.hpp"
#include "identity/routes.hpp"
#include "market/market.hpp"
#include "money/requests.hpp"
#include "money/route_parts.hpp"
#include "store/sequencer.hpp"

namespace dx::money {

namespace {

using http::Need;
using http::Reply;
using http::Request;
using nlohmann::json;

// No single amount can exceed what the exchange may ever hold (market::kMaxDepositsFen).
constexpr std::int64_t kMaxFen = market::kMaxDepositsFen;

Result<MoneyRequest> parse_deposit(const Request& req) {
  auto body = http::json_object_body(req);
  if (!body) return body.error();
  http::Fields f(*body);
  auto account = f.string("account_id", Need::required, 1, 100);
  auto amount = f.integer("amount_fen", Need::required, 1, kMaxFen);
  auto reference = f.string("reference", Need::required, 1, 200);
  if (auto st = f.finish(); !st) return st.error();
  return MoneyRequest{Direction::deposit, *account, *amount, *reference, req.principal->account_id};
}

Result<MoneyRequest> parse_withdrawal(const Request& req) {
  auto body = http::json_object_body(req);
  if (!body) return body.error();
  http::Fields f(*body);
  auto amount = f.integer("amount_fen", Need::required, 1, kMaxFen);
  auto reference = f.string("reference", Need::optional, 0, 200);
  if (auto st = f.finish(); !st) return st.error();
  const std::string& me = req.principal->account_id;
  return MoneyRequest{Direction::withdrawal, me, *amount, reference.value_or(""), me};
}

void submit(Services& s, const Request& req, const std::string& route, const MoneyRequest& r, Reply reply) {
  run_idempotent(
      s, req, route,
      [&s, r](store::Tx& tx) -> Result<Answer> {
        auto done = apply_request(tx, s.market, r);
        if (!done) return done.error();
        return Answer{201, std::move(*done), std::nullopt, {}};
      },
      std::move(reply));
}

void post_deposit(Services& s, Request& req, Reply reply) {
  auto r = parse_deposit(req);
  if (!r) return http::send_problem(reply, r.error());
  submit(s, req, "POST /staff/deposits", *r, std::move(reply));
}

void post_withdrawal(Services& s, Request& req, Reply reply) {
  if (auto st = identity::require_verified(*req.principal); !st) return http::send_problem(reply, st.error());
  auto r = parse_withdrawal(req);
  if (!r) return http::send_problem(reply, r.error());
  submit(s, req, "POST /withdrawals", *r, std::move(reply));
}

json amount_schema(bool with_account) {
  json props = {{"amount_fen", {{"type", "integer"}, {"minimum", 1}}}, {"reference", {{"type", "string"}}}};
  json required = {"amount_fen"};
  if (with_account) {
    props["account_id"] = {{"type", "string"}};
    required = {"account_id", "amount_fen", "reference"};
  }
  return {{"type", "object"}, {"required", required}, {"properties", props}};
}

}  // namespace

void add_money_routes(http::Router& router, Services& services) {
  using http::Access;
  using http::BodyKind;
  using http::Method;
  Services* s = &services;
  router.add({.method = Method::post,
              .pattern = "/api/v1/staff/deposits",
              .summary = "Credit an account's available balance (finance; stands in for a bank credit; Idempotency-Key)",
              .tag = "money",
              .access = Access::roles,
              .roles = {"finance"},
              .body = BodyKind::json,
              .request_schema = amount_schema(true),
              .statuses = {201},
              .handler = [s](Request& req, Reply reply) { post_deposit(*s, req, std::move(reply)); }});
  router.add({.method = Method::post,
              .pattern = "/api/v1/withdrawals",
              .summary = "Pay out of your available balance (verified accounts, O2; Idempotency-Key)",
              .tag = "money",
              .access = Access::account,
              .body = BodyKind::json,
              .request_schema = amount_schema(false),
              .statuses = {201},
              .handler = [s](Request& req, Reply reply) { post_withdrawal(*s, req, std::move(reply)); }});
  add_statement_routes(router, services);
}

}  // namespace dx::money
