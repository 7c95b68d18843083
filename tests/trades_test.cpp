// API.md "Trades, contracts, delivery and settlement" over HTTPS: a buyer pays, downloads exactly
// the listed bytes, accepts or disputes; api delivery with sealed credentials; contracts with every
// O12 item; certificates that stock openssl verifies; windows that settle or refund on their own,
// also across a restart.
#include <gtest/gtest.h>

#include <fstream>

#include "trade_fixture.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

constexpr int kFeeBps = 250;
constexpr std::int64_t kPrice = 100000;
constexpr std::int64_t kFee = kPrice * kFeeBps / 10000;

class TradesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new TradingWorld(json{{"settlement", {{"fee_bps", kFeeBps}}}});
    file_offer_ = world_->listed_offer("file");
    api_offer_ = world_->listed_offer("api");
  }
  static void TearDownTestSuite() { delete world_; }

  TradingWorld& w() { return *world_; }
  HttpsClient& seller() { return *w().seller.client; }
  const std::string& file_offer() { return file_offer_; }
  const std::string& api_offer() { return api_offer_; }
  static bool has_record(const std::string& action, const std::string& subject) {
    for (const auto& r : all_records(*world_->admin))
      if (r["action"] == action && r["subject"] == subject) return true;
    return false;
  }

  static inline TradingWorld* world_ = nullptr;
  static inline std::string file_offer_, api_offer_;
};

TEST_F(TradesTest, BuyerDownloadsTheListedBytesAcceptsAndTheSellerIsPaidLessTheFee) {
  auto buyer = w().funded_buyer(150000);
  const std::int64_t seller_before = TradingWorld::balance(seller())["available_fen"];
  const auto trade = TradingWorld::buy(*buyer.client, file_offer());
  const std::string id = trade["id"];
  EXPECT_EQ(trade["status"], "delivered");
  EXPECT_EQ(trade["amount_fen"], kPrice);
  EXPECT_EQ(trade["buyer_id"], buyer.id);
  EXPECT_FALSE(trade["acceptance_due_at"].is_null());
  EXPECT_EQ(TradingWorld::balance(*buyer.client), (json{{"available_fen", 50000}, {"reserved_fen", 0}}));

  auto data = buyer.client->get("/api/v1/trades/" + id + "/data");
  ASSERT_EQ(data.status, 200) << data.body;
  EXPECT_EQ(data.body, sample_csv());
  EXPECT_EQ(data.header("x-content-sha256"), TradingWorld::sha256_hex(sample_csv()));
  EXPECT_TRUE(has_record("trade.data_downloaded", id));

  bool listed = false;
  const auto mine = seller().get("/api/v1/trades?limit=500").json();
  for (const auto& t : mine["items"]) listed = listed || t["id"] == id;
  EXPECT_TRUE(listed) << "the seller sees its trade";

  auto accepted = buyer.client->post("/api/v1/trades/" + id + "/accept", json::object());
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.json()["status"], "settled");
  EXPECT_EQ(accepted.json()["fee_fen"], kFee);
  EXPECT_EQ(TradingWorld::balance(seller())["available_fen"].get<std::int64_t>() - seller_before, kPrice - kFee);
  EXPECT_TRUE(has_record("trade.accepted", id));
  EXPECT_EQ(buyer.client->post("/api/v1/trades/" + id + "/accept", json::object()).json()["code"], "invalid_state");
}

TEST_F(TradesTest, DisputeResolvedByRefundGivesTheBuyerItsMoneyBack) {
  auto buyer = w().funded_buyer(kPrice);
  const std::string id = TradingWorld::buy(*buyer.client, file_offer())["id"];
  EXPECT_EQ(buyer.client->post("/api/v1/trades/" + id + "/dispute", json::object()).status, 422);
  auto disputed = buyer.client->post("/api/v1/trades/" + id + "/dispute", {{"reason", "the file has 30 rows, not 300"}});
  ASSERT_EQ(disputed.status, 200) << disputed.body;
  EXPECT_EQ(disputed.json()["status"], "disputed");

  bool queued = false;
  const auto queue = w().complaints->get("/api/v1/staff/trades?status=disputed&limit=500").json();
  for (const auto& t : queue["items"])
    if (t["id"] == id) {
      queued = true;
      EXPECT_EQ(t["dispute"]["reason"], "the file has 30 rows, not 300") << "staff see why the buyer disputed";
    }
  EXPECT_TRUE(queued);
  EXPECT_EQ(buyer.client->get("/api/v1/staff/trades?status=disputed").status, 403);

  auto bad = w().complaints->post("/api/v1/staff/trades/" + id + "/resolve", {{"outcome", "maybe"}, {"reason", "x"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "outcome");
  auto resolved = w().complaints->post("/api/v1/staff/trades/" + id + "/resolve", {{"outcome", "refund"}, {"reason", "short delivery"}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(resolved.json()["status"], "refunded");
  EXPECT_EQ(TradingWorld::balance(*buyer.client)["available_fen"], kPrice);
  EXPECT_EQ(buyer.client->get("/api/v1/trades/" + id + "/data").status, 409) << "a refunded trade delivers nothing";
  EXPECT_TRUE(has_record("trade.resolved", id));
}

TEST_F(TradesTest, ApiDeliveryShowsCredentialsOnlyToTheBuyerAndNeverStoresThemInPlaintext) {
  auto buyer = w().funded_buyer(kPrice);
  const auto trade = TradingWorld::buy(*buyer.client, api_offer());
  const std::string id = trade["id"];
  EXPECT_EQ(trade["status"], "awaiting_delivery");
  EXPECT_FALSE(trade["delivery_due_at"].is_null());
  EXPECT_EQ(buyer.client->get("/api/v1/trades/" + id + "/access").status, 409);
  EXPECT_EQ(buyer.client->post("/api/v1/trades/" + id + "/deliver", {{"endpoint", "https://x"}, {"credentials", "c"}}).status, 403);
  EXPECT_EQ(seller().post("/api/v1/trades/" + id + "/deliver", {{"endpoint", "nope"}, {"credentials", "c"}}).status, 422);

  const std::string secret = "tok-" + crypto::hex(crypto::random_bytes(16));
  auto delivered = seller().post("/api/v1/trades/" + id + "/deliver",
                                 {{"endpoint", "https://api.seller.example/v1/trips"}, {"credentials", secret},
                                  {"instructions", "Send it as a Bearer token."}});
  ASSERT_EQ(delivered.status, 200) << delivered.body;
  EXPECT_EQ(delivered.json()["status"], "delivered");
  EXPECT_FALSE(delivered.json()["acceptance_due_at"].is_null());

  auto access = buyer.client->get("/api/v1/trades/" + id + "/access");
  ASSERT_EQ(access.status, 200) << access.body;
  EXPECT_EQ(access.json()["credentials"], secret);
  EXPECT_EQ(access.json()["endpoint"], "https://api.seller.example/v1/trips");
  EXPECT_EQ(seller().get("/api/v1/trades/" + id + "/access").status, 403);
  EXPECT_EQ(w().finance->get("/api/v1/trades/" + id + "/access").status, 403);
  EXPECT_EQ(buyer.client->get("/api/v1/trades/" + id + "/data").status, 409) << "no file to download";
  EXPECT_FALSE(occurs_in_tree(w().server.data_dir(), secret));
  EXPECT_TRUE(has_record("trade.delivered", id));
  EXPECT_TRUE(has_record("trade.access_read", id));
}

TEST_F(TradesTest, StrangersGet404OnEveryPartOfATrade) {
  auto buyer = w().funded_buyer(kPrice);
  const auto trade = TradingWorld::buy(*buyer.client, file_offer());
  const std::string id = trade["id"];
  auto stranger = verified_person(w().server.port(), *w().kyc, "Stranger");
  for (const std::string& path : {"/trades/" + id, "/contracts/" + trade["contract_id"].get<std::string>(),
                                 "/trades/" + id + "/data", "/trades/" + id + "/access", "/trades/" + id + "/certificate"}) {
    auto r = stranger.client->get("/api/v1" + path);
    EXPECT_EQ(r.status, 404) << path;
  }
  EXPECT_EQ(stranger.client->post("/api/v1/trades/" + id + "/accept", json::object()).status, 404);
  const auto theirs = stranger.client->get("/api/v1/trades").json();
  for (const auto& t : theirs["items"]) EXPECT_NE(t["id"], id);
  EXPECT_EQ(w().finance->get("/api/v1/trades/" + id).status, 200) << "staff see every trade";
}

TEST_F(TradesTest, ContractHasEveryO12ItemAndRendersAsHtml) {
  auto buyer = w().funded_buyer(kPrice);
  const auto trade = TradingWorld::buy(*buyer.client, file_offer());
  const std::string path = "/api/v1/contracts/" + trade["contract_id"].get<std::string>();
  auto r = buyer.client->get(path);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("x-content-sha256"), TradingWorld::sha256_hex(r.body));
  const auto c = r.json();
  EXPECT_EQ(c["data_list"][0]["sha256"], TradingWorld::sha256_hex(sample_csv()));
  EXPECT_EQ(c["data_list"][0]["rows"], 30);
  EXPECT_EQ(c["purpose"], "research");
  for (const char* item : {"application_scenario", "security_measures", "disposal_after_term", "usage_feedback", "attribution"})
    EXPECT_FALSE(c[item].get<std::string>().empty()) << item;
  EXPECT_FALSE(c["term"]["start"].is_null());
  EXPECT_FALSE(c["term"]["end"].is_null());
  EXPECT_EQ(c["parties"]["buyer"]["legal_name"], "王小明");
  EXPECT_EQ(c["parties"]["seller"]["account_id"], w().seller.id);
  EXPECT_EQ(c["price"]["amount_fen"], kPrice);

  auto html = seller().request("GET", path, "", {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.header("content-type").rfind("text/html", 0), 0u);
  for (const char* text : {"Data-use agreement", "王小明", "traffic planning research", "access limited to named analysts", "delete",
                           "\u00a51,000.00"})
    EXPECT_NE(html.body.find(text), std::string::npos) << text;
  EXPECT_EQ(seller().get(path + "?format=html").header("content-type").rfind("text/html", 0), 0u);
  EXPECT_EQ(seller().get(path + "?format=pdf").status, 422);
}

TEST_F(TradesTest, CertificateVerifiesWithStockOpensslAndAChangedByteDoesNot) {
  auto buyer = w().funded_buyer(kPrice);
  const auto trade = TradingWorld::buy(*buyer.client, file_offer());
  auto r = buyer.client->get("/api/v1/trades/" + trade["id"].get<std::string>() + "/certificate");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto cert = r.json();
  const auto key = HttpsClient(w().server.port()).get("/api/v1/exchange/keys").json()["keys"][0];
  EXPECT_EQ(cert["key_id"], key["key_id"]);
  const std::string payload = *crypto::unbase64(cert["payload"].get<std::string>());
  const auto doc = json::parse(payload);
  EXPECT_EQ(doc["trade_id"], trade["id"]);
  EXPECT_EQ(doc["buyer"]["legal_name"], "王小明");
  EXPECT_EQ(doc["contract"]["id"], trade["contract_id"]);
  EXPECT_EQ(doc["amount_fen"], kPrice);

  const auto dir = w().server.data_dir().parent_path();
  std::ofstream(dir / "exchange.pub") << key["public_key_pem"].get<std::string>();
  std::ofstream(dir / "cert.payload", std::ios::binary) << payload;
  std::ofstream(dir / "cert.sig", std::ios::binary) << *crypto::unbase64(cert["signature"].get<std::string>());
  const std::string cmd = "openssl pkeyutl -verify -pubin -inkey " + (dir / "exchange.pub").string() + " -rawin -in " +
                          (dir / "cert.payload").string() + " -sigfile " + (dir / "cert.sig").string() + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  std::string changed = payload;
  changed[changed.size() / 2] ^= 0x01;
  std::ofstream(dir / "cert.payload", std::ios::binary | std::ios::trunc) << changed;
  EXPECT_NE(std::system(cmd.c_str()), 0);
}

// Short windows, checked every second.
json short_windows(int delivery_s, int acceptance_s) {
  return {{"settlement", {{"delivery_window_s", delivery_s}, {"acceptance_window_s", acceptance_s}, {"timer_check_s", 1}}}};
}

TEST(TradeTimers, DeliveryWindowLapseRefundsAndAcceptanceWindowLapseSettles) {
  TradingWorld w(short_windows(2, 2));
  const auto api = w.listed_offer("api");
  const auto file = w.listed_offer("file");
  auto buyer = w.funded_buyer(2 * kPrice);
  const std::string refunded = TradingWorld::buy(*buyer.client, api)["id"];
  const std::string settled = TradingWorld::buy(*buyer.client, file)["id"];
  EXPECT_EQ(TradingWorld::wait_for_status(*buyer.client, refunded, "refunded"), "refunded");
  EXPECT_EQ(TradingWorld::wait_for_status(*buyer.client, settled, "settled"), "settled");
  EXPECT_EQ(TradingWorld::balance(*buyer.client)["available_fen"], kPrice);
  EXPECT_EQ(TradingWorld::balance(*w.seller.client)["available_fen"], kPrice - kPrice * 100 / 10000);
  std::size_t fired = 0;
  for (const auto& r : all_records(*w.admin)) fired += r["action"] == "trade.timer_fired";
  EXPECT_EQ(fired, 2u);
}

TEST(TradeTimers, ATimerDueWhileTheServerWasDownFiresAfterStart) {
  TradingWorld w(short_windows(3600, 2));
  const auto offer = w.listed_offer("file");
  auto buyer = w.funded_buyer(kPrice);
  const std::string id = TradingWorld::buy(*buyer.client, offer)["id"];
  ASSERT_EQ(w.server.stop_gracefully(), 0);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  w.server.start();
  HttpsClient again(w.server.port());
  again.token = buyer.client->token;
  EXPECT_EQ(TradingWorld::wait_for_status(again, id, "settled", std::chrono::seconds(5)), "settled");
}

}  // namespace
}  // namespace dx::test
