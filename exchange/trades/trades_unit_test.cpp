// Trade moves, timers and money against a real database through the sequencer, and the pure
// parts of contracts, certificates and api delivery.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <set>

#include <sqlite3.h>

#include "crypto/crypto.hpp"
#include "market/market.hpp"
#include "market/money.hpp"
#include "money/journal.hpp"
#include "money/requests.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"
#include "trades/certificate.hpp"
#include "trades/contract_html.hpp"
#include "trades/delivery.hpp"
#include "trades/open_trade.hpp"
#include "trades/timers.hpp"
#include "trades/trade_moves.hpp"

namespace dx::trades {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using settlement::TradeEvent;
using settlement::TradeStatus;

constexpr std::int64_t kPrice = 100'000;

class TradeMovesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dx-trades-" + crypto::hex(crypto::random_bytes(8)));
    fs::create_directories(dir_);
    config_.settlement = {.delivery_window_s = 60, .acceptance_window_s = 120, .fee_bps = 250, .timer_check_s = 1};
    open();
    auto made = run([](store::Tx& tx) {
      auto& db = tx.db();
      for (const char* id : {"acc_buyer", "acc_seller"})
        db.prepare(std::string("INSERT INTO accounts (id, email, password_hash, kind, display_name, jurisdiction, created_at) "
                               "VALUES ('") + id + "', '" + id + "@x', 'h', 'person', '" + id + "', 'CN', 'now')").run();
      db.exec("INSERT INTO products (id, seller_id, status, version, created_at, updated_at) VALUES ('prd_1', 'acc_seller', 'listed', 1, 'now', 'now')");
      for (const char* mode : {"file", "api"}) {
        const std::string m = mode;
        db.exec("INSERT INTO product_versions (product_id, version, document, document_hash, title, category, classification, "
                "personal_information, delivery_mode, created_at, data_sha256, data_rows) VALUES ('prd_1', " +
                std::string(m == "file" ? "1" : "2") + ", x'00', 'dh', 'Taxi <trips>', 'transport', 'general', 'none', '" + m +
                "', 'now', 'abc', 30)");
        db.exec("INSERT INTO offers (id, product_id, version, position, name, purposes, scenario, term_days, price_fen, seats, "
                "cross_border, security_measures, disposal) VALUES ('off_" + m + "', 'prd_1', " + (m == "file" ? "1" : "2") +
                ", 0, 'standard', '[\"research\"]', 'planning', 365, 100000, NULL, 0, 'named analysts', 'delete')");
      }
      return Result<json>(json::object());
    });
    ASSERT_TRUE(made.ok());
  }
  void TearDown() override {
    seq_.reset();
    fs::remove_all(dir_);
  }

  void open() {
    seq_.reset();
    const auto rebuild = [this](store::Db& db) { market_.rebuild(db); };
    seq_ = std::make_unique<store::Sequencer>(dir_ / "t.db", [this] { return now(); }, store::SequencerOptions{}, rebuild,
                                              rebuild);
  }

  TimePoint now() const { return TimePoint(std::chrono::milliseconds(ms_.load())); }
  void advance(std::chrono::seconds s) { ms_ += std::chrono::duration_cast<std::chrono::milliseconds>(s).count(); }

  template <typename Fn>
  Result<json> run(Fn fn) {
    std::promise<Result<json>> done;
    seq_->run<json>([fn](store::Tx& tx) -> Result<json> { return fn(tx); },
                    [&done](Result<json> r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }

  // A deposit, a reservation and a fill of one seat, as the order service makes them. With
  // `steps`, counts SQLite's virtual-machine steps on the writer's connection while the fill opens
  // its trade: a measure of work that does not depend on the machine or its load.
  TradeRow buy(const std::string& mode, long* steps = nullptr) {
    std::optional<TradeRow> row;
    auto r = run([&](store::Tx& tx) -> Result<json> {
      const std::string n = std::to_string(++orders_);
      tx.db().exec("INSERT INTO orders (id, offer_id, product_id, account_id, side, price_fen, quantity, time_in_force, "
                   "purpose, status, created_at, updated_at) VALUES ('ob" + n + "', 'off_" + mode +
                   "', 'prd_1', 'acc_buyer', 'buy', 100000, 1, 'GTC', 'research', 'filled', 'now', 'now'), ('os" + n +
                   "', 'off_" + mode + "', 'prd_1', 'acc_seller', 'sell', 100000, NULL, 'GTC', NULL, 'open', 'now', 'now')");
      auto dep = money::apply_request(tx, market_, {money::Direction::deposit, "acc_buyer", kPrice, "bank", "acc_fin"});
      if (!dep) return dep.error();
      if (auto st = market::reserve(tx, market_, "acc_buyer", kPrice, "ob" + n); !st) return st.error();
      if (steps)
        sqlite3_progress_handler(tx.db().handle(), 1, [](void* count) { return ++*static_cast<long*>(count), 0; }, steps);
      row = open_trade(tx, market_, config_, {"off_" + mode, "ob" + n, "os" + n, "acc_buyer", "acc_seller", kPrice, 1, kPrice, "research"});
      sqlite3_progress_handler(tx.db().handle(), 0, nullptr, nullptr);
      return json::object();
    });
    EXPECT_TRUE(r.ok());
    return *row;
  }

  Result<TradeRow> move(const std::string& id, TradeEvent event) {
    std::optional<TradeRow> out;
    auto r = run([&](store::Tx& tx) -> Result<json> {
      auto moved = apply_move(tx, market_, config_, *load_trade(tx.db(), id), {event, "acc_x", "trade.test"});
      if (!moved) return moved.error();
      out = *moved;
      return json::object();
    });
    if (!r) return r.error();
    return *out;
  }

  std::size_t fire() {
    std::size_t n = 0;
    EXPECT_TRUE(run([&](store::Tx& tx) -> Result<json> {
                  n = fire_due_timers(tx, market_, config_);
                  return json::object();
                }).ok());
    return n;
  }

  std::int64_t scalar(const std::string& sql) {
    store::Db db(dir_ / "t.db", store::OpenMode::read_only);
    auto st = db.prepare(sql);
    st.step();
    return st.int64(0);
  }
  std::string load_trade_status(const std::string& id) {
    store::Db db(dir_ / "t.db", store::OpenMode::read_only);
    return status_name(load_trade(db, id)->state);
  }
  std::int64_t available(const std::string& account) {
    return scalar("SELECT coalesce(max(available_fen), 0) FROM balances WHERE account_id = '" + account + "'");
  }
  // Deposits less withdrawals = balances + escrows + fees (API.md: money is conserved).
  void expect_conserved() {
    const auto net = scalar("SELECT coalesce(sum(CASE kind WHEN 'deposit' THEN amount_fen ELSE -amount_fen END), 0) FROM money_requests");
    const auto inside = scalar("SELECT (SELECT coalesce(sum(available_fen + reserved_fen), 0) FROM balances) + "
                               "(SELECT coalesce(sum(escrow_fen), 0) FROM trades) + (SELECT balance_fen FROM house_accounts WHERE name = 'fees')");
    EXPECT_EQ(net, inside);
    EXPECT_EQ(-net, scalar("SELECT balance_fen FROM house_accounts WHERE name = 'outside_world'"));
    EXPECT_EQ(0, scalar("SELECT coalesce(sum(amount_fen), 0) FROM ledger_entries"));
  }

  fs::path dir_;
  Config config_;
  market::Market market_;
  std::atomic<std::int64_t> ms_{1'800'000'000'000};
  std::unique_ptr<store::Sequencer> seq_;
  int orders_ = 0;
};

TEST_F(TradeMovesTest, FileTradeIsDeliveredAtTheFillAndAcceptancePaysTheSellerLessTheFee) {
  const auto t = buy("file");
  EXPECT_EQ(t.state.status, TradeStatus::delivered);
  ASSERT_TRUE(t.state.timer);
  EXPECT_EQ(t.state.timer->due, now() + std::chrono::seconds(120));
  auto settled = move(t.id, TradeEvent::buyer_accepted);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->state.status, TradeStatus::settled);
  EXPECT_EQ(settled->fee_fen, kPrice * 250 / 10000);
  EXPECT_EQ(available("acc_seller"), kPrice - kPrice * 250 / 10000);
  EXPECT_EQ(scalar("SELECT escrow_fen FROM trades"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM trades WHERE timer_due IS NOT NULL"), 0);
  expect_conserved();
}

// The agreement names both parties by their verified legal names: found among each account's own
// submissions, not by reading every verified identity of the exchange (open_trade.cpp, party()).
TEST_F(TradeMovesTest, OpeningATradeDoesNotReadEveryVerifiedIdentity) {
  long before = 0, after = 0;
  buy("file", &before);
  ASSERT_TRUE(run([](store::Tx& tx) -> Result<json> {
                for (int i = 0; i < 400; ++i) {
                  const std::string id = "acc_other" + std::to_string(i);
                  tx.db().exec("INSERT INTO accounts (id, email, password_hash, kind, display_name, jurisdiction, created_at) "
                               "VALUES ('" + id + "', '" + id + "@x', 'h', 'person', 'o', 'CN', 'now')");
                  tx.db().exec("INSERT INTO kyc_submissions (id, account_id, kind, legal_name, identity_hmac, identity_sealed, "
                               "identity_masked, document_file_ids, checks, status, submitted_at) VALUES ('kyc_" + id +
                               "', '" + id + "', 'person', 'Other', x'01', x'01', '3***', '[]', '[]', 'verified', 'now')");
                }
                return json::object();
              }).ok());
  buy("file", &after);
  EXPECT_GT(before, 0);
  EXPECT_LT(after, before + 100) << before << " VM steps with 0 other verified identities, " << after << " with 400";
}

TEST_F(TradeMovesTest, AStepTheStateDoesNotAllowIsRefusedWithoutChange) {
  const auto t = buy("api");
  const auto before = scalar("SELECT count(*) FROM ledger_entries");
  auto r = move(t.id, TradeEvent::buyer_accepted);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid_state);
  EXPECT_EQ(scalar("SELECT count(*) FROM ledger_entries"), before);
  ASSERT_TRUE(move(t.id, TradeEvent::seller_delivered).ok());
  ASSERT_TRUE(move(t.id, TradeEvent::buyer_accepted).ok());
  EXPECT_EQ(move(t.id, TradeEvent::buyer_accepted).error().code, Errc::invalid_state);
  expect_conserved();
}

TEST_F(TradeMovesTest, DisputeResolvedByRefundGivesTheBuyerItsMoneyBack) {
  const auto t = buy("file");
  EXPECT_EQ(available("acc_buyer"), 0);
  ASSERT_TRUE(move(t.id, TradeEvent::buyer_disputed).ok());
  advance(std::chrono::seconds(1000));
  EXPECT_EQ(fire(), 0u) << "a disputed trade has no running timer";
  auto r = move(t.id, TradeEvent::staff_resolved_refund);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state.status, TradeStatus::refunded);
  EXPECT_EQ(available("acc_buyer"), kPrice);
  EXPECT_EQ(available("acc_seller"), 0);
  expect_conserved();
}

TEST_F(TradeMovesTest, DeliveryWindowLapseRefundsAndAcceptanceWindowLapseSettles) {
  const auto api = buy("api");
  const auto file = buy("file");
  advance(std::chrono::seconds(59));
  EXPECT_EQ(fire(), 0u);
  advance(std::chrono::seconds(1));
  EXPECT_EQ(fire(), 1u);
  EXPECT_EQ(load_trade_status(api.id), "refunded");
  EXPECT_EQ(load_trade_status(file.id), "delivered");
  advance(std::chrono::seconds(60));
  EXPECT_EQ(fire(), 1u);
  EXPECT_EQ(load_trade_status(file.id), "settled");
  EXPECT_EQ(available("acc_buyer"), kPrice);
  EXPECT_EQ(scalar("SELECT count(*) FROM records WHERE action = 'trade.timer_fired'"), 2);
  expect_conserved();
}

TEST_F(TradeMovesTest, TimerDueWhileStoppedFiresAfterReopening) {
  const auto t = buy("file");
  seq_.reset();
  advance(std::chrono::seconds(500));
  open();
  EXPECT_EQ(fire(), 1u);
  EXPECT_EQ(load_trade_status(t.id), "settled");
  expect_conserved();
}

TEST_F(TradeMovesTest, MovesAndPostingsAreRecorded) {
  const auto t = buy("file");
  ASSERT_TRUE(move(t.id, TradeEvent::buyer_accepted).ok());
  store::Db db(dir_ / "t.db", store::OpenMode::read_only);
  auto st = db.prepare("SELECT data FROM records WHERE action = 'trade.test' AND subject = ?");
  st.bind(1, t.id);
  ASSERT_TRUE(st.step());
  const auto data = json::parse(st.text(0));
  EXPECT_EQ(data["from"], "delivered");
  EXPECT_EQ(data["to"], "settled");
  ASSERT_EQ(data["postings"].size(), 3u);
  std::int64_t sum = 0;
  for (const auto& p : data["postings"]) sum += p["amount_fen"].get<std::int64_t>();
  EXPECT_EQ(sum, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM records WHERE action = 'money.deposited'"), 1);
}

TEST_F(TradeMovesTest, WithdrawalBeyondTheAvailableBalanceIsRefused) {
  buy("file");
  auto r = run([&](store::Tx& tx) {
    return money::apply_request(tx, market_, {money::Direction::withdrawal, "acc_buyer", 1, "", "acc_buyer"});
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::insufficient_funds);
  auto staff = run([&](store::Tx& tx) {
    return money::apply_request(tx, market_, {money::Direction::deposit, "acc_nobody", 5, "x", "acc_fin"});
  });
  ASSERT_FALSE(staff.ok());
  EXPECT_EQ(staff.error().errors.at(0).field, "account_id");
  expect_conserved();
}

TEST(ContractHtml, EscapesEveryValueAndShowsEachO12Item) {
  const json doc = {{"contract_id", "ctr_1"}, {"trade_id", "trd_1"}, {"made_at", "2026-01-01T00:00:00.000Z"},
                    {"parties", {{"seller", {{"legal_name", "<script>alert(1)</script>"}}}, {"buyer", {{"legal_name", "Bob & Co"}}}}},
                    {"data_list", {{{"product_id", "prd_1"}, {"title", "T\"itle"}, {"version", 2}, {"sha256", "ab"}, {"rows", 30}}}},
                    {"purpose", "research"}, {"application_scenario", "planning"}, {"security_measures", "vault"},
                    {"term", {{"start", "s"}, {"end", "e"}, {"days", 365}}}, {"disposal_after_term", "delete"},
                    {"usage_feedback", "report"}, {"attribution", "credit"},
                    {"price", {{"price_fen", 123456}, {"quantity", 1}, {"amount_fen", 123456}, {"fee_fen", 1234}}}};
  const auto html = contract_html(doc, "ff00");
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Bob &amp; Co"), std::string::npos);
  EXPECT_NE(html.find("T&quot;itle"), std::string::npos);
  for (const char* item : {"Data list", "Purpose", "Application scenario", "Security measures", "Term", "Disposal after the term",
                           "Usage feedback", "Attribution", "Seller", "Buyer", "\u00a51,234.56", "ff00"})
    EXPECT_NE(html.find(item), std::string::npos) << item;
}

TEST(ContractHtml, AcceptPrefersHtmlOnlyWhenItWeighsMore) {
  EXPECT_TRUE(prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
  EXPECT_TRUE(prefers_html("text/*"));
  EXPECT_FALSE(prefers_html("application/json"));
  EXPECT_FALSE(prefers_html("*/*"));
  EXPECT_FALSE(prefers_html(""));
  EXPECT_FALSE(prefers_html("text/html;q=0.5, application/json"));
  EXPECT_TRUE(prefers_html("TEXT/HTML ; q=1, application/json;q=0.2"));
}

TEST(ContractHtml, YuanHasThousandsAndTwoDecimals) {
  EXPECT_EQ(yuan(0), "\u00a50.00");
  EXPECT_EQ(yuan(5), "\u00a50.05");
  EXPECT_EQ(yuan(100000000), "\u00a51,000,000.00");
}

TEST(Certificate, SignatureCoversExactlyThePayload) {
  const auto dir = fs::temp_directory_path() / ("dx-cert-" + crypto::hex(crypto::random_bytes(8)));
  const auto key = crypto::SigningKey::load_or_create(dir / "k.pem");
  TradeRow t;
  t.id = "trd_1";
  t.buyer_id = "acc_b";
  t.seller_id = "acc_s";
  t.amount_fen = 7;
  const ContractFacts c{"ctr_1", "abcd", {{"parties", {{"buyer", {{"legal_name", "张三"}}}}}}};
  const auto payload = certificate_payload(t, c, TimePoint{});
  const auto cert = sign_certificate(payload, key);
  const auto decoded = *crypto::unbase64(cert["payload"].get<std::string>());
  EXPECT_EQ(decoded, payload);
  const auto doc = json::parse(decoded);
  EXPECT_EQ(doc["buyer"]["legal_name"], "张三");
  EXPECT_EQ(doc["contract"]["sha256"], "abcd");
  const auto sig = *crypto::unbase64(cert["signature"].get<std::string>());
  EXPECT_TRUE(crypto::verify_signature(key.public_key_pem(), decoded, sig));
  std::string changed = decoded;
  changed[10] ^= 1;
  EXPECT_FALSE(crypto::verify_signature(key.public_key_pem(), changed, sig));
  EXPECT_EQ(cert["key_id"], key.key_id());
  fs::remove_all(dir);
}

TEST(ApiDelivery, SealedForOneTradeOpensOnlyForIt) {
  const std::string key(32, 'k');
  const auto sealed = seal_delivery({"https://api.example/v1", "secret-token", "GET /rows"}, key, "trd_1");
  EXPECT_EQ(sealed.find("secret-token"), std::string::npos);
  auto opened = open_delivery(sealed, key, "trd_1");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->credentials, "secret-token");
  EXPECT_FALSE(open_delivery(sealed, key, "trd_2"));
}

TEST(ApiDelivery, BadFieldsAreNamed) {
  auto r = parse_delivery({{"endpoint", "not a url"}, {"credentials", ""}, {"instructions", 5}});
  ASSERT_FALSE(r.ok());
  std::set<std::string> fields;
  for (const auto& e : r.error().errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"endpoint", "credentials", "instructions"}));
  EXPECT_TRUE(parse_delivery({{"endpoint", "https://x"}, {"credentials", "c"}}).ok());
}

}  // namespace
}  // namespace dx::trades
