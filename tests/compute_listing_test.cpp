// API.md "The data plane" over HTTPS, the listing side of compute products: the compute terms and
// the data dictionary (roles, bounds) in the product, offers' job quotas, screening that holds a
// column of identifiers to the role `identifier` (P5, TJ-29), the dataset loaded at submission
// into a sealed database of its own (compute_datasets), and compute trades delivered at the fill
// with their terms in the contract.
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <set>

#include "trade_fixture.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

// 40 payments: a payer's mobile number, a city (two, 20 rows each) and an amount in yuan.
std::string payments_csv(const std::string& last_amount = "") {
  std::string csv = "phone,city,amount\n";
  for (int i = 0; i < 40; ++i) {
    const std::string amount =
        i == 39 && !last_amount.empty() ? last_amount : std::to_string(10 + i);
    csv += "1380013" + std::to_string(1000 + i) + "," + (i % 2 == 0 ? "Chengdu" : "Chongqing") +
           "," + amount + "\n";
  }
  return csv;
}

// A compute product over `data_file_id` (payments_csv), the phone column declared `phone_role`.
json compute_product(const std::string& data_file_id,
                     const std::string& phone_role = "identifier") {
  json p = sample_product(data_file_id);
  p["title"] = "Payments by city 城市支付汇总";
  p["delivery_mode"] = "compute";
  p["compute"] = {{"min_group_size", 10}, {"approval", "seller"}, {"epsilon_per_licence", 3.5}};
  p["data_dictionary"] = {
      {{"name", "phone"}, {"type", "text"}, {"description", "payer"}, {"role", phone_role}},
      {{"name", "city"}, {"type", "text"}, {"description", "城市"}, {"role", "quasi_identifier"}},
      {{"name", "amount"},
       {"type", "integer"},
       {"description", "yuan"},
       {"role", "sensitive"},
       {"min", 0},
       {"max", 1000}}};
  p["offers"][0]["job_quota"] = 25;
  return p;
}

std::set<std::string> error_fields(const HttpResponse& r) {
  std::set<std::string> out;
  const json problem = r.json();
  for (const auto& e : problem["errors"]) out.insert(e["field"].get<std::string>());
  return out;
}

// One value of the server's database, read beside the running server (WAL lets it).
class DatabaseReader {
 public:
  explicit DatabaseReader(const std::filesystem::path& file) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
      throw std::runtime_error("the exchange's database does not open");
  }
  ~DatabaseReader() { sqlite3_close(db_); }
  DatabaseReader(const DatabaseReader&) = delete;
  DatabaseReader& operator=(const DatabaseReader&) = delete;

  // The text of each column of the first row of `sql` with `arg` bound; empty when no row.
  std::vector<std::string> row(const std::string& sql, const std::string& arg) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_));
    sqlite3_bind_text(st, 1, arg.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<std::string> out;
    if (sqlite3_step(st) == SQLITE_ROW)
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const auto* text = sqlite3_column_text(st, i);
        out.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
      }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

class ComputeListingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { world_ = new TradingWorld(); }
  static void TearDownTestSuite() { delete world_; }

  TradingWorld& w() { return *world_; }
  HttpsClient& seller() { return *w().seller.client; }
  std::string data_file(const std::string& csv = payments_csv()) {
    return upload(seller(), csv, "text/csv", "payments.csv");
  }

  // Creates and submits `product`; returns the submission's answer.
  json submit(const json& product) {
    auto created = seller().post("/api/v1/products", product);
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string id = created.json()["id"];
    auto submitted = seller().post("/api/v1/products/" + id + "/submit", json::object());
    EXPECT_EQ(submitted.status, 200) << submitted.body;
    return submitted.json();
  }

  // The product's compute_datasets row: blob_sha256, size_bytes, rows; empty when there is none.
  std::vector<std::string> dataset_row(const std::string& product_id) {
    DatabaseReader db(w().server.data_dir() / "exchange.db");
    return db.row(
        "SELECT blob_sha256, size_bytes, rows, version FROM compute_datasets WHERE product_id = ?",
        product_id);
  }

  static const json* finding(const json& findings, const std::string& rule,
                             const std::string& field) {
    for (const auto& f : findings)
      if (f["rule"] == rule && f["field"] == field && f["severity"] == "block") return &f;
    return nullptr;
  }

  static inline TradingWorld* world_ = nullptr;
};

TEST_F(ComputeListingTest, IdentifierColumnDeclaredAsSuchIsLoadedAndListed) {
  const json submitted = submit(compute_product(data_file()));
  const std::string id = submitted["id"];
  ASSERT_EQ(submitted["status"], "in_review") << submitted.dump();
  EXPECT_EQ(finding(submitted["findings"], "P5", "personal_information.contains"), nullptr);

  const auto row = dataset_row(id);
  ASSERT_EQ(row.size(), 4u) << "no compute_datasets row";
  EXPECT_EQ(row[2], "40");
  EXPECT_EQ(row[3], "1");
  EXPECT_GT(std::stoll(row[1]), 0);
  // The database is sealed in the blob store, where no plaintext of the data is.
  const auto blob = w().server.data_dir() / "blobs" / row[0].substr(0, 2) / row[0];
  ASSERT_TRUE(std::filesystem::exists(blob)) << blob;
  EXPECT_GE(std::filesystem::file_size(blob), std::stoull(row[1]));
  EXPECT_FALSE(occurs_in_tree(w().server.data_dir() / "blobs", "13800131000"));
  bool recorded = false;
  for (const auto& r : all_records(*w().admin))
    if (r["action"] == "product.submitted" && r["subject"] == id)
      recorded = r["data"]["dataset"]["sha256"] == row[0] && r["data"]["dataset"]["rows"] == 40;
  EXPECT_TRUE(recorded);

  auto approved = w().reviewer->post("/api/v1/staff/products/" + id + "/decision",
                                     {{"decision", "approve"}, {"reason", "ok"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  ASSERT_EQ(approved.json()["status"], "listed") << approved.body;
  HttpsClient anyone(w().server.port());
  const auto pub = anyone.get("/api/v1/products/" + id).json();
  EXPECT_EQ(pub["compute"],
            (json{{"min_group_size", 10}, {"approval", "seller"}, {"epsilon_per_licence", 3.5}}));
  EXPECT_EQ(pub["offers"][0]["job_quota"], 25);
  ASSERT_EQ(pub["data_dictionary"].size(), 3u);
  EXPECT_EQ(pub["data_dictionary"][0]["role"], "identifier");
  EXPECT_EQ(pub["data_dictionary"][2]["min"], 0);
  EXPECT_EQ(pub["data_dictionary"][2]["max"], 1000);
  const auto computes = anyone.get("/api/v1/catalog?delivery_mode=compute").json();
  bool in_catalog = false;
  for (const auto& item : computes["items"])
    in_catalog = in_catalog || (item["id"] == id && item["compute"]["min_group_size"] == 10);
  EXPECT_TRUE(in_catalog) << computes.dump();
}

TEST_F(ComputeListingTest, IdentifierColumnDeclaredOtherwiseIsRejectedCitingP5) {
  for (const std::string role : {"attribute", "quasi_identifier", "sensitive"}) {
    const json submitted = submit(compute_product(data_file(), role));
    ASSERT_EQ(submitted["status"], "rejected") << submitted.dump();
    const json* f = finding(submitted["findings"], "P5", "data_dictionary[0].role");
    ASSERT_NE(f, nullptr) << submitted.dump();
    EXPECT_EQ((*f)["basis"], "TJ-29");
    EXPECT_NE((*f)["message"].get<std::string>().find("\"phone\" holds mobile numbers"),
              std::string::npos);
    EXPECT_TRUE(dataset_row(submitted["id"]).empty());
  }
}

TEST_F(ComputeListingTest, AFileThatDoesNotFitItsDictionaryIsRejectedAtScreening) {
  const json bad_value = submit(compute_product(data_file(payments_csv("twelve"))));
  ASSERT_EQ(bad_value["status"], "rejected") << bad_value.dump();
  const json* f = finding(bad_value["findings"], "O15", "data_dictionary");
  ASSERT_NE(f, nullptr) << bad_value.dump();
  EXPECT_NE((*f)["message"].get<std::string>().find("amount"), std::string::npos) << f->dump();
  EXPECT_TRUE(dataset_row(bad_value["id"]).empty());

  json other_columns = compute_product(data_file());
  other_columns["data_dictionary"][2]["name"] = "amount_yuan";
  const json submitted = submit(other_columns);
  ASSERT_EQ(submitted["status"], "rejected") << submitted.dump();
  ASSERT_NE(finding(submitted["findings"], "O15", "data_dictionary"), nullptr) << submitted.dump();
  EXPECT_TRUE(dataset_row(submitted["id"]).empty());
}

TEST_F(ComputeListingTest, EveryBadComputeFieldIsNamedAndNothingIsStored) {
  const json good = compute_product(data_file());
  const auto before = seller().get("/api/v1/products?limit=500").json()["items"].size();
  const std::vector<std::pair<std::function<void(json&)>, std::string>> cases = {
      {[](json& p) { p.erase("compute"); }, "compute"},
      {[](json& p) { p["compute"] = json::array(); }, "compute"},
      {[](json& p) { p["delivery_mode"] = "file"; }, "compute"},
      {[](json& p) { p["compute"]["min_group_size"] = 4; }, "compute.min_group_size"},
      {[](json& p) { p["compute"]["min_group_size"] = 1'000'001; }, "compute.min_group_size"},
      {[](json& p) { p["compute"]["min_group_size"] = 10.5; }, "compute.min_group_size"},
      {[](json& p) { p["compute"].erase("min_group_size"); }, "compute.min_group_size"},
      {[](json& p) { p["compute"]["approval"] = "staff"; }, "compute.approval"},
      {[](json& p) { p["compute"].erase("approval"); }, "compute.approval"},
      {[](json& p) { p["compute"]["epsilon_per_licence"] = 0; }, "compute.epsilon_per_licence"},
      {[](json& p) { p["compute"]["epsilon_per_licence"] = -1; }, "compute.epsilon_per_licence"},
      {[](json& p) { p["compute"]["epsilon_per_licence"] = 101; }, "compute.epsilon_per_licence"},
      {[](json& p) { p["compute"]["epsilon_per_licence"] = "1"; }, "compute.epsilon_per_licence"},
      {[](json& p) { p["data_dictionary"] = json::array(); }, "data_dictionary"},
      {[](json& p) { p.erase("data_dictionary"); }, "data_dictionary"},
      {[](json& p) { p["data_dictionary"][1]["name"] = "phone"; }, "data_dictionary[1].name"},
      {[](json& p) { p["data_dictionary"][1]["name"] = ""; }, "data_dictionary[1].name"},
      {[](json& p) { p["data_dictionary"][0]["max"] = 5; }, "data_dictionary[0].max"},
      {[](json& p) { p["data_dictionary"][2]["min"] = 2000; }, "data_dictionary[2].min"},
      {[](json& p) { p["data_dictionary"][2]["max"] = "many"; }, "data_dictionary[2].max"},
      {[](json& p) { p["offers"][0]["job_quota"] = 0; }, "offers[0].job_quota"},
      {[](json& p) { p["offers"][0]["job_quota"] = "10"; }, "offers[0].job_quota"},
      {[](json& p) {
         p["data_dictionary"] = json::array();
         for (int i = 0; i < 201; ++i)
           p["data_dictionary"].push_back(
               {{"name", "c" + std::to_string(i)}, {"type", "text"}, {"role", "attribute"}});
       },
       "data_dictionary"},
  };
  for (const auto& [change, field] : cases) {
    json p = good;
    change(p);
    auto r = seller().post("/api/v1/products", p);
    EXPECT_EQ(r.status, 422) << field << ": " << r.body;
    EXPECT_EQ(r.json()["code"], "validation_failed");
    EXPECT_TRUE(error_fields(r).contains(field)) << field << ": " << r.body;
  }
  // Gateway limits and a job quota belong to their own modes.
  json gateway_limit = good;
  gateway_limit["offers"][0]["call_quota"] = 5;
  EXPECT_EQ(error_fields(seller().post("/api/v1/products", gateway_limit)),
            std::set<std::string>{"offers[0].call_quota"});
  json file_quota = sample_product(data_file());
  file_quota["offers"][0]["job_quota"] = 5;
  EXPECT_EQ(error_fields(seller().post("/api/v1/products", file_quota)),
            std::set<std::string>{"offers[0].job_quota"});
  EXPECT_EQ(seller().get("/api/v1/products?limit=500").json()["items"].size(), before);

  // An edit is checked the same way and leaves the draft as it was.
  auto created = seller().post("/api/v1/products", good);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()["id"];
  json edited = good;
  edited["compute"]["approval"] = "nobody";
  auto r = seller().put("/api/v1/products/" + id, edited);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), std::set<std::string>{"compute.approval"});
  EXPECT_EQ(seller().get("/api/v1/products/" + id).json()["compute"]["approval"], "seller");
}

TEST_F(ComputeListingTest, ComputeTradeIsDeliveredAtTheFillWithItsTermsInTheContract) {
  const auto listed = list_product(seller(), *w().reviewer, compute_product(data_file()));
  const std::string offer = listed["offers"][0]["id"];
  auto buyer = w().funded_buyer(1'000'000);
  const auto trade = TradingWorld::buy(*buyer.client, offer, 100000, 2);
  const std::string id = trade["id"];
  EXPECT_EQ(trade["status"], "delivered");
  EXPECT_FALSE(trade["acceptance_due_at"].is_null());

  const std::string contract_path = "/api/v1/contracts/" + trade["contract_id"].get<std::string>();
  const auto contract = buyer.client->get(contract_path);
  ASSERT_EQ(contract.status, 200) << contract.body;
  const auto c = contract.json();
  EXPECT_EQ(c["delivery_mode"], "compute");
  EXPECT_EQ(c["quota"], (json{{"jobs", 50}}));
  EXPECT_EQ(c["compute"],
            (json{{"min_group_size", 10}, {"approval", "seller"}, {"epsilon_per_licence", 3.5}}));
  EXPECT_FALSE(c.contains("gateway"));
  auto html = buyer.client->request("GET", contract_path, "", {{"Accept", "text/html"}});
  ASSERT_EQ(html.status, 200);
  for (const std::string shown : {"作业配额", "50 jobs", "最小分组", "卖方逐一审核结果", "3.5"})
    EXPECT_NE(html.body.find(shown), std::string::npos) << shown << "\n" << html.body;
  EXPECT_EQ(html.body.find("调用配额"), std::string::npos);

  for (const auto& r :
       {buyer.client->get("/api/v1/trades/" + id + "/data"),
        buyer.client->get("/api/v1/trades/" + id + "/access"),
        seller().post("/api/v1/trades/" + id + "/deliver", {{"endpoint", "https://api.example.com"},
                                                            {"credentials", "k"},
                                                            {"instructions", "x"}})}) {
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.json()["code"], "invalid_state");
    EXPECT_NE(r.json()["detail"].get<std::string>().find("/trades/" + id + "/jobs"),
              std::string::npos)
        << r.body;
  }
}

TEST_F(ComputeListingTest, UnlimitedJobsAndExactResultsAreSaidSo) {
  json p = compute_product(data_file());
  p["offers"][0].erase("job_quota");
  p["compute"]["epsilon_per_licence"] = nullptr;
  p["compute"]["approval"] = "automatic";
  const auto listed = list_product(seller(), *w().reviewer, p);
  auto buyer = w().funded_buyer(1'000'000);
  const auto trade = TradingWorld::buy(*buyer.client, listed["offers"][0]["id"]);
  const std::string contract_path = "/api/v1/contracts/" + trade["contract_id"].get<std::string>();
  const auto c = buyer.client->get(contract_path).json();
  EXPECT_EQ(c["quota"], (json{{"jobs", nullptr}}));
  EXPECT_EQ(c["compute"]["epsilon_per_licence"], nullptr);
  auto html = buyer.client->request("GET", contract_path, "", {{"Accept", "text/html"}});
  EXPECT_NE(html.body.find("期限内不限"), std::string::npos);
  EXPECT_NE(html.body.find("精确汇总"), std::string::npos);
  EXPECT_NE(html.body.find("符合规则即自动发布"), std::string::npos);
}

}  // namespace
}  // namespace dx::test
