#include "market/market.hpp"

#include <array>
#include <stdexcept>

#include "store/db.hpp"

namespace dx::market {

namespace {

using settlement::Fen;
using settlement::PartyId;

void must(settlement::LedgerStatus s, const char* what) {
  if (!s) throw std::runtime_error(std::string("stored money does not add up: ") + what + ": " +
                                   std::string(settlement::to_string(s.error())));
}

// A party's stored balances, entered from the outside world as they stand.
void restore_party(settlement::Ledger& l, PartyId p, std::int64_t available, std::int64_t reserved) {
  if (available + reserved > 0) must(l.deposit(p, Fen{available + reserved}), "balance");
  if (reserved > 0) must(l.reserve(p, Fen{reserved}), "reserved balance");
}

void rebuild_books(store::Db& db, matching::BookSet& books) {
  auto st = db.prepare(
      "SELECT o.seq, f.rowid, a.rowid, o.side, o.price_fen, o.quantity - o.filled_quantity, o.quantity IS NULL "
      "FROM orders o INDEXED BY orders_resting JOIN offers f ON f.id = o.offer_id JOIN accounts a ON a.id = o.account_id "
      "WHERE o.status IN ('open', 'partially_filled') ORDER BY o.seq");  // the resting ones only, not every order
  matching::Events events;
  while (st.step()) {
    events.clear();
    const matching::OrderId id{static_cast<std::uint64_t>(st.int64(0))};
    const matching::OwnerId owner{st.int64(2)};
    auto& book = books.open(matching::OfferId{st.int64(1)});
    if (st.int64(6) != 0) {
      book.submit(matching::UnlimitedAsk{id, owner, st.int64(4)}, events);
    } else {
      const auto side = st.text(3) == "buy" ? matching::Side::buy : matching::Side::sell;
      book.submit(matching::LimitOrder{id, owner, side, st.int64(4), st.int64(5), matching::TimeInForce::gtc}, events);
    }
    if (events.size() != 1 || !std::holds_alternative<matching::Accepted>(events[0]))
      throw std::runtime_error("stored open order " + std::to_string(st.int64(0)) + " does not rest in its book");
  }
}

}  // namespace

void Market::rebuild(store::Db& db) {
  ++version_;
  books_ = matching::BookSet{};
  ledger_ = settlement::Ledger{};
  auto& ledger = ledger_;
  parties_.clear();
  rowids_.clear();
  {
    auto st = db.prepare(
        "SELECT a.rowid, b.available_fen, b.reserved_fen FROM balances b JOIN accounts a ON a.id = b.account_id");
    while (st.step()) {
      const PartyId p{st.int64(0)};
      parties_.insert(st.int64(0));
      must(ledger.open_party(p), "party");
      restore_party(ledger, p, st.int64(1), st.int64(2));
    }
  }
  {
    auto st = db.prepare(
        "SELECT t.seq, a.rowid, t.escrow_fen FROM trades t JOIN accounts a ON a.id = t.buyer_id WHERE t.escrow_fen > 0");
    while (st.step()) {
      const PartyId buyer{st.int64(1)};
      const Fen amount{st.int64(2)};
      must(ledger.deposit(buyer, amount), "escrow");
      must(ledger.reserve(buyer, amount), "escrow");
      must(ledger.fund_escrow(settlement::TradeId{st.int64(0)}, buyer, amount), "escrow");
    }
  }
  std::int64_t fees = 0, outside = 0;
  {
    auto st = db.prepare("SELECT name, balance_fen FROM house_accounts");
    while (st.step()) (st.text(0) == "fees" ? fees : outside) = st.int64(1);
  }
  if (fees > 0) {
    const std::array<settlement::Posting, 2> p{{{settlement::AccountKey::outside_world(), Fen{-fees}},
                                                {settlement::AccountKey::fees(), Fen{fees}}}};
    must(ledger.apply(p), "fees");
  }
  // Deposits less withdrawals must equal everything inside: balances, escrows and fees.
  if (ledger.outside_world().value() != outside)
    throw std::runtime_error("stored money does not add up: the outside world holds " + std::to_string(outside) +
                             " fen but balances, escrows and fees sum to " +
                             std::to_string(-ledger.outside_world().value()));
  rebuild_books(db, books_);
  {
    // total() is a float: it cannot fail on a sum past int64 that a store from before the bound
    // may hold, which then counts as the bound reached.
    auto st = db.prepare("SELECT total(amount_fen) FROM money_requests WHERE kind = 'deposit'");
    st.step();
    const double total = st.real(0);
    deposited_ = total >= static_cast<double>(kMaxDepositsFen) ? kMaxDepositsFen : static_cast<std::int64_t>(total);
  }
}

PartyId Market::party(store::Db& db, const std::string& account_id) {
  auto known = rowids_.find(account_id);
  if (known == rowids_.end()) {
    auto& st = db.cached("SELECT rowid FROM accounts WHERE id = ?");
    st.bind(1, account_id);
    if (!st.step()) {
      st.reset();
      throw std::logic_error("no account " + account_id);
    }
    known = rowids_.emplace(account_id, st.int64(0)).first;
    st.reset();
  }
  const std::int64_t rowid = known->second;
  if (parties_.insert(rowid).second) must(ledger().open_party(PartyId{rowid}), "party");
  return PartyId{rowid};
}

}  // namespace dx::market
