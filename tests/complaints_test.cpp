// API.md "Complaints" over HTTPS (O7, CD-25; O13, CQO-41; O14, CQO-39): filing by any account with
// deadlines from config, precautionary suspension in the same transaction, the officers' queue and
// actions (withdraw refunds the buyers, fix-then-reopen returns the product with a finding, dismiss
// brings it back with its standing ask), the seller's answers, who sees what, notifications, and a
// suspended account's loss of access.
#include <gtest/gtest.h>

#include "core/time.hpp"
#include "trade_fixture.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

constexpr int kAcknowledgeS = 2;
constexpr int kDecideS = 3600;
constexpr std::int64_t kPrice = 100000;

class ComplaintsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world_ = new TradingWorld(
        json{{"complaints", {{"acknowledge_s", kAcknowledgeS}, {"decide_s", kDecideS}}}});
  }
  static void TearDownTestSuite() { delete world_; }

  TradingWorld& w() { return *world_; }
  HttpsClient& seller() { return *w().seller.client; }
  HttpsClient& officer() { return *w().complaints; }

  // A listed product of the seller with a title of its own; the product as its seller sees it.
  json listed() {
    static int n = 0;
    auto p = sample_product(upload(seller(), sample_csv(), "text/csv", "trips.csv"));
    p["title"] = "Taxi trips by district, set " + std::to_string(++n);
    return list_product(seller(), *w().reviewer, p);
  }

  // A signed-in account that never verified its identity (a rights holder need not trade here).
  Party outsider() {
    Party p{std::make_unique<HttpsClient>(w().server.port()), "", unique_email("objector")};
    p.id = register_and_sign_in(*p.client, p.email)["id"];
    return p;
  }

  // An identity-verified rights holder: its grave complaints with evidence suspend at once (O13).
  Party verified_objector() { return verified_person(w().server.port(), *w().kyc, "Rights holder"); }

  static std::string evidence(HttpsClient& c) {
    return upload(c, "Letter: the data subjects never consented.", "text/plain", "evidence.txt");
  }

  static HttpResponse file(HttpsClient& c, const json& body) {
    return c.post("/api/v1/complaints", body);
  }

  static json grave(const std::string& product, const std::string& evidence_id,
                    const std::string& type = "privacy") {
    return {{"product_id", product},
            {"type", type},
            {"statement", "This dataset holds our customers' trips."},
            {"evidence_file_ids", {evidence_id}}};
  }

  HttpResponse act(const std::string& id, const std::string& action, const std::string& remedy = "",
                   const std::string& note = "") {
    json body = {{"action", action}};
    if (!remedy.empty()) body["remedy"] = remedy;
    if (!note.empty()) body["note"] = note;
    return officer().post("/api/v1/staff/complaints/" + id + "/actions", body);
  }

  // A complaint filed by a verified rights holder with evidence, which suspends `product` at once.
  std::string suspend(const std::string& product, const std::string& type = "privacy") {
    auto objector = verified_objector();
    auto r = file(*objector.client, grave(product, evidence(*objector.client), type));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  static bool notified(HttpsClient& c, const std::string& needle) {
    const json page = c.get("/api/v1/notifications?limit=500").json();
    for (const auto& n : page["items"])
      if (n["text"].get<std::string>().find(needle) != std::string::npos) return true;
    return false;
  }

  static json product(HttpsClient& c, const std::string& id) {
    return c.get("/api/v1/products/" + id).json();
  }

  bool in_catalog(const std::string& id) {
    const json page = HttpsClient(w().server.port()).get("/api/v1/catalog?limit=500").json();
    for (const auto& item : page["items"])
      if (item["id"] == id) return true;
    return false;
  }

  json book(const std::string& offer) {
    return HttpsClient(w().server.port()).get("/api/v1/offers/" + offer + "/book").json();
  }

  static HttpResponse bid(HttpsClient& c, const std::string& offer, std::int64_t price) {
    return c.post("/api/v1/orders", {{"offer_id", offer},
                                     {"side", "buy"},
                                     {"price_fen", price},
                                     {"quantity", 1},
                                     {"time_in_force", "GTC"},
                                     {"purpose", "research"}});
  }

  static std::string status_of(HttpsClient& c, const std::string& trade) {
    return c.get("/api/v1/trades/" + trade).json()["status"];
  }

  bool has_record(const std::string& action, const std::string& subject) {
    for (const auto& r : all_records(*w().admin))
      if (r["action"] == action && r["subject"] == subject) return true;
    return false;
  }

  static inline TradingWorld* world_ = nullptr;
};

std::int64_t seconds_between(const json& from, const json& to) {
  return std::chrono::duration_cast<std::chrono::seconds>(*parse_rfc3339(to.get<std::string>()) -
                                                          *parse_rfc3339(from.get<std::string>()))
      .count();
}

TEST_F(ComplaintsTest, AnyAccountFilesAComplaintWithDeadlinesFromConfig) {
  const auto p = listed();
  auto objector = outsider();
  auto r = file(*objector.client, {{"product_id", p["id"]},
                                   {"type", "quality"},
                                   {"statement", "Half the rows are empty."},
                                   {"evidence_file_ids", {evidence(*objector.client)}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto k = r.json();
  EXPECT_EQ(k["status"], "received");
  EXPECT_EQ(seconds_between(k["created_at"], k["acknowledge_due_at"]), kAcknowledgeS);
  EXPECT_EQ(seconds_between(k["created_at"], k["decision_due_at"]), kDecideS);
  EXPECT_FALSE(k["suspended_product"].get<bool>()) << "a quality complaint waits for the officer";
  EXPECT_EQ(product(seller(), p["id"])["status"], "listed");
  EXPECT_EQ(k["history"][0]["action"], "received");
  EXPECT_TRUE(
      notified(*objector.client, "We received your complaint " + k["id"].get<std::string>()));
  EXPECT_TRUE(notified(seller(), "A complaint of type quality was made about your product '" +
                                     p["title"].get<std::string>()));
  EXPECT_TRUE(has_record("complaint.received", k["id"]));

  auto no_evidence =
      file(*objector.client,
           {{"product_id", p["id"]}, {"type", "unauthorized"}, {"statement", "Ours."}});
  ASSERT_EQ(no_evidence.status, 201) << no_evidence.body;
  EXPECT_FALSE(no_evidence.json()["suspended_product"].get<bool>())
      << "an objection without evidence suspends nothing";
  EXPECT_EQ(product(seller(), p["id"])["status"], "listed");
}

TEST_F(ComplaintsTest, AnUnverifiedComplainantsGraveComplaintHeadsTheQueueInsteadOfSuspending) {
  const auto p = listed();
  auto objector = outsider();
  auto r = file(*objector.client, grave(p["id"], evidence(*objector.client), "unauthorized"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(r.json()["suspended_product"].get<bool>()) << "anyone can complain, not anyone can delist";
  EXPECT_EQ(product(seller(), p["id"])["status"], "listed");
  EXPECT_TRUE(in_catalog(p["id"]));
  // Acknowledged within complaints.priority_acknowledge_s (or sooner when acknowledge_s is shorter).
  EXPECT_LE(seconds_between(r.json()["created_at"], r.json()["acknowledge_due_at"]), 3600);
}

TEST_F(ComplaintsTest, EmptyEvidenceIsRefusedAndNothingIsSuspended) {
  const auto p = listed();
  auto objector = verified_objector();
  auto r = file(*objector.client, grave(p["id"], upload(*objector.client, "", "text/plain", "empty.txt")));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "evidence_file_ids[0]");
  EXPECT_EQ(product(seller(), p["id"])["status"], "listed");
}

TEST_F(ComplaintsTest, BadFilingsAreProblemsThatNameTheField) {
  const auto p = listed();
  auto objector = outsider();
  auto other = outsider();
  const json base = {{"type", "privacy"}, {"statement", "x"}};
  auto expect_field = [&](json body, const std::string& field) {
    auto r = file(*objector.client, body);
    EXPECT_EQ(r.status, 422) << body.dump() << " " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    bool named = false;
    const json problem = r.json();
    for (const auto& e : problem["errors"]) named = named || e["field"] == field;
    EXPECT_TRUE(named) << field << " in " << r.body;
  };
  expect_field(base, "product_id");
  json both = base;
  both["product_id"] = p["id"];
  both["trade_id"] = "trd_x";
  expect_field(both, "trade_id");
  json typed = base;
  typed["product_id"] = p["id"];
  typed["type"] = "spam";
  expect_field(typed, "type");
  json theirs = base;
  theirs["product_id"] = p["id"];
  theirs["evidence_file_ids"] = {evidence(*other.client)};
  expect_field(theirs, "evidence_file_ids[0]");
  EXPECT_EQ(product(seller(), p["id"])["status"], "listed") << "a refused filing suspends nothing";

  json missing = base;
  missing["product_id"] = "prd_missing";
  EXPECT_EQ(file(*objector.client, missing).status, 404);
  EXPECT_EQ(objector.client
                ->request("POST", "/api/v1/complaints", "{not json",
                          {{"Content-Type", "application/json"}})
                .status,
            400);
  EXPECT_EQ(HttpsClient(w().server.port()).post("/api/v1/complaints", missing).status, 401);
}

TEST_F(ComplaintsTest, GraveComplaintWithEvidenceSuspendsTheProductInTheSameStep) {
  const auto p = listed();
  const std::string id = p["id"], offer = p["offers"][0]["id"], title = p["title"];
  auto buyer = w().funded_buyer(kPrice);
  const std::string trade = TradingWorld::buy(*buyer.client, offer)["id"];
  auto bidder = w().funded_buyer(kPrice);
  ASSERT_EQ(bid(*bidder.client, offer, 40000).json()["status"], "open");
  EXPECT_EQ(TradingWorld::balance(*bidder.client)["reserved_fen"], 40000);

  auto objector = verified_objector();
  auto r = file(*objector.client, grave(id, evidence(*objector.client)));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json()["suspended_product"].get<bool>());
  EXPECT_EQ(r.json()["history"][1]["action"], "product_suspended");

  EXPECT_EQ(product(seller(), id)["status"], "suspended");
  EXPECT_FALSE(in_catalog(id));
  EXPECT_EQ(HttpsClient(w().server.port()).get("/api/v1/products/" + id).status, 404);
  EXPECT_TRUE(book(offer)["asks"].empty());
  EXPECT_TRUE(book(offer)["bids"].empty());
  EXPECT_EQ(TradingWorld::balance(*bidder.client),
            (json{{"available_fen", kPrice}, {"reserved_fen", 0}}));
  EXPECT_EQ(status_of(*buyer.client, trade), "frozen");
  EXPECT_EQ(buyer.client->get("/api/v1/trades/" + trade + "/data").status, 409)
      << "a frozen trade delivers nothing";
  auto refused = bid(*bidder.client, offer, kPrice);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.json()["code"], "product_not_tradable");

  EXPECT_TRUE(notified(
      seller(), "Your product '" + title +
                    "' is suspended while a complaint of type privacy is verified (O13, CQO-41)."));
  EXPECT_TRUE(notified(*buyer.client, "Your trade " + trade + " of '" + title + "' is frozen"));
  EXPECT_TRUE(notified(*bidder.client, "is cancelled and its reserved money released"));
  EXPECT_TRUE(notified(*objector.client, "'" + title + "' you complained about is suspended"));
  EXPECT_TRUE(has_record("product.suspended", id));
  EXPECT_TRUE(has_record("trade.frozen", trade));
  EXPECT_TRUE(has_record("complaint.product_suspended", r.json()["id"]));
}

TEST_F(ComplaintsTest, UpheldWithWithdrawWithdrawsTheProductAndRefundsEveryUnsettledTrade) {
  const auto p = listed();
  const std::string id = p["id"], offer = p["offers"][0]["id"], title = p["title"];
  auto first = w().funded_buyer(kPrice);
  auto second = w().funded_buyer(kPrice);
  const std::string t1 = TradingWorld::buy(*first.client, offer)["id"];
  const std::string t2 = TradingWorld::buy(*second.client, offer)["id"];
  ASSERT_EQ(
      second.client->post("/api/v1/trades/" + t2 + "/dispute", {{"reason", "rows missing"}}).status,
      200);
  const std::int64_t seller_before = TradingWorld::balance(seller())["available_fen"];
  const std::string k = suspend(id, "unauthorized");

  ASSERT_EQ(act(k, "acknowledge").status, 200);
  auto upheld = act(k, "uphold", "withdraw", "The grantor confirmed no licence was given.");
  ASSERT_EQ(upheld.status, 200) << upheld.body;
  EXPECT_EQ(upheld.json()["status"], "upheld");
  EXPECT_EQ(upheld.json()["remedy"], "withdraw");

  EXPECT_EQ(product(seller(), id)["status"], "withdrawn");
  EXPECT_EQ(status_of(*first.client, t1), "refunded");
  EXPECT_EQ(status_of(*second.client, t2), "refunded");
  EXPECT_EQ(TradingWorld::balance(*first.client),
            (json{{"available_fen", kPrice}, {"reserved_fen", 0}}));
  EXPECT_EQ(TradingWorld::balance(*second.client),
            (json{{"available_fen", kPrice}, {"reserved_fen", 0}}));
  EXPECT_EQ(TradingWorld::balance(seller())["available_fen"], seller_before)
      << "the seller is paid nothing";
  EXPECT_EQ(bid(*first.client, offer, kPrice).json()["code"], "product_not_tradable");
  EXPECT_TRUE(notified(
      *first.client, "Your trade " + t1 + " of '" + title + "' is refunded: 100000 fen went back"));
  EXPECT_TRUE(notified(seller(), "Your product '" + title +
                                     "' is withdrawn: a complaint of type unauthorized about it "
                                     "was upheld under P3 (CQ-36(2)"));
  EXPECT_TRUE(has_record("trade.refunded", t1));
  EXPECT_TRUE(has_record("product.withdrawn", id));
  EXPECT_TRUE(has_record("complaint.upheld", k));
  EXPECT_EQ(act(k, "dismiss").json()["code"], "invalid_state")
      << "a decided complaint stays decided";
}

TEST_F(ComplaintsTest, DismissedComplaintBringsTheProductBackWithItsStandingAskAndResumesTrades) {
  const auto p = listed();
  const std::string id = p["id"], offer = p["offers"][0]["id"], title = p["title"];
  auto buyer = w().funded_buyer(2 * kPrice);
  const std::string trade = TradingWorld::buy(*buyer.client, offer)["id"];
  auto objector = verified_objector();
  auto filed = file(*objector.client, grave(id, evidence(*objector.client)));
  const std::string k = filed.json()["id"];
  ASSERT_EQ(status_of(*buyer.client, trade), "frozen");

  auto dismissed = act(k, "dismiss", "", "The data is aggregated; no person can be identified.");
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_EQ(dismissed.json()["status"], "dismissed");
  EXPECT_EQ(product(seller(), id)["status"], "listed");
  EXPECT_TRUE(in_catalog(id));
  const auto asks = book(offer)["asks"];
  ASSERT_EQ(asks.size(), 1u) << asks.dump();
  EXPECT_EQ(asks[0]["price_fen"], kPrice);
  const auto resumed = buyer.client->get("/api/v1/trades/" + trade).json();
  EXPECT_EQ(resumed["status"], "delivered");
  EXPECT_FALSE(resumed["acceptance_due_at"].is_null()) << "the acceptance window runs again";
  EXPECT_EQ(TradingWorld::buy(*buyer.client, offer)["status"], "delivered")
      << "the product trades again";
  EXPECT_TRUE(notified(seller(), "Your product '" + title + "' is listed again"));
  EXPECT_TRUE(notified(*buyer.client, "Your trade " + trade + " of '" + title + "' resumes"));
  EXPECT_TRUE(notified(*objector.client, "Your complaint " + k + " is dismissed"));
  EXPECT_TRUE(notified(seller(), "A complaint of type privacy about '" + title + "' is dismissed"));
  EXPECT_TRUE(has_record("product.restored", id));
  EXPECT_TRUE(has_record("trade.released", trade));
}

TEST_F(ComplaintsTest, ARestoredSeatLimitedOfferAsksOnlyForTheSeatsNotYetSold) {
  auto p = sample_product(upload(seller(), sample_csv(), "text/csv", "trips.csv"));
  p["title"] = "Taxi trips, three seats";
  p["offers"][0]["seats"] = 3;
  const auto listed_product = list_product(seller(), *w().reviewer, p);
  const std::string id = listed_product["id"], offer = listed_product["offers"][0]["id"];
  auto buyer = w().funded_buyer(kPrice);
  TradingWorld::buy(*buyer.client, offer);
  const std::string k = suspend(id);
  ASSERT_EQ(act(k, "dismiss", "", "Aggregated data.").status, 200);
  const auto asks = book(offer)["asks"];
  ASSERT_EQ(asks.size(), 1u) << asks.dump();
  EXPECT_EQ(asks[0]["quantity"], 2);
}

TEST_F(ComplaintsTest, AProductStaysSuspendedWhileAnotherOpenComplaintHoldsIt) {
  const auto p = listed();
  const std::string id = p["id"];
  const std::string first = suspend(id, "privacy");
  const std::string second = suspend(id, "unauthorized");
  ASSERT_EQ(act(first, "dismiss").status, 200);
  EXPECT_EQ(product(seller(), id)["status"], "suspended") << "the second complaint still holds it";
  EXPECT_FALSE(in_catalog(id));
  ASSERT_EQ(act(second, "dismiss").status, 200);
  EXPECT_EQ(product(seller(), id)["status"], "listed");
  EXPECT_TRUE(in_catalog(id));
}

TEST_F(ComplaintsTest, FixThenReopenReturnsTheProductRejectedWithTheComplaintAsABlockFinding) {
  const auto p = listed();
  const std::string id = p["id"], offer = p["offers"][0]["id"];
  auto buyer = w().funded_buyer(kPrice);
  const std::string trade = TradingWorld::buy(*buyer.client, offer)["id"];
  const std::string k = suspend(id, "unauthorized");
  auto r = act(k, "uphold", "fix_then_reopen", "Add the grantor's licence.");
  ASSERT_EQ(r.status, 200) << r.body;

  const auto back = product(seller(), id);
  EXPECT_EQ(back["status"], "rejected");
  bool cited = false;
  for (const auto& f : back["findings"])
    cited = cited || (f["rule"] == "P3" && f["severity"] == "block" &&
                      f["basis"].get<std::string>().find("CQ-36(2)") != std::string::npos &&
                      f["message"].get<std::string>().find(k) != std::string::npos);
  EXPECT_TRUE(cited) << back["findings"].dump();
  EXPECT_EQ(status_of(*buyer.client, trade), "delivered") << "its frozen trade resumes";
  EXPECT_FALSE(in_catalog(id));
  EXPECT_TRUE(notified(seller(), "Fix it and submit it for review again"));

  auto submitted = seller().post("/api/v1/products/" + id + "/submit", json::object());
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(submitted.json()["status"], "in_review")
      << "fixed and screened, it goes to review again";
}

TEST_F(ComplaintsTest, ATradeComplaintFreezesThatTradeOnlyAndIsDecidedForItAlone) {
  const auto p = listed();
  const std::string id = p["id"], offer = p["offers"][0]["id"];
  auto first = w().funded_buyer(kPrice);
  auto second = w().funded_buyer(kPrice);
  const std::string t1 = TradingWorld::buy(*first.client, offer)["id"];
  const std::string t2 = TradingWorld::buy(*second.client, offer)["id"];
  auto stranger = outsider();
  auto theirs =
      file(*stranger.client, {{"trade_id", t1}, {"type", "contract"}, {"statement", "x"}});
  EXPECT_EQ(theirs.status, 404) << "only a party complains about a trade";

  auto on_first = file(*first.client, {{"trade_id", t1},
                                       {"type", "privacy"},
                                       {"statement", "It names people."},
                                       {"evidence_file_ids", {evidence(*first.client)}}});
  ASSERT_EQ(on_first.status, 201) << on_first.body;
  EXPECT_TRUE(on_first.json()["froze_trade"].get<bool>());
  EXPECT_EQ(status_of(*first.client, t1), "frozen");
  EXPECT_EQ(status_of(*second.client, t2), "delivered");
  EXPECT_EQ(product(seller(), id)["status"], "listed");
  EXPECT_TRUE(notified(seller(), "Your trade " + t1));

  auto on_second = file(*second.client, {{"trade_id", t2},
                                         {"type", "privacy"},
                                         {"statement", "Same."},
                                         {"evidence_file_ids", {evidence(*second.client)}}});
  ASSERT_EQ(act(on_first.json()["id"], "uphold", "fix_then_reopen").status, 422);
  ASSERT_EQ(act(on_first.json()["id"], "uphold").status, 200);
  EXPECT_EQ(status_of(*first.client, t1), "refunded");
  EXPECT_EQ(TradingWorld::balance(*first.client)["available_fen"], kPrice);
  ASSERT_EQ(act(on_second.json()["id"], "dismiss").status, 200);
  EXPECT_EQ(status_of(*second.client, t2), "delivered");
  EXPECT_EQ(product(seller(), id)["status"], "listed");
}

TEST_F(ComplaintsTest, QueueShowsTheNearestDeadlineFirstAndMarksTheOverdue) {
  const auto p = listed();
  auto objector = outsider();
  const json body = {{"product_id", p["id"]}, {"type", "other"}, {"statement", "Please check."}};
  const std::string early = file(*objector.client, body).json()["id"];
  const std::string late = file(*objector.client, body).json()["id"];
  ASSERT_EQ(act(early, "acknowledge").status,
            200);  // its next deadline is now the decision's, an hour away
  std::this_thread::sleep_for(std::chrono::seconds(kAcknowledgeS + 1));

  auto q = officer().get("/api/v1/staff/complaints?limit=500");
  ASSERT_EQ(q.status, 200) << q.body;
  int at_early = -1, at_late = -1, i = 0;
  const json items = q.json()["items"];
  for (const auto& k : items) {
    if (k["id"] == early) {
      at_early = i;
      EXPECT_FALSE(k["overdue"].get<bool>());
      EXPECT_EQ(k["due_at"], k["decision_due_at"]);
    }
    if (k["id"] == late) {
      at_late = i;
      EXPECT_TRUE(k["overdue"].get<bool>()) << "not acknowledged in time";
      EXPECT_EQ(k["due_at"], k["acknowledge_due_at"]);
    }
    ++i;
  }
  ASSERT_GE(at_late, 0);
  ASSERT_GE(at_early, 0);
  EXPECT_LT(at_late, at_early);
  std::string prev;
  for (const auto& k : items) {
    EXPECT_LE(prev, k["due_at"].get<std::string>());
    prev = k["due_at"];
  }

  auto page = officer().get("/api/v1/staff/complaints?limit=1");
  ASSERT_FALSE(page.json()["next_cursor"].is_null());
  auto next = officer().get("/api/v1/staff/complaints?limit=1&cursor=" +
                            page.json()["next_cursor"].get<std::string>());
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_NE(next.json()["items"][0]["id"], page.json()["items"][0]["id"]);
  EXPECT_EQ(officer().get("/api/v1/staff/complaints?cursor=zz").status, 422);
  EXPECT_EQ(officer().get("/api/v1/staff/complaints?status=lost").status, 422);
  EXPECT_EQ(seller().get("/api/v1/staff/complaints").status, 403);
  const json acknowledged =
      officer().get("/api/v1/staff/complaints?status=acknowledged&limit=500").json();
  for (const auto& k : acknowledged["items"]) EXPECT_EQ(k["status"], "acknowledged");
}

TEST_F(ComplaintsTest, ActionsOutOfTurnAre409AndBadFieldsAre422) {
  const auto p = listed();
  auto objector = outsider();
  const std::string k =
      file(*objector.client,
           {{"product_id", p["id"]}, {"type", "quality"}, {"statement", "Stale."}})
          .json()["id"];
  EXPECT_EQ(act(k, "request_information", "", "Where is 2025?").json()["code"], "invalid_state")
      << "acknowledge first";
  EXPECT_EQ(act(k, "shout").status, 422);
  EXPECT_EQ(act(k, "dismiss", "withdraw").json()["errors"][0]["field"], "remedy");
  ASSERT_EQ(act(k, "acknowledge").status, 200);
  auto twice = act(k, "acknowledge");
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.json()["code"], "invalid_state");
  EXPECT_EQ(act(k, "request_information").json()["errors"][0]["field"], "note");
  EXPECT_EQ(act(k, "uphold").json()["errors"][0]["field"], "remedy");
  EXPECT_EQ(act("cpl_missing", "acknowledge").status, 404);
  EXPECT_EQ(
      seller().post("/api/v1/staff/complaints/" + k + "/actions", {{"action", "dismiss"}}).status,
      403);
  ASSERT_EQ(act(k, "suspend_product", "", "Verifying the sample.").status, 200);
  EXPECT_EQ(product(seller(), p["id"])["status"], "suspended");
  EXPECT_EQ(act(k, "suspend_product").status, 409) << "already held";
  ASSERT_EQ(act(k, "dismiss").status, 200);
  EXPECT_EQ(product(seller(), p["id"])["status"], "listed");
}

TEST_F(ComplaintsTest, TheSellerIsAskedAndAnswersWithTextAndItsOwnFiles) {
  const auto p = listed();
  auto objector = outsider();
  const std::string k = file(*objector.client, {{"product_id", p["id"]},
                                                {"type", "illegal_source"},
                                                {"statement", "Scraped from our site."}})
                            .json()["id"];
  const std::string answer_path = "/api/v1/complaints/" + k + "/responses";
  EXPECT_EQ(seller().post(answer_path, {{"text", "early"}}).status, 409) << "nothing was asked yet";
  ASSERT_EQ(act(k, "acknowledge").status, 200);
  ASSERT_EQ(act(k, "request_information", "", "Show how the data was collected.").status, 200);
  EXPECT_TRUE(notified(seller(), "Show how the data was collected."));

  const std::string own = upload(seller(), "sensor installation log", "text/plain", "log.txt");
  const std::string foreign = evidence(*objector.client);
  EXPECT_EQ(seller()
                .post(answer_path, {{"text", "See log."}, {"file_ids", {foreign}}})
                .json()["errors"][0]["field"],
            "file_ids[0]");
  EXPECT_EQ(objector.client->post(answer_path, {{"text", "me too"}}).status, 403);
  auto stranger = outsider();
  EXPECT_EQ(stranger.client->post(answer_path, {{"text", "hi"}}).status, 404);
  auto answered = seller().post(
      answer_path, {{"text", "Our roadside sensors; see the log."}, {"file_ids", {own}}});
  ASSERT_EQ(answered.status, 201) << answered.body;
  EXPECT_EQ(answered.json()["status"], "acknowledged");
  EXPECT_EQ(seller().post(answer_path, {{"text", "again"}}).status, 409);

  const auto staff = officer().get("/api/v1/complaints/" + k).json();
  EXPECT_EQ(staff["history"].back()["action"], "seller_responded");
  EXPECT_EQ(staff["history"].back()["file_ids"], json::array({own}));
  EXPECT_EQ(staff["history"].back()["note"], "Our roadside sensors; see the log.");
  EXPECT_TRUE(has_record("complaint.seller_responded", k));
}

TEST_F(ComplaintsTest, TheSellerSeesTheComplaintWithoutTheComplainantAndStrangersSeeNothing) {
  const auto p = listed();
  auto objector = outsider();
  const std::string ev = evidence(*objector.client);
  const std::string k = file(*objector.client, {{"product_id", p["id"]},
                                                {"type", "quality"},
                                                {"statement", "Stale data."},
                                                {"evidence_file_ids", {ev}}})
                            .json()["id"];
  ASSERT_EQ(act(k, "acknowledge", "", "We are looking into it.").status, 200);

  auto mine = objector.client->get("/api/v1/complaints/" + k);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json()["status"], "acknowledged");
  EXPECT_EQ(mine.json()["history"][1], (json{{"at", mine.json()["history"][1]["at"]},
                                             {"action", "acknowledged"},
                                             {"note", "We are looking into it."}}));
  EXPECT_EQ(mine.json()["evidence_file_ids"], json::array({ev}));

  auto seller_view = seller().get("/api/v1/complaints/" + k);
  ASSERT_EQ(seller_view.status, 200);
  EXPECT_EQ(seller_view.json()["statement"], "Stale data.");
  EXPECT_EQ(seller_view.json()["evidence_files"], 1);
  EXPECT_EQ(seller_view.body.find(objector.id), std::string::npos) << seller_view.body;
  EXPECT_EQ(seller_view.body.find(ev), std::string::npos)
      << "evidence file ids would lead to the objector";

  EXPECT_EQ(officer().get("/api/v1/complaints/" + k).json()["complainant_id"], objector.id);
  auto stranger = outsider();
  EXPECT_EQ(stranger.client->get("/api/v1/complaints/" + k).status, 404);
  EXPECT_EQ(w().finance->get("/api/v1/complaints/" + k).status, 404)
      << "finance staff have no business here";

  auto listed_by = [&](HttpsClient& c) {
    const json page = c.get("/api/v1/complaints?limit=500").json();
    for (const auto& item : page["items"])
      if (item["id"] == k) return item["viewer"].get<std::string>();
    return std::string("none");
  };
  EXPECT_EQ(listed_by(*objector.client), "complainant");
  EXPECT_EQ(listed_by(seller()), "seller");
  EXPECT_EQ(listed_by(*stranger.client), "none");
}

TEST_F(ComplaintsTest, NotificationsAreNewestFirstAndPaginated) {
  auto objector = outsider();
  const auto p = listed();
  const json body = {{"product_id", p["id"]}, {"type", "other"}, {"statement", "x"}};
  const std::string first = file(*objector.client, body).json()["id"];
  const std::string second = file(*objector.client, body).json()["id"];
  auto page = objector.client->get("/api/v1/notifications?limit=1");
  ASSERT_EQ(page.status, 200);
  ASSERT_EQ(page.json()["items"].size(), 1u);
  EXPECT_EQ(page.json()["items"][0]["subject"], second);
  EXPECT_EQ(page.json()["items"][0]["rule"], "O7");
  auto rest = objector.client->get("/api/v1/notifications?limit=1&cursor=" +
                                   page.json()["next_cursor"].get<std::string>());
  EXPECT_EQ(rest.json()["items"][0]["subject"], first);
  EXPECT_EQ(outsider().client->get("/api/v1/notifications").json()["items"], json::array());
  EXPECT_EQ(objector.client->get("/api/v1/notifications?cursor=x").status, 422);
}

TEST_F(ComplaintsTest, ASuspendedAccountCannotListTradeWithdrawOrDownloadUntilReinstated) {
  const auto p = listed();
  auto buyer = w().funded_buyer(3 * kPrice);
  const std::string trade = TradingWorld::buy(*buyer.client, p["offers"][0]["id"])["id"];
  auto seller2 = verified_person(w().server.port(), *w().kyc, "Second seller");
  const auto draft = sample_product(upload(*seller2.client, sample_csv(), "text/csv"));
  for (const auto& who : {buyer.id, seller2.id})
    ASSERT_EQ(
        officer()
            .post("/api/v1/staff/accounts/" + who + "/suspend", {{"reason", "misused data (O14)"}})
            .status,
        200);

  auto listing = seller2.client->post("/api/v1/products", draft);
  EXPECT_EQ(listing.status, 403);
  EXPECT_EQ(listing.json()["code"], "account_suspended");
  EXPECT_EQ(listing.json()["rule"], "O14");
  auto order = bid(*buyer.client, p["offers"][0]["id"], kPrice);
  EXPECT_EQ(order.status, 403);
  EXPECT_EQ(order.json()["code"], "account_suspended");
  EXPECT_EQ(order.json()["rule"], "O14");
  EXPECT_EQ(order.json()["basis"], "CQO-39");
  EXPECT_EQ(buyer.client->post("/api/v1/withdrawals", {{"amount_fen", 1}}).status, 403);
  auto data = buyer.client->get("/api/v1/trades/" + trade + "/data");
  EXPECT_EQ(data.status, 403);
  EXPECT_EQ(data.json()["rule"], "O14");

  ASSERT_EQ(
      officer()
          .post("/api/v1/staff/accounts/" + buyer.id + "/reinstate", {{"reason", "rectified"}})
          .status,
      200);
  EXPECT_EQ(buyer.client->get("/api/v1/trades/" + trade + "/data").status, 200);
  EXPECT_EQ(buyer.client->post("/api/v1/withdrawals", {{"amount_fen", 1}}).status, 201);
}

}  // namespace
}  // namespace dx::test
