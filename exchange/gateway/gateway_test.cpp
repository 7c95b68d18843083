// The gateway's pure parts: a licence's decision on each call (every refusal in its order), the
// licensed routes, the path a call is forwarded to, and the meter's quotas, rates and leases.
#include <gtest/gtest.h>

#include "gateway/licence.hpp"
#include "gateway/meter.hpp"

namespace dx::gateway {
namespace {

using std::chrono::milliseconds;

const TimePoint kNow = parse_rfc3339("2026-12-07T12:00:00Z").value();

Licence licence() {
  Licence l{.trade_id = "trd_1", .buyer_id = "acc_b", .seller_id = "acc_s", .product_id = "prd_1",
            .delivery_mode = "gateway", .trade_status = "delivered", .product_status = "listed",
            .term_end = kNow + std::chrono::hours(24)};
  l.upstream.routes = {{"GET", "/v1/items"}, {"ANY", "/v1/search/"}};
  return l;
}

Errc refusal(const Licence& l, std::string_view caller = "acc_b", TimePoint at = kNow) {
  auto st = permits(l, caller, at);
  return st ? Errc::internal : st.error().code;
}

TEST(GatewayLicence, PermitsTheBuyerOfADeliveredListedLicenceWithinItsTerm) {
  EXPECT_TRUE(permits(licence(), "acc_b", kNow));
  for (const char* status : {"settled", "disputed"}) {
    auto l = licence();
    l.trade_status = status;
    EXPECT_TRUE(permits(l, "acc_b", kNow)) << status;
  }
}

TEST(GatewayLicence, RefusesInItsOrder) {
  EXPECT_EQ(refusal(licence(), "acc_other"), Errc::not_found) << "another account's licence is missing";
  auto file = licence();
  file.delivery_mode = "file";
  EXPECT_EQ(refusal(file), Errc::not_found);
  auto l = licence();
  l.buyer_suspended = true;
  l.product_status = "suspended";
  EXPECT_EQ(refusal(l), Errc::account_suspended);
  l.buyer_suspended = false;
  EXPECT_EQ(refusal(l), Errc::product_not_tradable);
  EXPECT_EQ(permits(l, "acc_b", kNow).error().rule, "O13");
  l.product_status = "listed";
  l.seller_suspended = true;
  EXPECT_EQ(refusal(l), Errc::product_not_tradable);
  EXPECT_EQ(permits(l, "acc_b", kNow).error().rule, "O14");
  l.seller_suspended = false;
  for (const char* status : {"awaiting_delivery", "refunded", "frozen", "pending"}) {
    l.trade_status = status;
    EXPECT_EQ(refusal(l), Errc::licence_inactive) << status;
  }
  l.trade_status = "settled";
  EXPECT_EQ(refusal(l, "acc_b", *l.term_end), Errc::licence_inactive) << "the term's end is its last instant";
  EXPECT_EQ(permits(l, "acc_b", *l.term_end).error().rule, "O12");
}

TEST(GatewayLicence, RoutesMatchByMethodAndWholeSegments) {
  const auto l = licence();
  EXPECT_TRUE(licensed_route(l, "GET", "/v1/items"));
  EXPECT_TRUE(licensed_route(l, "GET", "/v1/items/3"));
  EXPECT_TRUE(licensed_route(l, "HEAD", "/v1/items")) << "HEAD is a GET without its body";
  EXPECT_FALSE(licensed_route(l, "GET", "/v1/itemsX"));
  EXPECT_FALSE(licensed_route(l, "POST", "/v1/items"));
  EXPECT_FALSE(licensed_route(l, "GET", "/v1"));
  EXPECT_TRUE(licensed_route(l, "DELETE", "/v1/search/x"));
  EXPECT_EQ(licensed_route(l, "GET", "/admin").error().code, Errc::route_not_licensed);
}

TEST(GatewayLicence, PathsAreReadOnceAndForwardedAsChecked) {
  auto p = canonical_path("v1/items/%E4%B8%AD%20x");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->decoded, "/v1/items/中 x");
  EXPECT_EQ(p->encoded, "/v1/items/%E4%B8%AD%20x");
  EXPECT_EQ(canonical_path("v1//items/")->encoded, "/v1/items/") << "empty segments go, a trailing slash stays";
  EXPECT_EQ(canonical_path("")->encoded, "/");
  EXPECT_EQ(canonical_path("a%7eb")->encoded, "/a~b") << "unreserved characters are not encoded";
  for (const char* bad : {"v1/../admin", "v1/%2e%2e/admin", "v1/./x", "v1%2Fadmin", "v1/%5cadmin", "v1\\admin",
                          "v1/%0d%0aHost:x", "v1/%zz", "v1/%4", "v1/%"})
    EXPECT_EQ(canonical_path(bad).error().code, Errc::route_not_licensed) << bad;
}

TEST(GatewayMeter, QuotaIsExactAcrossCallsInFlightAndWritten) {
  Meter m([](const std::string&) { return std::int64_t{3}; });  // three written before
  const Limits limits{5, std::nullopt};
  EXPECT_TRUE(m.take("t", limits, kNow));
  EXPECT_TRUE(m.take("t", limits, kNow)) << "in flight, not finished";
  EXPECT_EQ(m.take("t", limits, kNow).error().code, Errc::quota_exhausted);
  m.give_back("t");  // one never reached the upstream
  EXPECT_TRUE(m.take("t", limits, kNow));
  m.finished("t", "2026-12-07", 10, "{}");
  m.finished("t", "2026-12-07", 20, "{}");
  auto d = m.drain();
  EXPECT_EQ(d.calls, 2);
  EXPECT_EQ(d.bytes_out, 30);
  EXPECT_EQ(d.log, "{}\n{}\n");
  m.committed(d);
  EXPECT_EQ(m.take("t", limits, kNow).error().code, Errc::quota_exhausted) << "written calls still count";
  EXPECT_TRUE(m.drain().empty());
}

TEST(GatewayMeter, AFailedWriteKeepsItsCountsForTheNextBatch) {
  Meter m([](const std::string&) { return std::int64_t{0}; });
  ASSERT_TRUE(m.take("t", {}, kNow));
  m.finished("t", "2026-12-07", 7, "a");
  auto d = m.drain();
  m.failed(std::move(d));
  const auto again = m.drain();
  EXPECT_EQ(again.calls, 1);
  EXPECT_EQ(again.bytes_out, 7);
  EXPECT_EQ(again.log, "a\n");
  EXPECT_EQ(m.pending("t").size(), 0u);
}

TEST(GatewayMeter, RateIsABucketOfOneSecond) {
  Meter m([](const std::string&) { return std::int64_t{0}; });
  const Limits limits{std::nullopt, 2};
  EXPECT_TRUE(m.take("t", limits, kNow));
  EXPECT_TRUE(m.take("t", limits, kNow));
  const auto refused = m.take("t", limits, kNow);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::rate_limited);
  EXPECT_EQ(refused.error().retry_after_s, 1);
  EXPECT_TRUE(m.take("t", limits, kNow + milliseconds(500))) << "half a second refills one call";
  EXPECT_FALSE(m.take("t", limits, kNow + milliseconds(500)));
  EXPECT_TRUE(m.take("t", limits, kNow + std::chrono::seconds(5)));
  EXPECT_TRUE(m.take("t", limits, kNow + std::chrono::seconds(5)));
  EXPECT_FALSE(m.take("t", limits, kNow + std::chrono::seconds(5))) << "never more than a second's worth";
}

TEST(GatewayMeter, LeasesToNodesCountUntilUsedOrExpired) {
  Meter m([](const std::string&) { return std::int64_t{0}; });
  const Limits limits{5, std::nullopt};
  auto a = m.lease("t", limits, "g1", 3, kNow + std::chrono::seconds(30));
  ASSERT_TRUE(a);
  EXPECT_EQ(**a, 3);
  auto b = m.lease("t", limits, "g2", 3, kNow + std::chrono::seconds(30));
  ASSERT_TRUE(b);
  EXPECT_EQ(**b, 2) << "only what is left";
  EXPECT_EQ(m.lease("t", limits, "g3", 3, kNow).error().code, Errc::quota_exhausted);
  EXPECT_EQ(m.take("t", limits, kNow).error().code, Errc::quota_exhausted) << "leased calls are not the exchange's to use";
  m.reported("t", "g1", 1);  // one used at a node, two of g1 still leased
  m.expire_leases(kNow + std::chrono::seconds(31), milliseconds(0));
  EXPECT_EQ(m.counted("t"), 1) << "the unused leases came back";
  EXPECT_FALSE(*m.lease("u", {}, "g4", 3, kNow)) << "no quota: nothing to lease, unlimited";
}

TEST(GatewayMeter, TimeTextIsFormattedOncePerSecondAndExact) {
  EXPECT_EQ(rfc3339_text(kNow + milliseconds(7)), "2026-12-07T12:00:00.007Z");
  EXPECT_EQ(rfc3339_text(kNow + milliseconds(999)), "2026-12-07T12:00:00.999Z");
  EXPECT_EQ(rfc3339_text(kNow + milliseconds(1250)), "2026-12-07T12:00:01.250Z");
  EXPECT_EQ(rfc3339_text(kNow + std::chrono::hours(12)), to_rfc3339(kNow + std::chrono::hours(12)));
  EXPECT_EQ(utc_day(kNow + std::chrono::hours(12)), "2026-12-08");
}

}  // namespace
}  // namespace dx::gateway
