// API.md "The data plane" over HTTPS, the compute side: a buyer holding a compute licence runs
// aggregate queries on the product's sealed dataset and downloads the results; every attempt at
// raw rows, identifiers or small groups is refused with its code; job quotas and privacy budgets
// hold under concurrent submissions; the seller reviews results when it asked to; a query past the
// time limit is stopped while the server keeps serving; and jobs a kill -9 interrupted run to their
// end after the restart.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "trade_fixture.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

json config_patch() { return {{"compute", {{"workers", 1}, {"job_time_limit_s", 1}}}}; }

// 60 people: 3 districts × 2 age bands × 10 each; incomes and trips differ per person.
std::string people_csv() {
  std::string csv = "person_id,district,age_band,income,trips\n";
  const char* districts[] = {"Xuhui", "Jingan", "Pudong"};
  const char* bands[] = {"20-29", "30-39"};
  for (int i = 0; i < 60; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "u%04d", i);
    csv += std::string(id) + "," + districts[i % 3] + "," + bands[(i / 3) % 2] + "," +
           std::to_string(1000 * (i % 50)) + "," + std::to_string(100 + i) + "\n";
  }
  return csv;
}

// The same columns, `rows` people, for a query that has much to scan.
std::string many_people_csv(int rows) {
  std::string csv = "person_id,district,age_band,income,trips\n";
  csv.reserve(static_cast<std::size_t>(rows) * 32);
  const char* districts[] = {"Xuhui", "Jingan", "Pudong"};
  for (int i = 0; i < rows; ++i)
    csv += "u" + std::to_string(i) + "," + districts[i % 3] + "," + (i % 2 ? "20-29" : "30-39") +
           "," + std::to_string(i % 90000) + "," + std::to_string(i % 1000) + "\n";
  return csv;
}

json dictionary() {
  return json::array({{{"name", "person_id"},
                       {"type", "text"},
                       {"description", "a person"},
                       {"role", "identifier"}},
                      {{"name", "district"},
                       {"type", "text"},
                       {"description", "home district"},
                       {"role", "quasi_identifier"}},
                      {{"name", "age_band"},
                       {"type", "text"},
                       {"description", "age band"},
                       {"role", "quasi_identifier"}},
                      {{"name", "income"},
                       {"type", "integer"},
                       {"description", "monthly income"},
                       {"role", "sensitive"},
                       {"min", 0},
                       {"max", 100000}},
                      {{"name", "trips"},
                       {"type", "integer"},
                       {"description", "trips a month"},
                       {"role", "attribute"},
                       {"min", 0},
                       {"max", 1000}}});
}

struct ComputeTerms {
  json job_quota = nullptr;
  std::string approval = "automatic";
  json epsilon = nullptr;
};

// Each record's trips as text with every '1' made ten times longer, five times over: a string of
// up to 300,000 characters built for most records, far past any test's time limit.
std::string slow_query() {
  std::string grown = "trips";
  for (int i = 0; i < 5; ++i) grown = "replace(" + grown + ", '1', '1111111111')";
  return "SELECT district, count(*) AS n FROM data WHERE length(" + grown +
         ") > 0 GROUP BY district";
}

// A listed compute product of the world's seller; returns its offer id.
std::string listed(TradingWorld& w, const ComputeTerms& t = {},
                   const std::string& csv = people_csv()) {
  json p = sample_product(upload(*w.seller.client, csv, "text/csv", "people.csv"));
  p["delivery_mode"] = "compute";
  p["personal_information"] = {{"contains", "anonymized"},
                               {"quasi_identifiers", {"district", "age_band"}}};
  p["data_dictionary"] = dictionary();
  p["compute"] = {
      {"min_group_size", 10}, {"approval", t.approval}, {"epsilon_per_licence", t.epsilon}};
  p["offers"][0]["job_quota"] = t.job_quota;
  return list_product(*w.seller.client, *w.reviewer, p)["offers"][0]["id"];
}

struct Licensee {
  Party party;
  std::string trade;
};
Licensee licensee(TradingWorld& w, const std::string& offer) {
  Licensee l{w.funded_buyer(1'000'000), ""};
  l.trade = TradingWorld::buy(*l.party.client, offer)["id"];
  return l;
}

HttpResponse submit(HttpsClient& c, const std::string& trade, const std::string& query,
                    json epsilon = nullptr) {
  json body = {{"query", query}};
  if (!epsilon.is_null()) body["epsilon"] = epsilon;
  return c.post("/api/v1/trades/" + trade + "/jobs", body);
}

// Submits and expects it queued; returns the job id.
std::string queued(HttpsClient& c, const std::string& trade, const std::string& query,
                   json epsilon = nullptr) {
  auto r = submit(c, trade, query, epsilon);
  EXPECT_EQ(r.status, 202) << r.body;
  if (r.status != 202) return "";
  EXPECT_EQ(r.json()["status"], "queued") << r.body;
  return r.json()["id"];
}

// Polls the job until it leaves queued and running (or 30 s pass).
json settled(HttpsClient& c, const std::string& job) {
  json j;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    j = c.get("/api/v1/jobs/" + job).json();
    const std::string s = j.value("status", "");
    if (s != "queued" && s != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return j;
}

void expect_problem(const HttpResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
  EXPECT_EQ(r.json().value("code", ""), code) << r.body;
}

std::string without_cr(std::string s) {
  std::erase(s, '\r');
  return s;
}

bool recorded(HttpsClient& admin, const std::string& action, const std::string& subject) {
  for (const auto& r : all_records(admin))
    if (r["action"] == action && r["subject"] == subject) return true;
  return false;
}

class ComputeJobsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { world_ = new TradingWorld(config_patch()); }
  static void TearDownTestSuite() { delete world_; }
  TradingWorld& w() { return *world_; }
  static inline TradingWorld* world_ = nullptr;
};

TEST_F(ComputeJobsTest, AnAggregateComesBackAsCsvWithItsHash) {
  auto l = licensee(w(), listed(w()));
  const std::string id =
      queued(*l.party.client, l.trade,
             "SELECT district, count(*) AS people, count(DISTINCT person_id) AS ids, "
             "sum(income) AS total FROM data GROUP BY district ORDER BY district");
  const json job = settled(*l.party.client, id);
  ASSERT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(job["trade_id"], l.trade);
  EXPECT_EQ(job["result_rows"], 3);
  EXPECT_EQ(job["rows_scanned"].get<std::int64_t>() >= 60, true) << job.dump();
  EXPECT_TRUE(job["refusal"].is_null());

  auto r = l.party.client->get("/api/v1/jobs/" + id + "/result");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.header("x-content-sha256"), TradingWorld::sha256_hex(r.body));
  EXPECT_EQ(job["sha256"], r.header("x-content-sha256"));
  // Incomes are 1000 × (i mod 50) for person i; each district holds every third person.
  std::int64_t totals[3] = {0, 0, 0};
  for (int i = 0; i < 60; ++i) totals[i % 3] += 1000 * (i % 50);
  const std::string want = "district,people,ids,total\nJingan,20,20," + std::to_string(totals[1]) +
                           "\nPudong,20,20," + std::to_string(totals[2]) + "\nXuhui,20,20," +
                           std::to_string(totals[0]) + "\n";
  EXPECT_EQ(without_cr(r.body), want);

  // The download is recorded; the licence's usage counts the job; lists show it.
  EXPECT_TRUE(recorded(*w().admin, "compute.result_downloaded", id));
  const json usage = l.party.client->get("/api/v1/trades/" + l.trade + "/usage").json();
  EXPECT_EQ(usage["jobs"], 1);
  EXPECT_EQ(usage["epsilon_spent"], 0);
  const json list = l.party.client->get("/api/v1/trades/" + l.trade + "/jobs").json();
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["id"], id);
  EXPECT_EQ(w().seller.client->get("/api/v1/jobs/" + id).status, 200)
      << "the product's seller sees the job";
  EXPECT_EQ(w().admin->get("/api/v1/jobs/" + id).status, 200) << "and staff";
  expect_problem(w().seller.client->get("/api/v1/jobs/" + id + "/result"), 409, "invalid_state");
}

TEST_F(ComputeJobsTest, EveryAttemptAtRowsOrIdentifiersIsRefusedAtOnce) {
  auto l = licensee(w(), listed(w(), {.job_quota = 2}));
  for (const std::string q : {
           "SELECT * FROM data",
           "SELECT person_id FROM data",
           "SELECT income FROM data LIMIT 1",
           "SELECT person_id, count(*) AS n FROM data GROUP BY person_id",
           "SELECT district, count(*) FROM data GROUP BY district UNION SELECT age_band, count(*) "
           "FROM data GROUP BY age_band",
           "SELECT count(*) FROM (SELECT * FROM data)",
           "SELECT district, count(*) OVER (PARTITION BY district) FROM data",
           "SELECT district, min(age_band) FROM data GROUP BY district",
           "SELECT district, max(income) FROM data GROUP BY district",
           "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r",
           "PRAGMA table_info(data)",
           "ATTACH DATABASE '/tmp/x.db' AS x",
           "SELECT count(*) FROM data; DROP TABLE data",
           "SELECT count(*) FROM sqlite_master",
       }) {
    auto r = submit(*l.party.client, l.trade, q);
    expect_problem(r, 422, "query_not_permitted");
    EXPECT_FALSE(r.json().value("rule", "").empty()) << q;
  }
  EXPECT_TRUE(l.party.client->get("/api/v1/trades/" + l.trade + "/jobs").json()["items"].empty())
      << "a refused query stores nothing";
  EXPECT_EQ(l.party.client->get("/api/v1/trades/" + l.trade + "/usage").json()["jobs"], 0)
      << "and does not count against the quota";

  // A group of fewer than min_group_size records is refused by the engine, whatever the text.
  const std::string small =
      queued(*l.party.client, l.trade,
             "SELECT district, count(*) AS n FROM data WHERE trips < 103 GROUP BY district");
  const json job = settled(*l.party.client, small);
  ASSERT_EQ(job["status"], "refused") << job.dump();
  EXPECT_EQ(job["refusal"]["code"], "group_too_small");
  EXPECT_EQ(job["refusal"]["rule"], "P5");
  expect_problem(l.party.client->get("/api/v1/jobs/" + small + "/result"), 409, "invalid_state");

  // Bad input answers a problem and changes nothing.
  expect_problem(submit(*l.party.client, l.trade, ""), 422, "validation_failed");
  expect_problem(submit(*l.party.client, l.trade, "SELECT count(*) AS n FROM data", 0.5), 422,
                 "validation_failed");
}

TEST_F(ComputeJobsTest, NobodyButTheBuyerSubmitsAndOthersSeeNothing) {
  const std::string offer = listed(w());
  auto l = licensee(w(), offer);
  auto stranger = verified_person(w().server.port(), *w().kyc, "Stranger");
  const std::string q = "SELECT district, count(*) AS n FROM data GROUP BY district";
  expect_problem(submit(*stranger.client, l.trade, q), 404, "not_found");
  expect_problem(submit(*w().seller.client, l.trade, q), 404, "not_found");
  expect_problem(submit(*stranger.client, "trd_missing", q), 404, "not_found");
  const std::string id = queued(*l.party.client, l.trade, q);
  expect_problem(stranger.client->get("/api/v1/jobs/" + id), 404, "not_found");
  expect_problem(stranger.client->get("/api/v1/jobs/" + id + "/result"), 404, "not_found");
  expect_problem(stranger.client->get("/api/v1/trades/" + l.trade + "/jobs"), 404, "not_found");
  expect_problem(
      stranger.client->post("/api/v1/jobs/" + id + "/decision", {{"decision", "release"}}), 404,
      "not_found");

  // A licence of another delivery mode takes no jobs.
  auto file_buyer = w().funded_buyer(1'000'000);
  const std::string file_trade =
      TradingWorld::buy(*file_buyer.client, w().listed_offer("file"))["id"];
  expect_problem(submit(*file_buyer.client, file_trade, q), 409, "invalid_state");

  // A suspended buyer's licence stops (O14).
  ASSERT_EQ(
      w().admin->post("/api/v1/staff/accounts/" + l.party.id + "/suspend", {{"reason", "misuse"}})
          .status,
      200);
  expect_problem(submit(*l.party.client, l.trade, q), 403, "account_suspended");
  ASSERT_EQ(
      w().admin
          ->post("/api/v1/staff/accounts/" + l.party.id + "/reinstate", {{"reason", "rectified"}})
          .status,
      200);
  EXPECT_EQ(submit(*l.party.client, l.trade, q).status, 202);
}

TEST_F(ComputeJobsTest, QuotaAndBudgetHoldExactlyUnderConcurrentSubmissions) {
  auto l = licensee(w(), listed(w(), {.job_quota = 3}));
  const std::string q = "SELECT age_band, count(*) AS n FROM data GROUP BY age_band";
  std::vector<int> statuses(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      HttpsClient c(w().server.port());
      c.token = l.party.client->token;
      statuses[i] = submit(c, l.trade, q).status;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 202), 3);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 429), 5);
  auto over = submit(*l.party.client, l.trade, q);
  expect_problem(over, 429, "job_quota_exhausted");
  EXPECT_EQ(over.json()["rule"], "O12");
  EXPECT_EQ(l.party.client->get("/api/v1/trades/" + l.trade + "/usage").json()["jobs"], 3);

  // A budget of 1.0: 0.6 is accepted, then 0.5 would pass it, then 0.4 fits exactly.
  auto b = licensee(w(), listed(w(), {.epsilon = 1.0}));
  const std::string sums =
      "SELECT district, count(*) AS n, sum(income) AS total FROM data GROUP BY district";
  const std::string first = queued(*b.party.client, b.trade, sums, 0.6);
  auto refused = submit(*b.party.client, b.trade, sums, 0.5);
  expect_problem(refused, 429, "privacy_budget_exhausted");
  EXPECT_EQ(refused.json()["rule"], "P5");
  const std::string second = queued(*b.party.client, b.trade, sums, 0.4);
  expect_problem(submit(*b.party.client, b.trade, sums), 429,
                 "privacy_budget_exhausted");  // the default 0.1
  expect_problem(submit(*b.party.client, b.trade, sums, -1), 422, "validation_failed");
  const json usage = b.party.client->get("/api/v1/trades/" + b.trade + "/usage").json();
  EXPECT_EQ(usage["jobs"], 2);
  EXPECT_NEAR(usage["epsilon_spent"].get<double>(), 1.0, 1e-9);
  const json job = settled(*b.party.client, first);
  EXPECT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_NEAR(job["epsilon_spent"].get<double>(), 0.6, 1e-9);
  EXPECT_EQ(settled(*b.party.client, second)["status"], "succeeded");
  auto noisy = b.party.client->get("/api/v1/jobs/" + first + "/result");
  ASSERT_EQ(noisy.status, 200);
  EXPECT_EQ(without_cr(noisy.body).substr(0, 19), "district,n,total\nJi") << noisy.body;
}

TEST_F(ComputeJobsTest, TheSellerReleasesOrWithholdsResultsItReviews) {
  auto l = licensee(w(), listed(w(), {.approval = "seller"}));
  const std::string q =
      "SELECT district, count(*) AS n FROM data GROUP BY district ORDER BY district";
  const std::string first = queued(*l.party.client, l.trade, q);
  const std::string second = queued(*l.party.client, l.trade, q);
  ASSERT_EQ(settled(*l.party.client, first)["status"], "awaiting_approval");
  ASSERT_EQ(settled(*l.party.client, second)["status"], "awaiting_approval");

  expect_problem(l.party.client->get("/api/v1/jobs/" + first + "/result"), 409, "invalid_state");
  auto seen = w().seller.client->get("/api/v1/jobs/" + first + "/result");
  ASSERT_EQ(seen.status, 200) << "the seller reads what it is asked to release";
  EXPECT_EQ(without_cr(seen.body), "district,n\nJingan,20\nPudong,20\nXuhui,20\n");
  const json desk = w().seller.client->get("/api/v1/seller/jobs?status=awaiting_approval").json();
  int mine = 0;
  for (const auto& j : desk["items"])
    if (j["trade_id"] == l.trade) ++mine;
  EXPECT_EQ(mine, 2);
  expect_problem(w().seller.client->get("/api/v1/seller/jobs?status=bogus"), 422,
                 "validation_failed");

  expect_problem(
      l.party.client->post("/api/v1/jobs/" + first + "/decision", {{"decision", "release"}}), 403,
      "forbidden");
  auto released =
      w().seller.client->post("/api/v1/jobs/" + first + "/decision", {{"decision", "release"}});
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(released.json()["status"], "succeeded");
  auto got = l.party.client->get("/api/v1/jobs/" + first + "/result");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, seen.body);
  expect_problem(w().seller.client->get("/api/v1/jobs/" + first + "/result"), 409, "invalid_state");

  expect_problem(
      w().seller.client->post("/api/v1/jobs/" + second + "/decision", {{"decision", "withhold"}}),
      422, "validation_failed");
  auto withheld = w().seller.client->post(
      "/api/v1/jobs/" + second + "/decision",
      {{"decision", "withhold"}, {"reason", "district totals reveal a client"}});
  ASSERT_EQ(withheld.status, 200) << withheld.body;
  const json job = l.party.client->get("/api/v1/jobs/" + second).json();
  EXPECT_EQ(job["status"], "refused");
  EXPECT_EQ(job["refusal"]["code"], "result_withheld");
  EXPECT_EQ(job["refusal"]["message"], "district totals reveal a client");
  expect_problem(l.party.client->get("/api/v1/jobs/" + second + "/result"), 409, "invalid_state");
  expect_problem(
      w().seller.client->post("/api/v1/jobs/" + second + "/decision", {{"decision", "release"}}),
      409, "invalid_state");
}

TEST_F(ComputeJobsTest, ASlowQueryIsStoppedWhileTheServerKeepsServing) {
  auto l = licensee(w(), listed(w(), {}, many_people_csv(200'000)));
  const std::string id = queued(*l.party.client, l.trade, slow_query());
  HttpsClient probe(w().server.port());
  const auto started = std::chrono::steady_clock::now();
  int answered = 0;
  json job;
  while (std::chrono::steady_clock::now() - started < std::chrono::seconds(20)) {
    if (probe.get("/healthz").status == 200) ++answered;
    job = l.party.client->get("/api/v1/jobs/" + id).json();
    if (job["status"] != "queued" && job["status"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GE(answered, 5) << "/healthz answers while the job runs";
  ASSERT_EQ(job["status"], "refused") << job.dump();
  EXPECT_EQ(job["refusal"]["code"], "query_too_expensive");
  // The worker is free again.
  EXPECT_EQ(settled(*l.party.client,
                    queued(*l.party.client, l.trade, "SELECT count(*) AS n FROM data"))["status"],
            "succeeded");
}

// A job running or queued when the server is killed runs to its end after the restart.
TEST(ComputeJobsCrashTest, JobsInterruptedByKillRunAfterRestart) {
  TradingWorld w(json{{"compute", {{"workers", 1}, {"job_time_limit_s", 2}}}});
  auto [buyer, trade] = licensee(w, listed(w, {}, many_people_csv(200'000)));
  const std::string key = buyer.client->post("/api/v1/api-keys", {{"name", "jobs"}}).json()["key"];
  auto slow = buyer.client->post("/api/v1/trades/" + trade + "/jobs", {{"query", slow_query()}});
  ASSERT_EQ(slow.status, 202) << slow.body;
  auto quick =
      buyer.client->post("/api/v1/trades/" + trade + "/jobs",
                         {{"query", "SELECT district, count(*) AS n FROM data GROUP BY district"}});
  ASSERT_EQ(quick.status, 202) << quick.body;
  const std::string slow_id = slow.json()["id"], quick_id = quick.json()["id"];
  std::string status;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (status != "running" && std::chrono::steady_clock::now() < deadline) {
    status = buyer.client->get("/api/v1/jobs/" + slow_id).json().value("status", "");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(status, "running");
  EXPECT_EQ(buyer.client->get("/api/v1/jobs/" + quick_id).json()["status"], "queued");
  w.server.kill_hard();

  w.server.start();
  w.connect();
  buyer.client = std::make_unique<HttpsClient>(w.server.port());
  buyer.client->token = key;
  const json s = settled(*buyer.client, slow_id);
  EXPECT_EQ(s["status"], "refused") << s.dump();
  EXPECT_EQ(s["refusal"]["code"], "query_too_expensive");
  const json q = settled(*buyer.client, quick_id);
  ASSERT_EQ(q["status"], "succeeded") << q.dump();
  EXPECT_EQ(buyer.client->get("/api/v1/jobs/" + quick_id + "/result").status, 200);
  EXPECT_TRUE(recorded(*w.admin, "compute.job_requeued", slow_id))
      << "the interrupted run is recorded";
  EXPECT_EQ(buyer.client->get("/api/v1/trades/" + trade + "/usage").json()["jobs"], 2)
      << "each job counted once";
}

}  // namespace
}  // namespace dx::test
