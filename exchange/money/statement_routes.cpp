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
#include "money/route_parts.hpp"
#include "store/account_index.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"

namespace dx::money {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

void get_balance(Services& s, Request& req, Reply reply) {
  auto db = s.reads.acquire();
  auto& st = db->cached("SELECT available_fen, reserved_fen FROM balances WHERE account_id = ?");
  st.bind(1, req.principal->account_id);
  json out = {{"available_fen", 0}, {"reserved_fen", 0}};
  if (st.step()) out = {{"available_fen", st.int64(0)}, {"reserved_fen", st.int64(1)}};
  st.reset();
  http::send_json(reply, 200, out);
}

void get_entries(Services& s, Request& req, Reply reply) {
  const auto q = http::parse_page(req);
  if (!q) return http::send_problem(reply, q.error());
  const int limit = q->limit;
  const std::int64_t before = q->cursor > 0 ? q->cursor : std::numeric_limits<std::int64_t>::max();
  auto db = s.reads.acquire();
  // The owner of an available or reserved posting is the account; escrow postings belong to trades.
  store::OwnedQuery owned;
  owned.owner = req.principal->account_id;
  owned.before = before;
  owned.descending = true;
  owned.limit = limit;
  owned.where = "t.bucket IN ('available', 'reserved')";
  const auto ids = store::owned_rows(*db, store::Owned::ledger_entries, owned);
  auto& st = db->cached("SELECT id, movement, kind, bucket, amount_fen, reference, at FROM ledger_entries WHERE id = ?");
  json items = json::array();
  std::int64_t last = 0;
  for (const auto id : ids) {
    st.bind(1, id);
    if (!st.step()) throw store::StoreError("a listed posting is not stored", 0);
    last = st.int64(0);
    items.push_back({{"id", std::to_string(last)}, {"movement", st.text(1)}, {"kind", st.text(2)},
                     {"bucket", st.text(3)}, {"amount_fen", st.int64(4)},
                     {"reference", st.opt_text(5) ? json(st.text(5)) : json(nullptr)}, {"at", st.text(6)}});
    st.reset();
  }
  const bool more = static_cast<int>(items.size()) == limit;
  http::send_json(reply, 200, http::page(std::move(items), more ? std::optional(std::to_string(last)) : std::nullopt));
}

// One statement, so one snapshot: the totals are consistent with each other even while the
// sequencer commits.
void get_summary(Services& s, Reply reply) {
  auto db = s.reads.acquire();
  auto& st = db->cached(
      "SELECT (SELECT coalesce(sum(available_fen), 0) FROM balances), (SELECT coalesce(sum(reserved_fen), 0) FROM balances), "
      "(SELECT coalesce(sum(escrow_fen), 0) FROM trades), (SELECT balance_fen FROM house_accounts WHERE name = 'fees'), "
      "(SELECT balance_fen FROM house_accounts WHERE name = 'outside_world'), "
      "(SELECT coalesce(sum(amount_fen), 0) FROM money_requests WHERE kind = 'deposit'), "
      "(SELECT coalesce(sum(amount_fen), 0) FROM money_requests WHERE kind = 'withdrawal')");
  st.step();
  json out = {{"available_fen", st.int64(0)}, {"reserved_fen", st.int64(1)}, {"escrow_fen", st.int64(2)},
              {"fees_fen", st.int64(3)}, {"outside_world_fen", st.int64(4)}, {"deposits_fen", st.int64(5)},
              {"withdrawals_fen", st.int64(6)}};
  st.reset();
  // Deposits are bounded (market::kMaxDepositsFen) so that none of these sums can overflow; they
  // are checked all the same, and a sum that did would show the money as not conserved.
  const auto at = [&out](const char* key) { return out[key].get<std::int64_t>(); };
  std::int64_t inside = 0, net_in = 0, negated = 0;
  bool overflow = __builtin_add_overflow(at("available_fen"), at("reserved_fen"), &inside);
  overflow |= __builtin_add_overflow(inside, at("escrow_fen"), &inside);
  overflow |= __builtin_add_overflow(inside, at("fees_fen"), &inside);
  overflow |= __builtin_sub_overflow(at("deposits_fen"), at("withdrawals_fen"), &net_in);
  overflow |= __builtin_sub_overflow(std::int64_t{0}, at("outside_world_fen"), &negated);
  out["conserved"] = !overflow && inside == net_in && inside == negated;
  http::send_json(reply, 200, out);
}

}  // namespace

void add_statement_routes(http::Router& router, Services& services) {
  using http::Access;
  using http::Method;
  Services* s = &services;
  router.add({.method = Method::get,
              .pattern = "/api/v1/balance",
              .summary = "Your available and reserved balance in fen",
              .tag = "money",
              .access = Access::account,
              .statuses = {200},
              .handler = [s](Request& req, Reply reply) { get_balance(*s, req, std::move(reply)); }});
  router.add({.method = Method::get,
              .pattern = "/api/v1/ledger/entries",
              .summary = "Your statement: every posting on your balances, newest first (query: limit, cursor)",
              .tag = "money",
              .access = Access::account,
              .statuses = {200},
              .handler = [s](Request& req, Reply reply) { get_entries(*s, req, std::move(reply)); }});
  router.add({.method = Method::get,
              .pattern = "/api/v1/staff/ledger/summary",
              .summary = "Exchange-wide money totals and whether they are conserved (finance, auditor, admin)",
              .tag = "money",
              .access = Access::roles,
              .roles = {"finance", "auditor", "admin"},
              .statuses = {200},
              .handler = [s](Request&, Reply reply) { get_summary(*s, std::move(reply)); }});
}

}  // namespace dx::money
