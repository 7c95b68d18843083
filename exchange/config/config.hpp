// The exchange's configuration: config/exchange.json parsed once into plain structs and passed
// down (no globals). Every duration the exchange enforces is in seconds so tests can shorten it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace dx {

struct ListenAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8443;
};

struct Config {
  ListenAddress listen;
  std::filesystem::path data_dir = "./var";
  int threads = 0;  // 0: one per core

  struct Tls {
    std::filesystem::path cert_file;  // empty: a self-signed pair in the data directory
    std::filesystem::path key_file;
    // OpenSSL cipher lists: TLS 1.2 (`ciphers`) and TLS 1.3 (`ciphersuites`). The defaults are
    // forward-secret AEAD suites only (Mozilla's "intermediate" profile without DHE): no CBC,
    // no RSA key exchange.
    std::string ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
    std::string ciphersuites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
  } tls;

  struct Limits {
    std::uint64_t json_body_bytes = 1 << 20;
    std::uint64_t upload_bytes = 1ull << 30;
    std::uint32_t header_bytes = 16 * 1024;
    int read_timeout_s = 30;
    int idle_timeout_s = 60;
    // Every request from one remote address; generous, so that only a flood meets it. 0: none.
    int requests_per_second_per_ip = 1000;
    int burst_per_ip = 2000;  // bucket size; 0: equal to the rate
    // Sign-ups (POST /accounts) from one remote address: each costs a slow password hash.
    int signups_per_minute_per_ip = 60;
    int signup_burst_per_ip = 60;
    // Uploads (POST /files) of one account: bytes in the last 24 hours, and bytes it holds.
    std::uint64_t upload_bytes_per_day = 10ull << 30;
    std::uint64_t stored_bytes_per_account = 50ull << 30;
  } limits;

  struct Sessions {
    int lifetime_s = 24 * 3600;
  } sessions;

  struct Auth {
    int max_failed_logins = 5;
    int failed_login_window_s = 15 * 60;
    int scrypt_log2_n = 15;
    // Password hashes (sign-ins before sign-ups) that may wait for a thread; past that a request
    // is answered 503 with Retry-After at once instead of waiting behind all the others.
    int max_queued_hashes = 64;
  } auth;

  struct Settlement {
    int delivery_window_s = 3 * 24 * 3600;
    int acceptance_window_s = 7 * 24 * 3600;
    int fee_bps = 100;
    int timer_check_s = 1;  // how often due delivery and acceptance windows are looked for
  } settlement;

  struct Complaints {
    int acknowledge_s = 24 * 3600;
    int decide_s = 7 * 24 * 3600;  // five working days (O19, CQ-26)
    // A grave complaint that does not suspend at once (complainant not verified, no evidence, or
    // too many dismissed complaints) is acknowledged within this, so it heads the officers' queue.
    int priority_acknowledge_s = 3600;
    int max_per_day = 10;  // complaints one account may file in 24 hours
    // Dismissed complaints after which a complainant's complaints no longer suspend at once
    // (0: never).
    int dismissals_to_lose_hold = 3;
  } complaints;

  struct Compliance {
    int min_k_anonymity = 5;
    // The screening rules: rules.json, categories.json and keywords.json. A relative path is read
    // relative to the configuration file.
    std::filesystem::path rules_dir = "compliance";
  } compliance;

  struct Kyc {
    // Identity numbers and credit codes barred from trading, one per line ('#' starts a comment).
    // A relative path is read relative to the configuration file; empty: no blocklist.
    std::filesystem::path blocklist_file;
    int min_age = 18;
  } kyc;

  struct Web {
    // The static web UI (web/ in the repository). A relative path is read relative to the
    // configuration file; a directory that does not exist leaves the UI unserved.
    std::filesystem::path root = "../web";
  } web;

  struct Records {
    int head_interval_s = 60;  // a signed tree head at least this often while records are added
  } records;

  struct Store {
    // The WAL's upkeep, in pages of 1 KiB (store::SequencerOptions): copied into the database
    // file once this many pages wait, and started again from its beginning once this long.
    int checkpoint_pages = 2000;
    int wal_restart_pages = 16384;
    // Rows of a listed source (an account's orders, postings, API keys or records; records by
    // action) that wait before the writer moves them into the account index
    // (store::SequencerOptions::account_index_lag).
    int account_index_lag = 512;
  } store;

  struct Metrics {
    // GET /metrics on a listener of its own (HTTPS, the same certificate), loopback by default as
    // Prometheus deployments expect; empty: none. A listener that cannot bind is logged and the
    // exchange serves without it.
    std::string listen = "127.0.0.1:9464";
    // When set, GET /metrics is also served on the public listener to `Authorization: Bearer`
    // with this token; when empty, the public listener does not serve it.
    std::string token;
  } metrics;

  struct Log {
    bool requests = true;
  } log;

  // The data plane's API gateway (API.md "The data plane").
  struct Gateway {
    // Upstreams must be https on public addresses; true also allows http and loopback, private
    // and link-local addresses (for tests and private deployments).
    bool allow_private_upstreams = false;
    // Upstream TLS certificates are checked against the system's trust store and the host name.
    bool verify_upstream_tls = true;
    // Call counts are kept in memory and written in one transaction this often: after a crash at
    // most this interval's calls are missing from the counts.
    int flush_interval_ms = 1000;
    // A licence decision is reused for at most this long; every change that ends access (a
    // suspension, refund, freeze, term end) also drops it at once in this process.
    int decision_cache_ms = 1000;
    // Idle keep-alive connections kept per upstream.
    int idle_connections_per_upstream = 64;
    // Separate gateway processes (`exchanged gateway`) present this token to the exchange; empty:
    // the exchange serves no gateway nodes. At least 32 characters.
    std::string node_token;
    // Lifetime of an access grant the exchange signs for a gateway node, and the calls of a
    // licence's quota one grant may use (so that nodes together never pass the quota).
    int grant_ttl_s = 30;
    int grant_calls = 1000;
  } gateway;

  // Compute-to-data jobs (API.md "The data plane"): each runs on one of `workers` threads, and
  // is stopped past its time or memory limit (query_too_expensive) and refused past the result
  // limits. The memory covers the page cache and a GROUP BY's sorted runs, which for a grouping
  // over every row of a dataset approach the size of the grouped columns: 1 GiB sorts a grouped
  // aggregate over a dataset of about that size. `default_job_epsilon` is what a job of a product with a privacy budget spends when
  // the buyer names no epsilon.
  struct Compute {
    int workers = 1;
    int job_time_limit_s = 30;
    std::int64_t job_memory_bytes = 1ll << 30;
    std::int64_t max_result_rows = 10'000;
    std::int64_t max_result_bytes = 16ll << 20;
    double default_job_epsilon = 0.1;
  } compute;
};

// Parses and checks a configuration document. Unknown keys, wrong types and out-of-range values
// are errors whose detail names the key, so a typo never silently falls back to a default.
Result<Config> parse_config(std::string_view json_text);
Result<Config> load_config(const std::filesystem::path& path);
Result<ListenAddress> parse_listen(std::string_view host_port);

}  // namespace dx
