// What an account can see of its money: its balance and its statement (every posting on its
// available and reserved balances, newest first), and for finance and auditors the exchange-wide
// totals that show money is conserved (API.md: "the sum of all accounts, escrow, fees and the
// outside world is always zero"; O8 clearing, SH-67). Reads use the read pool: committed state.
#include <limits>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "money/repository.hpp"
#include "money/route_parts.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"

namespace dx::money {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

void get_balance(Services& s, Request& req, Reply reply) {
  auto db = s.reads.acquire();
  const auto b =
      repository::balance(*db, req.principal->account_id).value_or(repository::Balance{});
  http::send_json(reply, 200,
                  {{"available_fen", b.available_fen}, {"reserved_fen", b.reserved_fen}});
}

json entry_json(const repository::Entry& e) {
  return {{"id", std::to_string(e.id)},
          {"movement", e.movement},
          {"kind", e.kind},
          {"bucket", e.bucket},
          {"amount_fen", e.amount_fen},
          {"reference", e.reference ? json(*e.reference) : json(nullptr)},
          {"at", e.at}};
}

void get_entries(Services& s, Request& req, Reply reply) {
  const auto q = http::parse_page(req);
  if (!q) return http::send_problem(reply, q.error());
  const int limit = q->limit;
  const std::int64_t before = q->cursor > 0 ? q->cursor : std::numeric_limits<std::int64_t>::max();
  auto db = s.reads.acquire();
  json items = json::array();
  std::int64_t last = 0;
  for (const auto id :
       repository::statement_entry_ids(*db, req.principal->account_id, before, limit)) {
    const auto e = repository::entry(*db, id);
    if (!e) throw store::StoreError("a listed posting is not stored", 0);
    last = e->id;
    items.push_back(entry_json(*e));
  }
  const bool more = static_cast<int>(items.size()) == limit;
  http::send_json(
      reply, 200,
      http::page(std::move(items), more ? std::optional(std::to_string(last)) : std::nullopt));
}

// Deposits are bounded (market::kMaxDepositsFen) so that none of these sums can overflow; they
// are checked all the same, and a sum that did would show the money as not conserved.
bool conserved(const repository::Totals& t) {
  std::int64_t inside = 0, net_in = 0, negated = 0;
  bool overflow = __builtin_add_overflow(t.available_fen, t.reserved_fen, &inside);
  overflow |= __builtin_add_overflow(inside, t.escrow_fen, &inside);
  overflow |= __builtin_add_overflow(inside, t.fees_fen, &inside);
  overflow |= __builtin_sub_overflow(t.deposits_fen, t.withdrawals_fen, &net_in);
  overflow |= __builtin_sub_overflow(std::int64_t{0}, t.outside_world_fen, &negated);
  return !overflow && inside == net_in && inside == negated;
}

// One statement, so one snapshot: the totals are consistent with each other even while the
// sequencer commits.
void get_summary(Services& s, Reply reply) {
  auto db = s.reads.acquire();
  const auto t = repository::totals(*db);
  http::send_json(reply, 200,
                  {{"available_fen", t.available_fen},
                   {"reserved_fen", t.reserved_fen},
                   {"escrow_fen", t.escrow_fen},
                   {"fees_fen", t.fees_fen},
                   {"outside_world_fen", t.outside_world_fen},
                   {"deposits_fen", t.deposits_fen},
                   {"withdrawals_fen", t.withdrawals_fen},
                   {"conserved", conserved(t)}});
}

}  // namespace

void add_statement_routes(http::Router& router, Services& services) {
  using http::Access;
  using http::Method;
  Services* s = &services;
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/balance",
       .summary = "Your available and reserved balance in fen",
       .tag = "money",
       .access = Access::account,
       .statuses = {200},
       .handler = [s](Request& req, Reply reply) { get_balance(*s, req, std::move(reply)); }});
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/ledger/entries",
       .summary =
           "Your statement: every posting on your balances, newest first (query: limit, cursor)",
       .tag = "money",
       .access = Access::account,
       .statuses = {200},
       .handler = [s](Request& req, Reply reply) { get_entries(*s, req, std::move(reply)); },
       .query = http::page_query()});
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/staff/ledger/summary",
       .summary =
           "Exchange-wide money totals and whether they are conserved (finance, auditor, admin)",
       .tag = "money",
       .access = Access::roles,
       .roles = {"finance", "auditor", "admin"},
       .statuses = {200},
       .handler = [s](Request&, Reply reply) { get_summary(*s, std::move(reply)); }});
}

}  // namespace dx::money
