// A running exchange with the staff, a verified seller and listed products that the trade and
// money tests share: listing, funding a buyer and buying through the real API.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "crypto/crypto.hpp"
#include "test_util.hpp"

namespace dx::test {

class TradingWorld {
 public:
  explicit TradingWorld(nlohmann::json config_patch = nlohmann::json::object()) : server(std::move(config_patch)) {
    server.start();
    connect();
    seller = verified_person(server.port(), *kyc, "数据卖家 Seller");
  }

  // Signs the staff in again (after a restart the port changes).
  void connect() {
    admin = std::make_unique<HttpsClient>(server.port());
    sign_in_admin(*admin);
    kyc = staff_member(server.port(), *admin, {"kyc_reviewer"});
    reviewer = staff_member(server.port(), *admin, {"listing_reviewer"});
    finance = staff_member(server.port(), *admin, {"finance"});
    complaints = staff_member(server.port(), *admin, {"complaints_officer"});
  }

  // A listed product of the seller, delivered by `mode` (file or api); returns its one offer id.
  std::string listed_offer(const std::string& mode = "file", std::int64_t price = 100000,
                           const std::string& csv = sample_csv()) {
    auto p = sample_product(upload(*seller.client, csv, "text/csv", "trips.csv"));
    p["delivery_mode"] = mode;
    p["offers"][0]["price_fen"] = price;
    return list_product(*seller.client, *reviewer, p)["offers"][0]["id"];
  }

  Party funded_buyer(std::int64_t fen) {
    auto b = verified_person(server.port(), *kyc, "Buyer");
    deposit(b.id, fen);
    return b;
  }

  void deposit(const std::string& account, std::int64_t fen) {
    auto r = finance->post("/api/v1/staff/deposits", {{"account_id", account}, {"amount_fen", fen}, {"reference", "bank credit"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // Buys `seats` seats at `price`; returns the trade (GET /trades/{id}).
  static nlohmann::json buy(HttpsClient& buyer, const std::string& offer, std::int64_t price = 100000,
                            std::int64_t seats = 1) {
    auto r = buyer.post("/api/v1/orders", {{"offer_id", offer}, {"side", "buy"}, {"price_fen", price}, {"quantity", seats},
                                           {"time_in_force", "GTC"}, {"purpose", "research"}});
    if (r.status != 201 || r.json()["trades"].empty()) throw std::runtime_error("buy failed: " + r.body);
    return buyer.get("/api/v1/trades/" + r.json()["trades"][0]["id"].get<std::string>()).json();
  }

  static nlohmann::json balance(HttpsClient& c) { return c.get("/api/v1/balance").json(); }

  // Polls GET /trades/{id} until its status is `status` or `timeout` passes; the last status seen.
  static std::string wait_for_status(HttpsClient& c, const std::string& trade, const std::string& status,
                                     std::chrono::seconds timeout = std::chrono::seconds(15)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string seen;
    while (std::chrono::steady_clock::now() < deadline) {
      seen = c.get("/api/v1/trades/" + trade).json().value("status", "");
      if (seen == status) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return seen;
  }

  static std::string sha256_hex(const std::string& s) { return crypto::hex(crypto::sha256(s)); }

  ServerProcess server;
  std::unique_ptr<HttpsClient> admin, kyc, reviewer, finance, complaints;
  Party seller;
};

}  // namespace dx::test
