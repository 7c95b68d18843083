#include "app/app.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "accounts/accounts.hpp"
#include "accounts/routes.hpp"
#include "app/dispatch.hpp"
#include "app/system_routes.hpp"
#include "complaints/routes.hpp"
#include "compliance/rules.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "core/worker_pool.hpp"
#include "crypto/crypto.hpp"
#include "files/blob_store.hpp"
#include "files/routes.hpp"
#include "gateway/routes.hpp"
#include "gateway/service.hpp"
#include "http/log.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/server_config.hpp"
#include "core/periodic.hpp"
#include "identity/blocklist.hpp"
#include "identity/routes.hpp"
#include "jobs/routes.hpp"
#include "jobs/runner.hpp"
#include "jobs/service.hpp"
#include "listing/context.hpp"
#include "listing/routes.hpp"
#include "market/market.hpp"
#include "money/routes.hpp"
#include "orders/order_service.hpp"
#include "orders/routes.hpp"
#include "records/heads.hpp"
#include "records/routes.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"
#include "trades/routes.hpp"
#include "trades/timers.hpp"
#include "webui/routes.hpp"

namespace dx {

namespace {

namespace fs = std::filesystem;

// The master key: EXCHANGE_MASTER_KEY (64 hex characters) or DATA/keys/master.key (mode 0600).
Keys load_keys(const fs::path& data_dir) {
  Keys k;
  if (const char* env = std::getenv("EXCHANGE_MASTER_KEY"); env && *env) {
    auto key = crypto::unhex(env);
    if (!key || key->size() != 32)
      throw std::runtime_error("EXCHANGE_MASTER_KEY must be 64 hexadecimal characters (32 bytes)");
    k.master = *key;
  } else {
    k.master = crypto::load_or_create_secret(data_dir / "keys" / "master.key", 32);
  }
  k.pepper = crypto::hmac_sha256(k.master, "dx.pepper.v1");
  return k;
}

// The metrics listener (metrics.listen): one I/O thread, no limits a scraper could trip over.
// It runs on a thread of its own and drains on the same signals as the public listener. A port
// that cannot be bound is logged, and the exchange serves without it: metrics are not worth
// refusing to trade for.
class MetricsListener {
 public:
  MetricsListener(const Config& c, const fs::path& cert, const fs::path& key, Services& services,
                  http::Metrics& metrics, Log& log) {
    if (c.metrics.listen.empty()) return;
    add_metrics_listener_routes(router_, services);
    auto o = http::server_options(c, cert, key);
    const auto address = *parse_listen(c.metrics.listen);
    o.host = address.host;
    o.port = address.port;
    o.threads = 1;
    o.rate_per_ip = 0;
    o.listening_event = "metrics_listening";
    try {
      server_ = std::make_unique<http::Server>(
          o, router_, [](http::Request&, const http::Route&) { return ok_status(); }, make_dispatch(services),
          metrics, log);
    } catch (const std::exception& e) {
      log.write({{"level", "error"}, {"event", "metrics_listener_failed"}, {"error", e.what()}});
      return;
    }
    thread_ = std::thread([this] { server_->run(); });
  }
  ~MetricsListener() {
    if (!server_) return;
    server_->shutdown();
    thread_.join();
  }
  MetricsListener(const MetricsListener&) = delete;
  MetricsListener& operator=(const MetricsListener&) = delete;

 private:
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

void announce_admin(Services& s, Log& log) {
  const char* email = std::getenv("EXCHANGE_ADMIN_EMAIL");
  const char* password = std::getenv("EXCHANGE_ADMIN_PASSWORD");
  if (email && password) {
    auto st = accounts::bootstrap_admin(s, email, password);
    if (!st) throw std::runtime_error(st.error().detail);
  }
  bool have_admin = false;
  {
    auto db = s.reads.acquire();
    have_admin = accounts::any_admin(*db);
  }
  if (!have_admin)
    log.write({{"level", "warning"},
               {"event", "no_admin"},
               {"message", "No admin account yet: restart with EXCHANGE_ADMIN_EMAIL and "
                           "EXCHANGE_ADMIN_PASSWORD (12+ characters) set to create one."}});
}

// Signs a tree head every `records.head_interval_s` (a minute by default) while records are added
// (API.md "Records"); an unchanged tree keeps its last head.
Periodic head_signer(store::Sequencer& sequencer, const crypto::SigningKey& key, std::chrono::seconds every) {
  return Periodic(every, [&sequencer, &key] {
    sequencer.submit([&key](store::Tx& tx) { return records::sign_head(tx, key).has_value(); }, [](bool) {});
  });
}

int serve(const Config& config) {
  const fs::path data = config.data_dir;
  fs::create_directories(data);
  ::chmod(data.c_str(), 0700);
  Log log(config.log.requests);
  const Keys keys = load_keys(data);
  auto signing = crypto::SigningKey::load_or_create(data / "keys" / "signing-ed25519.pem");
  fs::path cert = config.tls.cert_file, key = config.tls.key_file;
  if (cert.empty()) {
    cert = data / "tls" / "cert.pem";
    key = data / "tls" / "key.pem";
    crypto::ensure_self_signed_certificate(cert, key, "localhost");
  }
  market::Market market;
  const auto rebuild = [&market](store::Db& db) { market.rebuild(db); };
  // Authentication caches principals, and the gateway licence decisions; these tables' updates
  // and deletes invalidate them.
  store::SequencerOptions sequencer_options;
  sequencer_options.watched_tables = {"accounts", "sessions", "api_keys", "products", "trades"};
  sequencer_options.checkpoint_pages = config.store.checkpoint_pages;
  sequencer_options.account_index_lag = config.store.account_index_lag;
  sequencer_options.wal_restart_pages = config.store.wal_restart_pages;
  store::Sequencer sequencer(data / "exchange.db", system_clock(), sequencer_options, rebuild, rebuild,
                             [&market] { return market.version(); });
  store::ReadPool reads(data / "exchange.db");
  WorkerPool workers(std::max(1u, std::thread::hardware_concurrency()));
  http::Metrics metrics;
  Services services{config, sequencer, reads, workers, system_clock(), keys, signing, log, metrics, data, market};
  metrics.add_gauge("dx_sequencer_batches_total", "Transactions committed by the sequencer.", "counter",
                    [&sequencer] { return static_cast<double>(sequencer.batches_committed()); });
  metrics.add_gauge("dx_sequencer_commands_total", "Commands committed by the sequencer.", "counter",
                    [&sequencer] { return static_cast<double>(sequencer.commands_committed()); });
  metrics.add_gauge("dx_wal_flushes_total", "Flushes of the write-ahead log to disk (each covers one or more batches).",
                    "counter", [&sequencer] { return static_cast<double>(sequencer.wal_flushes()); });
  metrics.add_gauge("dx_wal_checkpoints_total", "Checkpoints that copied the write-ahead log into the database file.",
                    "counter", [&sequencer] { return static_cast<double>(sequencer.wal_checkpoints()); });
  files::BlobStore blobs(data, keys.master);
  identity::Blocklist blocklist;
  if (!config.kyc.blocklist_file.empty()) {
    auto loaded = identity::Blocklist::load(config.kyc.blocklist_file, keys.pepper);
    if (!loaded) throw std::runtime_error(loaded.error().detail);
    blocklist = std::move(*loaded);
  }
  auto rules = compliance::load_rules(config.compliance.rules_dir, config.compliance.min_k_anonymity);
  if (!rules) throw std::runtime_error(rules.error().detail);
  // Before the router, whose routes use it; after the server, so that the calls' last counts are
  // written while the sequencer still runs (reset below).
  auto gateway = std::make_unique<gateway::Service>(services);
  // Compute jobs: the runner queues again what a crash left running and stops (cancelling running
  // queries, which stay running for the next start) after the server, before the gateway.
  jobs::Service jobs_service(services, *gateway);
  auto job_runner = std::make_unique<jobs::Runner>(services, jobs_service, blobs, *rules);
  http::Router router;
  accounts::add_account_routes(
      router, services,
      {.suspended = [&services](store::Tx& tx, const std::string& account) {
         orders::cancel_account_orders(tx, services, account, "account_suspended");
       },
       .reinstated = [&services](store::Tx& tx, const std::string& account) {
         orders::restore_standing_asks(tx, services, account);
       }});
  files::add_file_routes(router, services, blobs);
  identity::add_kyc_routes(router, services, blocklist);
  listing::add_listing_routes(
      router, services, blobs, *rules,
      {.listed = [&services](store::Tx& tx, const std::string& product) { orders::open_standing_asks(tx, services, product); },
       .delisted = [&services](store::Tx& tx, const std::string& product, const std::string& reason) {
         orders::cancel_product_orders(tx, services, product, reason);
       }});
  orders::add_order_routes(router, services);
  trades::add_trade_routes(router, services, blobs);
  money::add_money_routes(router, services);
  complaints::add_complaint_routes(router, services, *rules);
  records::add_record_routes(router, services);
  gateway::add_gateway_routes(router, services, *gateway);
  jobs::add_job_routes(router, services, jobs_service, *job_runner, blobs);
  webui::add_web_routes(router, services);
  add_system_routes(router, services);
  announce_admin(services, log);
  http::Server server(http::server_options(config, cert, key), router, make_admit(services),
                      make_dispatch(services), metrics, log);
  {
    const Periodic heads = head_signer(sequencer, signing, std::chrono::seconds(config.records.head_interval_s));
    trades::SettlementTimers timers(services, std::chrono::seconds(config.settlement.timer_check_s));
    MetricsListener metrics_listener(config, cert, key, services, metrics, log);
    server.run();
  }
  job_runner.reset();
  gateway.reset();
  sequencer.stop();
  log.write({{"level", "info"}, {"event", "stopped"}});
  return 0;
}

}  // namespace

int run_exchange(const Config& config) {
  try {
    return serve(config);
  } catch (const std::exception& e) {
    std::cerr << "exchanged: cannot start: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace dx
