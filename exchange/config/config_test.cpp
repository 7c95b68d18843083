#include "config/config.hpp"

#include <gtest/gtest.h>

namespace dx {
namespace {

TEST(Config, RepositoryDefaultParses) {
  auto c = load_config(std::string(DX_SOURCE_DIR) + "/config/exchange.json");
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->listen.host, "127.0.0.1");
  EXPECT_EQ(c->listen.port, 8443);
  EXPECT_EQ(c->compliance.min_k_anonymity, 5);
  EXPECT_EQ(c->kyc.blocklist_file.filename(), "kyc-blocklist.txt");
  EXPECT_TRUE(c->kyc.blocklist_file.is_absolute());
  EXPECT_EQ(c->compliance.rules_dir.filename(), "compliance");
  EXPECT_TRUE(c->compliance.rules_dir.is_absolute());
  EXPECT_EQ(c->web.root, (std::filesystem::path(DX_SOURCE_DIR) / "web").lexically_normal());
}

TEST(Config, WebRootIsReadAndMustBeAString) {
  auto c = parse_config(R"({"web": {"root": "/srv/exchange-web"}})");
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->web.root, "/srv/exchange-web");
  auto bad = parse_config(R"({"web": {"root": 7}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().detail, "web.root: must be a string");
  EXPECT_EQ(parse_config("{}")->web.root, "../web");
}

TEST(Config, EmptyObjectGivesDefaults) {
  auto c = parse_config("{}");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->settlement.fee_bps, 100);
  EXPECT_EQ(c->sessions.lifetime_s, 86400);
}

TEST(Config, UnknownKeyIsRefusedWithItsDottedName) {
  auto c = parse_config(R"({"settlement": {"fee_bp": 5}})");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().detail, "settlement.fee_bp: unknown key");
}

TEST(Config, WrongTypeAndRangeAreRefused) {
  EXPECT_EQ(parse_config(R"({"sessions": {"lifetime_s": "1d"}})").error().detail,
            "sessions.lifetime_s: must be an integer");
  EXPECT_EQ(parse_config(R"({"settlement": {"fee_bps": 10001}})").error().detail,
            "settlement.fee_bps: must be between 0 and 10000");
  EXPECT_FALSE(parse_config("[1]").ok());
  EXPECT_FALSE(parse_config("{").ok());
}

TEST(Config, StoreWalLengthsAreReadAndChecked) {
  auto c = parse_config(R"({"store": {"checkpoint_pages": 64, "wal_restart_pages": 512}})");
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->store.checkpoint_pages, 64);
  EXPECT_EQ(c->store.wal_restart_pages, 512);
  EXPECT_EQ(parse_config("{}")->store.wal_restart_pages, 16384);
  EXPECT_EQ(parse_config(R"({"store": {"checkpoint_pages": 0}})").error().detail,
            "store.checkpoint_pages: must be between 16 and 1000000");
}

TEST(Config, AccountIndexLagIsReadAndChecked) {
  EXPECT_EQ(parse_config("{}")->store.account_index_lag, 512);
  EXPECT_EQ(parse_config(R"({"store": {"account_index_lag": 3}})")->store.account_index_lag, 3);
  EXPECT_EQ(parse_config(R"({"store": {"account_index_lag": 0}})").error().detail,
            "store.account_index_lag: must be between 1 and 1000000");
}

TEST(Config, CertificateWithoutKeyIsRefused) {
  EXPECT_FALSE(parse_config(R"({"tls": {"cert_file": "c.pem"}})").ok());
}

TEST(Config, ListenAcceptsHostPortAndBracketedIpv6) {
  auto a = parse_listen("127.0.0.1:0");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->port, 0);
  auto b = parse_listen("[::1]:8443");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->host, "::1");
  EXPECT_FALSE(parse_listen("localhost").ok());
  EXPECT_FALSE(parse_listen("127.0.0.1:99999").ok());
  EXPECT_FALSE(parse_listen("127.0.0.1:").ok());
}

TEST(Config, LimitsAreOnByDefault) {
  const auto c = parse_config("{}");
  EXPECT_GT(c->limits.requests_per_second_per_ip, 0);
  EXPECT_GT(c->limits.signups_per_minute_per_ip, 0);
  EXPECT_GT(c->limits.upload_bytes_per_day, 0u);
  EXPECT_GT(c->limits.stored_bytes_per_account, 0u);
  EXPECT_EQ(c->metrics.listen, "127.0.0.1:9464") << "metrics on loopback, not on the public port";
  EXPECT_TRUE(c->metrics.token.empty());
  EXPECT_EQ(c->tls.ciphers.find("CBC"), std::string::npos);
  EXPECT_EQ(c->tls.ciphers.find("-SHA:"), std::string::npos);
  const auto file = load_config(std::string(DX_SOURCE_DIR) + "/config/exchange.json");
  EXPECT_EQ(file->limits.requests_per_second_per_ip, c->limits.requests_per_second_per_ip);
  EXPECT_EQ(file->tls.ciphers, c->tls.ciphers);
  EXPECT_EQ(file->metrics.listen, c->metrics.listen);
}

TEST(Config, MetricsAndNewLimitsAreChecked) {
  EXPECT_EQ(parse_config(R"({"metrics": {"listen": "nowhere"}})").error().detail,
            "metrics.listen: listen must be HOST:PORT, e.g. 127.0.0.1:8443");
  EXPECT_EQ(parse_config(R"({"metrics": {"token": "short"}})").error().detail,
            "metrics.token: must be at least 32 characters");
  EXPECT_TRUE(parse_config(R"({"metrics": {"listen": ""}})").ok());
  EXPECT_FALSE(parse_config(R"({"auth": {"max_queued_hashes": 0}})").ok());
  EXPECT_FALSE(parse_config(R"({"complaints": {"max_per_day": 0}})").ok());
}

TEST(Config, ComputeLimitsAreReadAndChecked) {
  auto c = parse_config(
      R"({"compute": {"workers": 3, "job_time_limit_s": 5, "job_memory_bytes": 67108864,
                                         "max_result_rows": 50, "max_result_bytes": 4096, "default_job_epsilon": 0.25}})");
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->compute.workers, 3);
  EXPECT_EQ(c->compute.job_time_limit_s, 5);
  EXPECT_EQ(c->compute.job_memory_bytes, 64 << 20);
  EXPECT_EQ(c->compute.max_result_rows, 50);
  EXPECT_EQ(c->compute.max_result_bytes, 4096);
  EXPECT_DOUBLE_EQ(c->compute.default_job_epsilon, 0.25);
  EXPECT_EQ(parse_config("{}")->compute.job_memory_bytes, 1ll << 30);
  EXPECT_EQ(parse_config(R"({"compute": {"workers": 0}})").error().detail,
            "compute.workers: must be between 1 and 64");
  EXPECT_EQ(parse_config(R"({"compute": {"default_job_epsilon": "0.1"}})").error().detail,
            "compute.default_job_epsilon: must be a number");
  EXPECT_FALSE(parse_config(R"({"compute": {"default_job_epsilon": 0}})").ok());
}

TEST(Config, ADuplicateKeyIsRefusedByName) {
  EXPECT_EQ(parse_config(R"({"settlement": {"fee_bps": 1, "fee_bps": 9000}})").error().detail,
            "the key \"fee_bps\" appears twice in one object");
}

}  // namespace
}  // namespace dx
