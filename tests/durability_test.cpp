// An acknowledged change is never lost, not even to kill -9 in the middle of a stream of writes.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "test_util.hpp"

namespace dx::test {
namespace {

// The value of a counter in GET /metrics (on the metrics listener).
double metric(const ServerProcess& server, const std::string& name) {
  const std::string body = HttpsClient(server.metrics_port()).get("/metrics").body;
  const auto at = body.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stod(body.substr(at + name.size() + 2));
}

// Writes API keys from eight connections, kills the server with SIGKILL once 300 were
// acknowledged (and, if asked, once the WAL was copied into the database file at least twice),
// restarts it and checks every acknowledged key and its record are there.
void kill_during_writes_and_check(const nlohmann::json& config_patch, int min_checkpoints) {
  ServerProcess server(config_patch);
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
    if (min_checkpoints > 0 && metric(server, "dx_wal_checkpoints_total") < min_checkpoints) continue;
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

TEST(Durability, KillDashNineDuringWritesLosesNoAcknowledgedChange) {
  kill_during_writes_and_check(nlohmann::json::object(), 0);
}

// With a tiny WAL the checkpointer copies and the WAL restarts many times during the writes, so
// the kill lands amid (or just after) copies into the database file.
TEST(Durability, KillDashNineWhileTheWalIsCopiedAndRestartedLosesNoAcknowledgedChange) {
  kill_during_writes_and_check({{"store", {{"checkpoint_pages", 16}, {"wal_restart_pages", 64}}}}, 2);
}

}  // namespace
}  // namespace dx::test
