#include "test_util.hpp"

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

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

}  // namespace dx::test
