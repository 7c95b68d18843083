#include "test_util.hpp"

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

#include "kyc/credit_code.hpp"
#include "kyc/identity_number.hpp"

namespace dx::test {

std::string unique_email(const std::string& stem) {
  static std::atomic<int> n{0};
  return stem + "-" + std::to_string(getpid()) + "-" + std::to_string(++n) + "@example.test";
}

nlohmann::json register_and_sign_in(HttpsClient& client, const std::string& email,
                                    const std::string& password) {
  auto created = client.post("/api/v1/accounts", {{"email", email},
                                                  {"password", password},
                                                  {"kind", "person"},
                                                  {"display_name", "Test User"}});
  if (created.status != 201) throw std::runtime_error("register failed: " + created.body);
  auto session = client.post("/api/v1/sessions", {{"email", email}, {"password", password}});
  if (session.status != 201) throw std::runtime_error("sign-in failed: " + session.body);
  client.token = session.json()["token"];
  return created.json();
}

void sign_in_admin(HttpsClient& client) {
  auto session = client.post("/api/v1/sessions", {{"email", ServerProcess::kAdminEmail},
                                                  {"password", ServerProcess::kAdminPassword}});
  if (session.status != 201) throw std::runtime_error("admin sign-in failed: " + session.body);
  client.token = session.json()["token"];
}

bool occurs_in_tree(const std::filesystem::path& dir, const std::string& needle) {
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (ss.str().find(needle) != std::string::npos) return true;
  }
  return false;
}

nlohmann::json all_records(HttpsClient& admin) {
  nlohmann::json out = nlohmann::json::array();
  std::string cursor;
  for (;;) {
    auto page = admin.get("/api/v1/audit/events?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor));
    if (page.status != 200) throw std::runtime_error("audit read failed: " + page.body);
    auto j = page.json();
    for (auto& item : j["items"]) out.push_back(item);
    if (j["next_cursor"].is_null()) return out;
    cursor = j["next_cursor"];
  }
}

std::string identity_number(int year) {
  static std::atomic<int> seq{100};
  char buf[32];
  std::snprintf(buf, sizeof buf, "310104%04d0612%03d", year % 10000, ++seq % 1000);
  const std::string first17(buf, 17);
  return first17 + *kyc::compute_identity_check_character(first17);
}

std::string credit_code() {
  static std::atomic<int> seq{1000};
  char buf[32];
  std::snprintf(buf, sizeof buf, "MA%06d", ++seq % 1000000);
  const std::string org8(buf, 8);
  const std::string org9 = org8 + *kyc::compute_organisation_code_check_character(org8);
  const std::string first17 = "91310104" + org9;
  return first17 + *kyc::compute_credit_code_check_character(first17);
}

std::string upload(HttpsClient& client, const std::string& content, const std::string& content_type,
                   const std::string& file_name) {
  std::map<std::string, std::string> headers = {{"Content-Type", content_type}};
  if (!file_name.empty()) headers["X-File-Name"] = file_name;
  auto r = client.request("POST", "/api/v1/files", content, headers);
  if (r.status != 201) throw std::runtime_error("upload failed: " + r.body);
  return r.json()["id"];
}

std::unique_ptr<HttpsClient> staff_member(std::uint16_t port, HttpsClient& admin,
                                          const std::vector<std::string>& roles) {
  const auto email = unique_email("staff");
  auto r = admin.post("/api/v1/staff/users", {{"email", email}, {"password", "staff password 123"},
                                              {"display_name", "Staff"}, {"roles", roles}});
  if (r.status != 201) throw std::runtime_error("staff creation failed: " + r.body);
  auto client = std::make_unique<HttpsClient>(port);
  auto session = client->post("/api/v1/sessions", {{"email", email}, {"password", "staff password 123"}});
  if (session.status != 201) throw std::runtime_error("staff sign-in failed: " + session.body);
  client->token = session.json()["token"];
  return client;
}

Party verified_person(std::uint16_t port, HttpsClient& kyc_reviewer, const std::string& display_name,
                      const std::string& jurisdiction) {
  Party p{std::make_unique<HttpsClient>(port), "", unique_email("person")};
  auto created = p.client->post("/api/v1/accounts", {{"email", p.email}, {"password", "party password 123"},
                                                     {"kind", "person"}, {"display_name", display_name},
                                                     {"jurisdiction", jurisdiction}});
  if (created.status != 201) throw std::runtime_error("register failed: " + created.body);
  p.id = created.json()["id"];
  auto session = p.client->post("/api/v1/sessions", {{"email", p.email}, {"password", "party password 123"}});
  p.client->token = session.json()["token"];
  const auto document = upload(*p.client, "scan of an identity card", "image/png");
  auto kyc = p.client->post("/api/v1/kyc", {{"legal_name", "王小明"}, {"id_number", identity_number()},
                                            {"phone", "13800138000"}, {"document_file_ids", {document}}});
  if (kyc.status != 202) throw std::runtime_error("kyc failed: " + kyc.body);
  auto decided = kyc_reviewer.post("/api/v1/staff/kyc/" + p.id + "/decision",
                                   {{"decision", "approve"}, {"reason", "documents match"}});
  if (decided.status != 200) throw std::runtime_error("kyc approval failed: " + decided.body);
  return p;
}

std::string sample_csv() {
  std::string csv = "district,age_band,trips\n";
  const char* districts[] = {"Xuhui", "Jingan", "Pudong"};
  const char* bands[] = {"20-29", "30-39"};
  for (int i = 0; i < 30; ++i)
    csv += std::string(districts[i % 3]) + "," + bands[(i / 3) % 2] + "," + std::to_string(100 + i) + "\n";
  return csv;
}

nlohmann::json sample_product(const std::string& data_file_id) {
  using nlohmann::json;
  return {{"title", "Shanghai taxi trips by district 上海出租车客流"},
          {"description", "Hourly taxi trips per district, aggregated. 按区汇总的交通客流数据。"},
          {"category", "transport.traffic"},
          {"source", {{"method", "collected"}, {"statement", "Counted by our own roadside sensors in 2026."}}},
          {"rights", {{"holder", "self"}}},
          {"personal_information", {{"contains", "none"}, {"quasi_identifiers", json::array()}}},
          {"classification", "general"},
          {"data_file_id", data_file_id},
          {"format", "csv"},
          {"delivery_mode", "file"},
          {"update_frequency", "once"},
          {"offers", {{{"name", "standard"}, {"purposes", {"research"}}, {"scenario", "traffic planning research"},
                       {"term_days", 365}, {"price_fen", 100000}, {"seats", nullptr}, {"cross_border", false},
                       {"security_measures", "access limited to named analysts"}, {"disposal", "delete"}}}}};
}

nlohmann::json list_product(HttpsClient& seller, HttpsClient& listing_reviewer, const nlohmann::json& product) {
  auto created = seller.post("/api/v1/products", product);
  if (created.status != 201) throw std::runtime_error("product creation failed: " + created.body);
  const std::string id = created.json()["id"];
  auto submitted = seller.post("/api/v1/products/" + id + "/submit", nlohmann::json::object());
  if (submitted.status != 200 || submitted.json()["status"] != "in_review")
    throw std::runtime_error("product submission failed: " + submitted.body);
  auto decided = listing_reviewer.post("/api/v1/staff/products/" + id + "/decision",
                                       {{"decision", "approve"}, {"reason", "complete"}});
  if (decided.status != 200 || decided.json()["status"] != "listed")
    throw std::runtime_error("product approval failed: " + decided.body);
  return decided.json();
}

}  // namespace dx::test
