#include "market/market.hpp"

#include <array>
#include <stdexcept>

#include "market/repository.hpp"

namespace dx::market {

namespace {

using settlement::Fen;
using settlement::PartyId;

void must(settlement::LedgerStatus s, const char* what) {
  if (!s)
    throw std::runtime_error(std::string("stored money does not add up: ") + what + ": " +
                             std::string(settlement::to_string(s.error())));
}

// A party's stored balances, entered from the outside world as they stand.
void restore_party(settlement::Ledger& l, PartyId p, std::int64_t available,
                   std::int64_t reserved) {
  if (available + reserved > 0) must(l.deposit(p, Fen{available + reserved}), "balance");
  if (reserved > 0) must(l.reserve(p, Fen{reserved}), "reserved balance");
}

void rebuild_books(store::Db& db, matching::BookSet& books) {
  matching::Events events;
  for (const auto& o : repository::resting_orders(db)) {
    events.clear();
    const matching::OrderId id{static_cast<std::uint64_t>(o.seq)};
    const matching::OwnerId owner{o.owner};
    auto& book = books.open(matching::OfferId{o.offer});
    if (o.unlimited)
      book.submit(matching::UnlimitedAsk{id, owner, o.price_fen}, events);
    else
      book.submit(matching::LimitOrder{id, owner, o.side, o.price_fen, o.remaining,
                                       matching::TimeInForce::gtc},
                  events);
    if (events.size() != 1 || !std::holds_alternative<matching::Accepted>(events[0]))
      throw std::runtime_error("stored open order " + std::to_string(o.seq) +
                               " does not rest in its book");
  }
}

// Fees and the outside world from the house accounts; deposits less withdrawals must equal
// everything inside: balances, escrows and fees.
void restore_house(settlement::Ledger& ledger, const repository::HouseBalances& house) {
  const std::int64_t fees = house.fees_fen;
  if (fees > 0) {
    const std::array<settlement::Posting, 2> p{
        {{settlement::AccountKey::outside_world(), Fen{-fees}},
         {settlement::AccountKey::fees(), Fen{fees}}}};
    must(ledger.apply(p), "fees");
  }
  if (ledger.outside_world().value() != house.outside_world_fen)
    throw std::runtime_error("stored money does not add up: the outside world holds " +
                             std::to_string(house.outside_world_fen) +
                             " fen but balances, escrows and fees sum to " +
                             std::to_string(-ledger.outside_world().value()));
}

}  // namespace

void Market::rebuild(store::Db& db) {
  ++version_;
  books_ = matching::BookSet{};
  ledger_ = settlement::Ledger{};
  auto& ledger = ledger_;
  parties_.clear();
  rowids_.clear();
  for (const auto& b : repository::balances(db)) {
    const PartyId p{b.party};
    parties_.insert(b.party);
    must(ledger.open_party(p), "party");
    restore_party(ledger, p, b.available_fen, b.reserved_fen);
  }
  for (const auto& e : repository::escrows(db)) {
    const PartyId buyer{e.buyer_party};
    const Fen amount{e.escrow_fen};
    must(ledger.deposit(buyer, amount), "escrow");
    must(ledger.reserve(buyer, amount), "escrow");
    must(ledger.fund_escrow(settlement::TradeId{e.trade_seq}, buyer, amount), "escrow");
  }
  restore_house(ledger, repository::house_balances(db));
  rebuild_books(db, books_);
  // total() is a float: it cannot fail on a sum past int64 that a store from before the bound
  // may hold, which then counts as the bound reached.
  const double total = repository::deposits_total(db);
  deposited_ = total >= static_cast<double>(kMaxDepositsFen) ? kMaxDepositsFen
                                                             : static_cast<std::int64_t>(total);
}

PartyId Market::party(store::Db& db, const std::string& account_id) {
  auto known = rowids_.find(account_id);
  if (known == rowids_.end()) {
    const auto rowid = repository::account_rowid(db, account_id);
    if (!rowid) throw std::logic_error("no account " + account_id);
    known = rowids_.emplace(account_id, *rowid).first;
  }
  const std::int64_t rowid = known->second;
  if (parties_.insert(rowid).second) must(ledger().open_party(PartyId{rowid}), "party");
  return PartyId{rowid};
}

}  // namespace dx::market
