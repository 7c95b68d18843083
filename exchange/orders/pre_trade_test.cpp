#include "orders/pre_trade.hpp"

#include <gtest/gtest.h>

namespace dx::orders {
namespace {

Caller verified_buyer() { return {"buyer", true, false, "CN"}; }
OfferFacts listed_offer() { return {"listed", true, "seller", {"research", "teaching"}, false, false, false}; }

TEST(PreTrade, ACleanBuyPasses) {
  EXPECT_FALSE(pre_trade_refusal(verified_buyer(), listed_offer(), Side::buy, "research"));
}

// The refusal's code and the rule and basis it cites.
void expect_refusal(const std::optional<Error>& r, Errc code, const std::string& rule, const std::string& basis) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, code);
  EXPECT_EQ(r->rule, rule);
  EXPECT_EQ(r->basis, basis);
}

TEST(PreTrade, IdentityComesFirst) {
  auto caller = verified_buyer();
  caller.verified = false;
  auto offer = listed_offer();
  offer.product_status = "withdrawn";
  expect_refusal(pre_trade_refusal(caller, offer, Side::buy, "marketing"), Errc::kyc_required, "O2", "CQ-37(2)");
  expect_refusal(caller_refusal(caller), Errc::kyc_required, "O2", "CQ-37(2)");
}

TEST(PreTrade, SuspendedAccountsDoNotTradeCitingO14) {
  auto caller = verified_buyer();
  caller.suspended = true;
  caller.verified = false;
  expect_refusal(pre_trade_refusal(caller, listed_offer(), Side::buy, "research"), Errc::account_suspended, "O14",
                 "CQO-39");
  EXPECT_FALSE(caller_refusal(verified_buyer()));
}

TEST(PreTrade, NothingTradesAgainstASuspendedSeller) {
  auto offer = listed_offer();
  offer.seller_suspended = true;
  expect_refusal(pre_trade_refusal(verified_buyer(), offer, Side::buy, "research"), Errc::product_not_tradable, "O14",
                 "CQO-39");
}

TEST(PreTrade, OnlyListedCurrentVersionsTrade) {
  auto offer = listed_offer();
  offer.product_status = "suspended";
  EXPECT_EQ(pre_trade_refusal(verified_buyer(), offer, Side::buy, "research")->code, Errc::product_not_tradable);
  offer = listed_offer();
  offer.current_version = false;
  EXPECT_EQ(pre_trade_refusal(verified_buyer(), offer, Side::buy, "research")->code, Errc::product_not_tradable);
}

TEST(PreTrade, OnlyTheSellerSells) {
  EXPECT_EQ(pre_trade_refusal(verified_buyer(), listed_offer(), Side::sell, "")->code, Errc::not_seller);
  Caller seller{"seller", true, false, "CN"};
  EXPECT_FALSE(pre_trade_refusal(seller, listed_offer(), Side::sell, ""));
}

TEST(PreTrade, PurposeMustBeTheOffers) {
  auto r = pre_trade_refusal(verified_buyer(), listed_offer(), Side::buy, "marketing");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, Errc::purpose_not_permitted);
  EXPECT_EQ(r->rule, "O12");
}

TEST(PreTrade, BuyersAbroadNeedACrossBorderOfferOfGeneralDataWithoutPersonalInformation) {
  Caller abroad{"buyer", true, false, "SG"};
  auto offer = listed_offer();
  EXPECT_EQ(pre_trade_refusal(abroad, offer, Side::buy, "research")->rule, "P8");
  offer.cross_border = true;
  EXPECT_FALSE(pre_trade_refusal(abroad, offer, Side::buy, "research"));
  offer.important = true;
  EXPECT_EQ(pre_trade_refusal(abroad, offer, Side::buy, "research")->code, Errc::cross_border_prohibited);
  offer.important = false;
  offer.personal_information = true;
  EXPECT_EQ(pre_trade_refusal(abroad, offer, Side::buy, "research")->basis, "CQ-10");
}

}  // namespace
}  // namespace dx::orders
