// Enforcement that holds (O14, CQO-39) over HTTPS: suspending an account takes its resting orders
// and standing asks out of the books at once, so nothing fills against a suspended party, and
// reinstating it lists its products' standing asks again; a suspended account is refused citing
// O14, and an order for an unknown offer answers after the identity check.
#include <gtest/gtest.h>

#include "trade_fixture.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

constexpr std::int64_t kPrice = 100000;

class EnforcementTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { world_ = new TradingWorld(); }
  static void TearDownTestSuite() { delete world_; }
  TradingWorld& w() { return *world_; }

  HttpResponse suspend(const std::string& account) {
    return w().complaints->post("/api/v1/staff/accounts/" + account + "/suspend", {{"reason", "misused data (O14)"}});
  }
  HttpResponse reinstate(const std::string& account) {
    return w().complaints->post("/api/v1/staff/accounts/" + account + "/reinstate", {{"reason", "rectified"}});
  }
  json book(const std::string& offer) {
    return HttpsClient(w().server.port()).get("/api/v1/offers/" + offer + "/book").json();
  }
  static HttpResponse bid(HttpsClient& c, const std::string& offer, std::int64_t price) {
    return c.post("/api/v1/orders", {{"offer_id", offer}, {"side", "buy"}, {"price_fen", price}, {"quantity", 1},
                                     {"time_in_force", "GTC"}, {"purpose", "research"}});
  }

  static inline TradingWorld* world_ = nullptr;
};

TEST_F(EnforcementTest, SuspendingABuyerCancelsItsRestingBidsAndReleasesTheirMoney) {
  const std::string offer = w().listed_offer("file", kPrice);
  auto buyer = w().funded_buyer(2 * kPrice);
  const auto placed = bid(*buyer.client, offer, kPrice / 2);
  ASSERT_EQ(placed.json()["status"], "open") << placed.body;
  ASSERT_EQ(TradingWorld::balance(*buyer.client)["reserved_fen"], kPrice / 2);

  ASSERT_EQ(suspend(buyer.id).status, 200);
  const auto cancelled = buyer.client->get("/api/v1/orders?status=cancelled").json()["items"];
  ASSERT_EQ(cancelled.size(), 1u) << cancelled.dump();
  EXPECT_EQ(cancelled[0]["id"], placed.json()["id"]);
  EXPECT_EQ(cancelled[0]["reason"], "account_suspended");
  EXPECT_EQ(TradingWorld::balance(*buyer.client), (json{{"available_fen", 2 * kPrice}, {"reserved_fen", 0}}));
  EXPECT_TRUE(book(offer)["bids"].empty());

  auto refused = bid(*buyer.client, offer, kPrice);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.json()["code"], "account_suspended");
  EXPECT_EQ(refused.json()["rule"], "O14");
  EXPECT_EQ(refused.json()["basis"], "CQO-39");
  ASSERT_EQ(reinstate(buyer.id).status, 200);
  EXPECT_EQ(bid(*buyer.client, offer, kPrice).json()["status"], "filled");
}

TEST_F(EnforcementTest, NothingFillsAgainstASuspendedSellerAndReinstatingRestoresItsStandingAsks) {
  auto seller = verified_person(w().server.port(), *w().kyc, "Seller to suspend");
  auto p = sample_product(upload(*seller.client, sample_csv(), "text/csv", "trips.csv"));
  const std::string offer = list_product(*seller.client, *w().reviewer, p)["offers"][0]["id"];
  ASSERT_EQ(book(offer)["asks"].size(), 1u);
  auto buyer = w().funded_buyer(2 * kPrice);

  ASSERT_EQ(suspend(seller.id).status, 200);
  EXPECT_TRUE(book(offer)["asks"].empty()) << "the standing ask left the book with its seller";
  auto refused = bid(*buyer.client, offer, kPrice);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.json()["code"], "product_not_tradable");
  EXPECT_EQ(refused.json()["rule"], "O14");
  EXPECT_EQ(TradingWorld::balance(*buyer.client)["reserved_fen"], 0);

  ASSERT_EQ(reinstate(seller.id).status, 200);
  const auto asks = book(offer)["asks"];
  ASSERT_EQ(asks.size(), 1u) << asks.dump();
  EXPECT_EQ(asks[0]["price_fen"], kPrice);
  EXPECT_EQ(bid(*buyer.client, offer, kPrice).json()["status"], "filled");
}

TEST_F(EnforcementTest, ASuspendedSellerCannotListCitingO14) {
  auto seller = verified_person(w().server.port(), *w().kyc, "Seller suspended before listing");
  const auto draft = sample_product(upload(*seller.client, sample_csv(), "text/csv"));
  ASSERT_EQ(suspend(seller.id).status, 200);
  auto r = seller.client->post("/api/v1/products", draft);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["code"], "account_suspended");
  EXPECT_EQ(r.json()["rule"], "O14");
  EXPECT_EQ(r.json()["basis"], "CQO-39");
}

TEST_F(EnforcementTest, AnUnknownOfferAnswersAfterTheIdentityCheck) {
  HttpsClient unverified(w().server.port());
  register_and_sign_in(unverified, unique_email("unverified-orderer"));
  auto r = bid(unverified, "off_does_not_exist", kPrice);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.json()["code"], "kyc_required");

  auto verified = w().funded_buyer(kPrice);
  r = bid(*verified.client, "off_does_not_exist", kPrice);
  EXPECT_EQ(r.status, 404) << r.body;

  ASSERT_EQ(suspend(verified.id).status, 200);
  r = bid(*verified.client, "off_does_not_exist", kPrice);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.json()["code"], "account_suspended");
}

}  // namespace
}  // namespace dx::test
