// API.md "Orders and matching" over HTTPS: standing asks, pre-trade refusals with rule and basis,
// reservations, price-time priority, time in force, self-trade prevention, limited seats,
// idempotency, cancellation when a product is withdrawn, and books restored after a restart.
#include <gtest/gtest.h>

#include <set>

#include "store/db.hpp"

#include "test_util.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

class OrdersTest : public ::testing::Test {
 protected:
  // Overrides of the test configuration for the server this fixture starts.
  virtual json config() const { return json::object(); }

  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(config());
    server_->start();
    admin_ = std::make_unique<HttpsClient>(server_->port());
    sign_in_admin(*admin_);
    kyc_ = staff_member(server_->port(), *admin_, {"kyc_reviewer"});
    reviewer_ = staff_member(server_->port(), *admin_, {"listing_reviewer"});
    finance_ = staff_member(server_->port(), *admin_, {"finance"});
    seller_ = verified_person(server_->port(), *kyc_, "Seller");
    buyer_ = verified_person(server_->port(), *kyc_, "Buyer");
  }

  // A listed product of the seller; `seats` limits its one offer.
  json listed(std::optional<int> seats = std::nullopt, std::int64_t price = 100000) {
    auto p = sample_product(upload(*seller_.client, sample_csv(), "text/csv", "trips.csv"));
    p["offers"][0]["price_fen"] = price;
    if (seats) p["offers"][0]["seats"] = *seats;
    return list_product(*seller_.client, *reviewer_, p);
  }

  void deposit(const Party& p, std::int64_t fen) {
    auto r = finance_->post("/api/v1/staff/deposits", {{"account_id", p.id}, {"amount_fen", fen}, {"reference", "bank credit"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }

  static json buy(const std::string& offer, std::int64_t price, std::int64_t qty,
                  const std::string& tif = "GTC", const std::string& purpose = "research") {
    return {{"offer_id", offer}, {"side", "buy"}, {"price_fen", price}, {"quantity", qty},
            {"time_in_force", tif}, {"purpose", purpose}};
  }

  json book(const std::string& offer) { return HttpsClient(server_->port()).get("/api/v1/offers/" + offer + "/book").json(); }
  json balance(HttpsClient& c) { return c.get("/api/v1/balance").json(); }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpsClient> admin_, kyc_, reviewer_, finance_;
  Party seller_, buyer_;
};

TEST_F(OrdersTest, ListingOpensTheSellersStandingAsk) {
  const auto product = listed();
  const std::string offer = product["offers"][0]["id"];
  const auto b = book(offer);
  ASSERT_EQ(b["asks"].size(), 1u) << b.dump();
  EXPECT_EQ(b["asks"][0]["price_fen"], 100000);
  EXPECT_TRUE(b["asks"][0]["quantity"].is_null()) << "unlimited seats";
  EXPECT_TRUE(b["bids"].empty());
  const auto limited = listed(3);
  EXPECT_EQ(book(limited["offers"][0]["id"])["asks"][0]["quantity"], 3);
}

TEST_F(OrdersTest, RefusalsCarryTheirCodeRuleAndBasisAndAreRecorded) {
  const std::string offer = listed()["offers"][0]["id"];
  HttpsClient unverified(server_->port());
  register_and_sign_in(unverified, unique_email("unverified"));
  auto r = unverified.post("/api/v1/orders", buy(offer, 100000, 1));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["code"], "kyc_required");
  EXPECT_EQ(r.json()["rule"], "O2");

  r = buyer_.client->post("/api/v1/orders", {{"offer_id", offer}, {"side", "sell"}, {"price_fen", 1}, {"quantity", 1}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["code"], "not_seller");

  r = buyer_.client->post("/api/v1/orders", buy(offer, 100000, 1, "GTC", "marketing"));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["code"], "purpose_not_permitted");
  EXPECT_EQ(r.json()["rule"], "O12");

  auto abroad = verified_person(server_->port(), *kyc_, "Abroad", "US");
  r = abroad.client->post("/api/v1/orders", buy(offer, 100000, 1));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["code"], "cross_border_prohibited");
  EXPECT_EQ(r.json()["rule"], "P8");
  EXPECT_EQ(r.json()["basis"], "CQ-10");

  r = buyer_.client->post("/api/v1/orders", buy(offer, 100000, 1));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json()["code"], "insufficient_funds");

  r = buyer_.client->post("/api/v1/orders", {{"offer_id", offer}, {"side", "buy"}, {"price_fen", "a lot"}});
  EXPECT_EQ(r.status, 422);

  std::set<std::string> codes;
  for (const auto& rec : all_records(*admin_))
    if (rec["action"] == "order.refused") codes.insert(rec["data"]["code"].get<std::string>());
  for (const char* c : {"kyc_required", "not_seller", "purpose_not_permitted", "cross_border_prohibited", "insufficient_funds"})
    EXPECT_TRUE(codes.count(c)) << c;
}

TEST_F(OrdersTest, UnlistedProductDoesNotTrade) {
  const auto product = listed();
  const std::string offer = product["offers"][0]["id"];
  ASSERT_EQ(seller_.client->post("/api/v1/products/" + product["id"].get<std::string>() + "/withdraw", json::object()).status, 200);
  deposit(buyer_, 1'000'000);
  auto r = buyer_.client->post("/api/v1/orders", buy(offer, 100000, 1));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json()["code"], "product_not_tradable");
}

TEST_F(OrdersTest, BuyAtTheAskFillsAtTheAskPriceAndMovesTheMoneyToEscrow) {
  const std::string offer = listed()["offers"][0]["id"];
  deposit(buyer_, 1'000'000);
  auto r = buyer_.client->post("/api/v1/orders", buy(offer, 150000, 2));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto o = r.json();
  EXPECT_EQ(o["status"], "filled");
  EXPECT_EQ(o["filled_quantity"], 2);
  ASSERT_EQ(o["trades"].size(), 1u);
  EXPECT_EQ(o["trades"][0]["price_fen"], 100000) << "a trade executes at the resting order's price";
  EXPECT_EQ(o["trades"][0]["quantity"], 2);
  const auto b = balance(*buyer_.client);
  EXPECT_EQ(b["available_fen"], 800000) << "2 × 100000 in escrow, the reservation above it released";
  EXPECT_EQ(b["reserved_fen"], 0);
}

TEST_F(OrdersTest, BidBelowTheAskRestsAndCancellingReleasesItsReservation) {
  const std::string offer = listed()["offers"][0]["id"];
  deposit(buyer_, 1'000'000);
  auto r = buyer_.client->post("/api/v1/orders", buy(offer, 90000, 3));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.json()["id"];
  EXPECT_EQ(r.json()["status"], "open");
  EXPECT_EQ(balance(*buyer_.client)["reserved_fen"], 270000);
  const auto b = book(offer);
  ASSERT_EQ(b["bids"].size(), 1u);
  EXPECT_EQ(b["bids"][0], json({{"price_fen", 90000}, {"quantity", 3}}));
  auto open = buyer_.client->get("/api/v1/orders?status=open").json();
  ASSERT_EQ(open["items"].size(), 1u);
  EXPECT_EQ(open["items"][0]["id"], id);

  auto c = buyer_.client->del("/api/v1/orders/" + id);
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.json()["status"], "cancelled");
  EXPECT_EQ(balance(*buyer_.client)["reserved_fen"], 0);
  EXPECT_EQ(balance(*buyer_.client)["available_fen"], 1'000'000);
  EXPECT_TRUE(book(offer)["bids"].empty());
  EXPECT_EQ(buyer_.client->del("/api/v1/orders/" + id).status, 409);
  EXPECT_EQ(seller_.client->del("/api/v1/orders/" + id).status, 404) << "another account's order";
}

TEST_F(OrdersTest, SellerHitsTheBestBidFirstAtItsPrice) {
  const auto product = listed(std::nullopt, 200000);
  const std::string offer = product["offers"][0]["id"];
  auto other = verified_person(server_->port(), *kyc_, "Other buyer");
  deposit(buyer_, 1'000'000);
  deposit(other, 1'000'000);
  ASSERT_EQ(buyer_.client->post("/api/v1/orders", buy(offer, 120000, 1)).status, 201);
  ASSERT_EQ(other.client->post("/api/v1/orders", buy(offer, 150000, 1)).status, 201);
  ASSERT_EQ(buyer_.client->post("/api/v1/orders", buy(offer, 150000, 1)).status, 201);
  auto r = seller_.client->post("/api/v1/orders", {{"offer_id", offer}, {"side", "sell"}, {"price_fen", 110000},
                                                   {"quantity", 2}, {"time_in_force", "IOC"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto trades = r.json()["trades"];
  ASSERT_EQ(trades.size(), 2u);
  EXPECT_EQ(trades[0]["price_fen"], 150000);
  EXPECT_EQ(trades[1]["price_fen"], 150000);
  EXPECT_EQ(balance(*other.client)["reserved_fen"], 0) << "the older bid at 150000 traded first";
  EXPECT_EQ(balance(*buyer_.client)["reserved_fen"], 120000) << "the bid at 120000 still rests";
}

TEST_F(OrdersTest, FillOrKillAndImmediateOrCancelAgainstLimitedSeats) {
  const std::string offer = listed(2)["offers"][0]["id"];
  deposit(buyer_, 1'000'000);
  auto fok = buyer_.client->post("/api/v1/orders", buy(offer, 100000, 3, "FOK"));
  ASSERT_EQ(fok.status, 201) << fok.body;
  EXPECT_EQ(fok.json()["status"], "cancelled");
  EXPECT_EQ(fok.json()["reason"], "fok_unfillable");
  EXPECT_TRUE(fok.json()["trades"].empty());
  auto ioc = buyer_.client->post("/api/v1/orders", buy(offer, 100000, 3, "IOC"));
  ASSERT_EQ(ioc.status, 201) << ioc.body;
  EXPECT_EQ(ioc.json()["status"], "cancelled");
  EXPECT_EQ(ioc.json()["filled_quantity"], 2);
  EXPECT_EQ(balance(*buyer_.client)["reserved_fen"], 0);
  EXPECT_EQ(balance(*buyer_.client)["available_fen"], 800000);
  auto more = seller_.client->post("/api/v1/orders", {{"offer_id", offer}, {"side", "sell"}, {"price_fen", 90000}, {"quantity", 1}});
  EXPECT_EQ(more.status, 409) << "both seats are sold";
}

TEST_F(OrdersTest, AnOrderThatWouldTradeWithItsOwnAccountIsCancelled) {
  const std::string offer = listed()["offers"][0]["id"];
  deposit(seller_, 1'000'000);
  auto r = seller_.client->post("/api/v1/orders", buy(offer, 100000, 1));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["status"], "cancelled");
  EXPECT_EQ(r.json()["reason"], "self_trade_prevented");
  EXPECT_EQ(balance(*seller_.client)["available_fen"], 1'000'000);
}

TEST_F(OrdersTest, IdempotencyKeyReturnsTheFirstAnswer) {
  const std::string offer = listed()["offers"][0]["id"];
  deposit(buyer_, 1'000'000);
  const auto body = buy(offer, 90000, 1).dump();
  const std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}, {"Idempotency-Key", "order-1"}};
  auto first = buyer_.client->request("POST", "/api/v1/orders", body, headers);
  auto again = buyer_.client->request("POST", "/api/v1/orders", body, headers);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.json()["id"], first.json()["id"]);
  EXPECT_EQ(buyer_.client->get("/api/v1/orders").json()["items"].size(), 1u);
  auto other = buyer_.client->request("POST", "/api/v1/orders", buy(offer, 80000, 1).dump(), headers);
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(other.json()["code"], "idempotency_conflict");
}

TEST_F(OrdersTest, WithdrawingTheProductCancelsItsOrdersAndReleasesReservations) {
  const auto product = listed();
  const std::string offer = product["offers"][0]["id"];
  deposit(buyer_, 1'000'000);
  ASSERT_EQ(buyer_.client->post("/api/v1/orders", buy(offer, 90000, 2)).status, 201);
  ASSERT_EQ(seller_.client->post("/api/v1/products/" + product["id"].get<std::string>() + "/withdraw", json::object()).status, 200);
  EXPECT_EQ(balance(*buyer_.client)["reserved_fen"], 0);
  const auto b = book(offer);
  EXPECT_TRUE(b["bids"].empty());
  EXPECT_TRUE(b["asks"].empty());
  auto mine = buyer_.client->get("/api/v1/orders?status=cancelled").json();
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["reason"], "product_withdrawn");
}

TEST_F(OrdersTest, ABusyBookIsRestoredExactlyAfterARestartAndAKill) {
  const std::string offer = listed(std::nullopt, 500000)["offers"][0]["id"];
  auto other = verified_person(server_->port(), *kyc_, "Other buyer");
  deposit(buyer_, 10'000'000);
  deposit(other, 10'000'000);
  const std::int64_t prices[] = {100000, 120000, 110000, 120000, 90000};
  for (int i = 0; i < 5; ++i) {
    auto& c = i % 2 ? *other.client : *buyer_.client;
    ASSERT_EQ(c.post("/api/v1/orders", buy(offer, prices[i], i + 1)).status, 201);
  }
  const auto before = book(offer);
  const auto buyer_balance = balance(*buyer_.client);
  const auto other_balance = balance(*other.client);
  ASSERT_EQ(server_->stop_gracefully(), 0);
  server_->start();
  EXPECT_EQ(book(offer), before);
  server_->kill_hard();
  server_->start();
  EXPECT_EQ(book(offer), before);
  // Time priority survived: at 120000 the older bid (the other buyer's 2 seats) trades before the
  // buyer's 4 seats, and the buyer's reservations are as they were.
  HttpsClient seller(server_->port());
  seller.token = seller_.client->token;
  auto r = seller.post("/api/v1/orders", {{"offer_id", offer}, {"side", "sell"}, {"price_fen", 120000}, {"quantity", 2},
                                          {"time_in_force", "IOC"}});
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(r.json()["trades"].size(), 1u);
  HttpsClient buyer(server_->port()), second(server_->port());
  buyer.token = buyer_.client->token;
  second.token = other.client->token;
  EXPECT_EQ(balance(buyer), buyer_balance);
  EXPECT_EQ(balance(second)["reserved_fen"], other_balance["reserved_fen"].get<std::int64_t>() - 240000);
}

// With a lag of 2 the writer moves an account's rows into the account index every few commands,
// so the lists by account (GET /orders, the statement, the records by actor) page across rows
// the index holds and rows still only in their tables, and must find each of them once, in order.
class OrdersWithAShortAccountIndexLagTest : public OrdersTest {
 protected:
  json config() const override { return {{"store", {{"account_index_lag", 2}}}}; }

  // Every page of `path` (`limit` a page), following next_cursor.
  static json all_items(HttpsClient& c, const std::string& path, int limit) {
    json items = json::array();
    std::string cursor;
    for (;;) {
      const auto page = c.get(path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=" +
                              std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor)).json();
      for (const auto& item : page["items"]) items.push_back(item);
      if (page["next_cursor"].is_null()) return items;
      cursor = page["next_cursor"];
    }
  }
};

TEST_F(OrdersWithAShortAccountIndexLagTest, ListsByAccountFindEveryRowOnceOnBothSidesOfTheIndexMark) {
  const std::string offer = listed()["offers"][0]["id"];
  auto other = verified_person(server_->port(), *kyc_, "Other Buyer");
  deposit(buyer_, 10'000'000);
  deposit(other, 10'000'000);
  std::vector<std::string> placed, cancelled;
  for (int i = 0; i < 9; ++i) {
    auto r = buyer_.client->post("/api/v1/orders", buy(offer, 50000 + i, 1));
    ASSERT_EQ(r.status, 201) << r.body;
    placed.push_back(r.json()["id"]);
    ASSERT_EQ(other.client->post("/api/v1/orders", buy(offer, 40000 + i, 1)).status, 201);
    if (i % 3 == 0) {
      ASSERT_EQ(buyer_.client->del("/api/v1/orders/" + placed.back()).status, 200);
      cancelled.push_back(placed.back());
    }
  }
  const auto ids = [](const json& items) {
    std::vector<std::string> out;
    for (const auto& o : items) out.push_back(o["id"]);
    return out;
  };
  for (const int limit : {1, 2, 4, 100}) {
    EXPECT_EQ(ids(all_items(*buyer_.client, "/api/v1/orders", limit)), placed) << limit;
    EXPECT_EQ(ids(all_items(*buyer_.client, "/api/v1/orders?status=cancelled", limit)), cancelled) << limit;
  }
  // The statement: the deposit, a reservation per order (two postings) and a release per
  // cancellation (two), newest first.
  const auto entries = all_items(*buyer_.client, "/api/v1/ledger/entries", 3);
  ASSERT_EQ(entries.size(), 1u + 2 * placed.size() + 2 * cancelled.size());
  for (std::size_t k = 1; k < entries.size(); ++k)
    EXPECT_GT(std::stoll(entries[k - 1]["id"].get<std::string>()), std::stoll(entries[k]["id"].get<std::string>()));
  EXPECT_EQ(entries.back()["kind"], "deposit");
  // The records the buyer is the actor of: an acceptance per order and a cancellation per cancel.
  const auto records = all_items(*admin_, "/api/v1/audit/events?actor=" + buyer_.id, 2);
  std::size_t accepted = 0, cancels = 0;
  for (std::size_t k = 0; k < records.size(); ++k) {
    EXPECT_EQ(records[k]["actor"], buyer_.id);
    if (k > 0) {
      EXPECT_GT(records[k]["seq"].get<std::int64_t>(), records[k - 1]["seq"].get<std::int64_t>());
    }
    accepted += records[k]["action"] == "order.accepted";
    cancels += records[k]["action"] == "order.cancelled";
  }
  EXPECT_EQ(accepted, placed.size());
  EXPECT_EQ(cancels, cancelled.size());
  // And most of them were read through the index: the writer wrote the buyer's lists as it went.
  store::Db db(server_->data_dir() / "exchange.db", store::OpenMode::read_only);
  auto st = db.prepare("SELECT count(*) FROM account_index WHERE owner = ?");
  st.bind(1, buyer_.id);
  ASSERT_TRUE(st.step());
  EXPECT_GT(st.int64(0), static_cast<std::int64_t>(placed.size()));
}

}  // namespace
}  // namespace dx::test
