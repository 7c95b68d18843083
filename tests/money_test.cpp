// API.md money rows over HTTPS: deposits by finance, withdrawals by verified accounts, both
// idempotent; balances and statements; and money conserved (deposits less withdrawals = balances
// + escrows + fees) by the API, the records and the database, also after kill -9 mid-trading.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "store/db.hpp"
#include "trade_fixture.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

class MoneyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { world_ = new TradingWorld(); }
  static void TearDownTestSuite() { delete world_; }
  TradingWorld& w() { return *world_; }

  static HttpResponse deposit(const std::string& key, const json& body) {
    return world_->finance->request("POST", "/api/v1/staff/deposits", body.dump(),
                                    {{"Content-Type", "application/json"}, {"Idempotency-Key", key}});
  }
  static HttpResponse withdraw(HttpsClient& c, const std::string& key, std::int64_t fen) {
    return c.request("POST", "/api/v1/withdrawals", json{{"amount_fen", fen}}.dump(),
                     {{"Content-Type", "application/json"}, {"Idempotency-Key", key}});
  }

  static inline TradingWorld* world_ = nullptr;
};

TEST_F(MoneyTest, DepositsAreForFinanceAndShowInTheBalanceAndTheStatementNewestFirst) {
  auto person = verified_person(w().server.port(), *w().kyc);
  auto other = w().funded_buyer(999);
  EXPECT_EQ(person.client->post("/api/v1/staff/deposits", {{"account_id", person.id}, {"amount_fen", 5}, {"reference", "x"}}).status, 403);
  for (std::int64_t fen : {1000, 2000, 3000}) w().deposit(person.id, fen);
  EXPECT_EQ(TradingWorld::balance(*person.client), (json{{"available_fen", 6000}, {"reserved_fen", 0}}));

  auto first = person.client->get("/api/v1/ledger/entries?limit=2").json();
  ASSERT_EQ(first["items"].size(), 2u);
  EXPECT_EQ(first["items"][0]["amount_fen"], 3000);
  EXPECT_EQ(first["items"][1]["amount_fen"], 2000);
  EXPECT_EQ(first["items"][0]["kind"], "deposit");
  EXPECT_EQ(first["items"][0]["bucket"], "available");
  for (const char* field : {"id", "movement", "reference", "at"}) EXPECT_TRUE(first["items"][0][field].is_string()) << field;
  auto second = person.client->get("/api/v1/ledger/entries?limit=2&cursor=" + first["next_cursor"].get<std::string>()).json();
  ASSERT_EQ(second["items"].size(), 1u) << "the other account's deposit is not in this statement";
  EXPECT_EQ(second["items"][0]["amount_fen"], 1000);
  EXPECT_TRUE(second["next_cursor"].is_null());
}

TEST_F(MoneyTest, BadDepositsAreNamedFieldErrors) {
  auto r = w().finance->post("/api/v1/staff/deposits", {{"account_id", "acc_nobody"}, {"amount_fen", 0}});
  EXPECT_EQ(r.status, 422);
  std::set<std::string> fields;
  const auto problem = r.json();
  for (const auto& e : problem["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"amount_fen", "reference"}));
  r = w().finance->post("/api/v1/staff/deposits", {{"account_id", "acc_nobody"}, {"amount_fen", 5}, {"reference", "x"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["errors"][0]["field"], "account_id");
  EXPECT_EQ(w().finance->post("/api/v1/staff/deposits", {{"account_id", 5}, {"amount_fen", 1e30}, {"reference", "x"}}).status, 422);
}

TEST_F(MoneyTest, DepositsAndWithdrawalsAreIdempotent) {
  auto person = verified_person(w().server.port(), *w().kyc);
  const json body = {{"account_id", person.id}, {"amount_fen", 700}, {"reference", "bank 1"}};
  const std::string key = "dep-" + person.id;
  auto a = deposit(key, body);
  auto b = deposit(key, body);
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(b.status, 201);
  EXPECT_EQ(a.json()["id"], b.json()["id"]);
  EXPECT_EQ(TradingWorld::balance(*person.client)["available_fen"], 700);
  auto other = deposit(key, {{"account_id", person.id}, {"amount_fen", 701}, {"reference", "bank 1"}});
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(other.json()["code"], "idempotency_conflict");

  auto w1 = withdraw(*person.client, "wd-1", 300);
  auto w2 = withdraw(*person.client, "wd-1", 300);
  ASSERT_EQ(w1.status, 201) << w1.body;
  EXPECT_EQ(w1.json()["id"], w2.json()["id"]);
  EXPECT_EQ(TradingWorld::balance(*person.client)["available_fen"], 400);
  EXPECT_EQ(withdraw(*person.client, "wd-1", 301).status, 409);
}

TEST_F(MoneyTest, WithdrawalNeedsAVerifiedAccountAndTheFunds) {
  HttpsClient unverified(w().server.port());
  register_and_sign_in(unverified, unique_email("unverified"));
  auto r = unverified.post("/api/v1/withdrawals", {{"amount_fen", 1}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["code"], "kyc_required");
  EXPECT_EQ(r.json()["rule"], "O2");
  auto person = w().funded_buyer(500);
  r = person.client->post("/api/v1/withdrawals", {{"amount_fen", 501}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json()["code"], "insufficient_funds");
  EXPECT_EQ(person.client->post("/api/v1/withdrawals", {{"amount_fen", -1}}).status, 422);
  EXPECT_EQ(person.client->post("/api/v1/withdrawals", {{"amount_fen", 200}}).status, 201);
  EXPECT_EQ(TradingWorld::balance(*person.client)["available_fen"], 300);
}

// Totals of the records: deposits less withdrawals, and the fees the payouts took.
std::pair<std::int64_t, std::int64_t> recorded_money(HttpsClient& admin) {
  std::int64_t net = 0, fees = 0;
  for (const auto& r : all_records(admin)) {
    if (r["action"] == "money.deposited") net += r["data"]["amount_fen"].get<std::int64_t>();
    if (r["action"] == "money.withdrawn") net -= r["data"]["amount_fen"].get<std::int64_t>();
    if (r["data"].contains("postings"))
      for (const auto& p : r["data"]["postings"])
        if (p["bucket"] == "fees") fees += p["amount_fen"].get<std::int64_t>();
  }
  return {net, fees};
}

std::int64_t db_scalar(const std::filesystem::path& db_path, const std::string& sql) {
  store::Db db(db_path, store::OpenMode::read_only);
  auto st = db.prepare(sql);
  st.step();
  return st.int64(0);
}

// Buyers buy, accept and withdraw in parallel until the server is killed.
void trade_until_killed(TradingWorld& w, const std::string& offer, std::vector<std::string> tokens) {
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (const auto& token : tokens) {
    threads.emplace_back([&, token] {
      HttpsClient c(w.server.port());
      c.token = token;
      try {
        for (int i = 0;; ++i) {
          auto r = c.post("/api/v1/orders", {{"offer_id", offer}, {"side", "buy"}, {"price_fen", 1000}, {"quantity", 1},
                                             {"time_in_force", "GTC"}, {"purpose", "research"}});
          if (r.status == 201 && !r.json()["trades"].empty() && i % 2 == 0)
            if (c.post("/api/v1/trades/" + r.json()["trades"][0]["id"].get<std::string>() + "/accept", json::object()).status == 200)
              ++accepted;
          if (i % 3 == 0) c.post("/api/v1/withdrawals", {{"amount_fen", 7}});
        }
      } catch (const std::exception&) {  // the server is gone
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (accepted < 12 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  w.server.kill_hard();
  for (auto& t : threads) t.join();
}

TEST(MoneyConservation, DepositsLessWithdrawalsEqualBalancesEscrowsAndFeesAfterKillDashNine) {
  TradingWorld w;
  const auto offer = w.listed_offer("file", 1000);
  std::vector<Party> buyers;
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i) {
    buyers.push_back(w.funded_buyer(1'000'000));
    tokens.push_back(buyers.back().client->token);
  }
  trade_until_killed(w, offer, tokens);
  w.server.start();  // a start whose stored money did not add up would fail here
  HttpsClient admin(w.server.port());
  sign_in_admin(admin);
  auto finance = staff_member(w.server.port(), admin, {"finance"});

  const auto sum = finance->get("/api/v1/staff/ledger/summary").json();
  EXPECT_TRUE(sum["conserved"].get<bool>()) << sum.dump();
  const std::int64_t net = sum["deposits_fen"].get<std::int64_t>() - sum["withdrawals_fen"].get<std::int64_t>();
  EXPECT_GT(sum["fees_fen"].get<std::int64_t>(), 0);
  EXPECT_GT(sum["escrow_fen"].get<std::int64_t>(), 0) << "trades not yet accepted hold escrow";
  EXPECT_GT(sum["withdrawals_fen"].get<std::int64_t>(), 0);

  // By the API: every account's balance, every trade's escrow, and the fees.
  std::int64_t inside = sum["fees_fen"];
  std::vector<std::string> all_tokens = tokens;
  all_tokens.push_back(w.seller.client->token);
  for (const auto& token : all_tokens) {
    HttpsClient c(w.server.port());
    c.token = token;
    const auto b = TradingWorld::balance(c);
    inside += b["available_fen"].get<std::int64_t>() + b["reserved_fen"].get<std::int64_t>();
  }
  for (std::string cursor;;) {
    auto page = finance->get("/api/v1/trades?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor)).json();
    for (const auto& t : page["items"]) inside += t["escrow_fen"].get<std::int64_t>();
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_EQ(inside, net);

  // By the records and by the database.
  const auto [recorded_net, recorded_fees] = recorded_money(admin);
  EXPECT_EQ(recorded_net, net);
  EXPECT_EQ(recorded_fees, sum["fees_fen"].get<std::int64_t>());
  const auto db = w.server.data_dir() / "exchange.db";
  EXPECT_EQ(db_scalar(db, "SELECT coalesce(sum(amount_fen), 0) FROM ledger_entries"), 0);
  EXPECT_EQ(db_scalar(db, "SELECT coalesce(sum(amount_fen), 0) FROM ledger_entries WHERE bucket = 'outside_world'"), -net);
}

}  // namespace
}  // namespace dx::test
