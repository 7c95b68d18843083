// An acknowledged change is never lost, not even to kill -9 in the middle of a stream of writes.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "test_util.hpp"

namespace dx::test {
namespace {

TEST(Durability, KillDashNineDuringWritesLosesNoAcknowledgedChange) {
  ServerProcess server;
  server.start();
  HttpsClient setup(server.port());
  register_and_sign_in(setup, unique_email("durable"));
  const std::string token = setup.token;

  std::mutex mu;
  std::set<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      HttpsClient c(server.port());
      c.token = token;
      for (int i = 0; !stop; ++i) {
        try {
          auto r = c.post("/api/v1/api-keys", {{"name", "w" + std::to_string(w) + "-" + std::to_string(i)}});
          if (r.status != 201) continue;
          std::lock_guard lock(mu);
          acknowledged.insert(r.json()["id"].get<std::string>());
        } catch (const std::exception&) {
          return;  // the server is gone
        }
      }
    });
  }
  // Kill once a good number of writes were acknowledged, while the writers keep going.
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::lock_guard lock(mu);
    if (acknowledged.size() >= 300) break;
  }
  server.kill_hard();
  stop = true;
  for (auto& t : writers) t.join();

  server.start();
  HttpsClient c(server.port());
  c.token = token;
  std::set<std::string> stored;
  std::string cursor;
  for (;;) {
    auto page = c.get("/api/v1/api-keys?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor)).json();
    for (const auto& item : page["items"]) stored.insert(item["id"].get<std::string>());
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  for (const auto& id : acknowledged) EXPECT_TRUE(stored.count(id)) << "lost acknowledged key " << id;
  EXPECT_GE(stored.size(), acknowledged.size());

  // The record chain is intact after the crash: every stored key has its record.
  HttpsClient admin(server.port());
  sign_in_admin(admin);
  std::size_t key_records = 0;
  for (const auto& r : all_records(admin)) key_records += r["action"] == "api_key.created";
  EXPECT_EQ(key_records, stored.size());
}

}  // namespace
}  // namespace dx::test
