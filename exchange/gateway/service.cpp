#include "gateway/service.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <future>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/json_text.hpp"
#include "core/periodic.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "gateway/repository.hpp"
#include "http/log.hpp"
#include "listing/product_json.hpp"
#include "listing/product_store.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::gateway {

namespace {

using nlohmann::json;

std::optional<std::int64_t> positive(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

// The registered upstream, from the product's document (listing keeps it sealed at rest).
Upstream upstream_of(const json& doc, bool allow_http) {
  Upstream u;
  const auto it = doc.find("gateway");
  if (it == doc.end() || !it->is_object()) return u;
  const json& g = *it;
  if (auto url = egress::parse_upstream_url(g.value("upstream_url", ""), allow_http, "gateway.upstream_url")) u.url = *url;
  u.auth_header = g.value("auth_header", "");
  u.credentials = g.value("credentials", "");
  u.timeout_s = static_cast<int>(positive(g, "timeout_s").value_or(30));
  for (const auto& r : g.value("routes", json::array()))
    u.routes.push_back({r.value("method", ""), r.value("path_prefix", "")});
  return u;
}

Licence licence_of(const repository::LicenceRow& row, Upstream upstream) {
  Licence l{.trade_id = row.trade_id,
            .buyer_id = row.buyer_id,
            .seller_id = row.seller_id,
            .product_id = row.product_id,
            .delivery_mode = row.delivery_mode,
            .trade_status = row.trade_status,
            .product_status = row.product_status,
            .buyer_suspended = row.buyer_suspended,
            .seller_suspended = row.seller_suspended,
            .term_end = row.term_end ? parse_rfc3339(*row.term_end) : std::nullopt,
            .call_quota = row.call_quota,
            .rate_limit_per_s = row.rate_limit_per_s,
            .upstream = std::move(upstream)};
  return l;
}

// Appends the batch's log to the day's call log file and flushes it to disk, so that the record
// that carries its hash never points at bytes a crash lost. Returns the file's name and where the
// batch starts.
std::pair<std::string, std::int64_t> append_log(const std::filesystem::path& dir, const std::string& day,
                                                const std::string& text) {
  std::filesystem::create_directories(dir);
  const std::string name = "calls-" + day + ".jsonl";
  const auto path = dir / name;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open the call log " + path.string());
  const auto offset = static_cast<std::int64_t>(::lseek(fd, 0, SEEK_END));
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error("cannot write the call log " + path.string());
    }
    done += static_cast<std::size_t>(n);
  }
  ::fdatasync(fd);
  ::close(fd);
  return {name, offset};
}

repository::Batch batch_of(const Drained& d, const std::string& node) {
  repository::Batch b{.id = new_id("gwb"), .node = node, .calls = d.calls, .bytes_out = d.bytes_out};
  for (const auto& [key, c] : d.counts) b.items.push_back({key.first, key.second, c.calls, c.bytes_out});
  return b;
}

}  // namespace

std::string log_line(const Call& call, TimePoint at, int status, std::uint64_t bytes_out, const std::string& node) {
  std::string line;
  line.reserve(160);
  line += "{\"at\":\"";
  line += rfc3339_text(at);
  line += "\",\"trade\":";
  append_json_string(line, call.trade_id);
  line += ",\"method\":";
  append_json_string(line, call.method);
  line += ",\"path\":";
  append_json_string(line, "/" + call.raw_rest);
  line += ",\"status\":" + std::to_string(status) + ",\"bytes_out\":" + std::to_string(bytes_out) + ",\"node\":";
  append_json_string(line, node);
  return line + "}";
}

Service::Service(Services& s)
    : s_(s),
      meter_([&s](const std::string& trade) {
        auto db = s.reads.acquire();
        return repository::totals(*db, trade).calls;
      }),
      flusher_(std::make_unique<Periodic>(std::chrono::milliseconds(s.config.gateway.flush_interval_ms), [this] {
        try {
          flush();
        } catch (const std::exception& e) {
          s_.log.write({{"level", "error"}, {"event", "usage_flush_failed"}, {"error", e.what()}});
        }
      })) {}

Service::~Service() {
  flusher_.reset();
  flush();
}

std::shared_ptr<const Licence> Service::load(const std::string& trade_id) {
  auto db = s_.reads.acquire();
  const auto row = repository::licence(*db, trade_id);
  if (!row) return nullptr;
  Upstream upstream;
  if (row->delivery_mode == "gateway")
    if (auto product = listing::load_product(*db, s_.keys.master, row->product_id))
      upstream = upstream_of(listing::document_json(product->doc), s_.config.gateway.allow_private_upstreams);
  return std::make_shared<const Licence>(licence_of(*row, std::move(upstream)));
}

Result<std::shared_ptr<const Licence>> Service::licence(const std::string& trade_id) {
  const auto now = std::chrono::steady_clock::now();
  const auto max_age = std::chrono::milliseconds(s_.config.gateway.decision_cache_ms);
  const auto epoch = s_.sequencer.changes_epoch();
  {
    std::lock_guard lock(cache_mu_);
    const auto it = cache_.find(trade_id);
    if (it != cache_.end() && it->second.epoch == epoch && now - it->second.loaded < max_age) {
      if (!it->second.licence) return make_error(Errc::not_found, "No gateway licence with this id is yours.");
      return it->second.licence;
    }
  }
  auto loaded = load(trade_id);
  {
    std::lock_guard lock(cache_mu_);
    if (cache_.size() > 100'000) cache_.clear();  // a bound, not a policy: entries live a second
    cache_[trade_id] = {loaded, now, epoch};
  }
  if (!loaded) return make_error(Errc::not_found, "No gateway licence with this id is yours.");
  return loaded;
}

Result<Admitted> Service::admit(const Call& call) {
  auto l = licence(call.trade_id);
  if (!l) return l.error();
  const Licence& lic = **l;
  const auto now = s_.clock();
  if (auto st = permits(lic, call.caller, now); !st) return st.error();
  auto path = canonical_path(call.raw_rest);
  if (!path) return path.error();
  if (auto route = licensed_route(lic, call.method, path->decoded); !route) return route.error();
  if (lic.upstream.url.host.empty())
    return make_error(Errc::upstream_failed, "The product's upstream is not usable under this exchange's policy.");
  if (auto st = meter_.take(lic.trade_id, {lic.call_quota, lic.rate_limit_per_s}, now); !st) return st.error();
  std::string target = lic.upstream.url.base_path + path->encoded;
  if (!call.query.empty()) target += "?" + call.query;
  return Admitted{*l, std::move(target)};
}

void Service::finish(const Call& call, const Admitted& a, int status, bool reached_upstream, std::uint64_t bytes_out) {
  if (!reached_upstream) return meter_.give_back(a.licence->trade_id);
  const auto now = s_.clock();
  const std::string line = log_line(call, now, status, bytes_out, "core");
  meter_.finished(a.licence->trade_id, rfc3339_text(now).substr(0, 10), static_cast<std::int64_t>(bytes_out), line);
}

Usage Service::usage(const std::string& trade_id, const std::optional<std::int64_t>& quota) {
  Usage u;
  std::map<std::string, DayCount> days;
  {
    auto db = s_.reads.acquire();
    for (const auto& d : repository::by_day(*db, trade_id)) days[d.date] = {d.calls, d.bytes_out};
    const auto jobs = repository::job_totals(*db, trade_id);
    u.jobs = jobs.jobs;
    u.epsilon_spent = jobs.epsilon_spent;
  }
  for (const auto& [day, c] : meter_.pending(trade_id)) {
    days[day].calls += c.calls;
    days[day].bytes_out += c.bytes_out;
  }
  for (const auto& [day, c] : days) {
    u.calls += c.calls;
    u.bytes_out += c.bytes_out;
    u.by_day.emplace_back(day, c);
  }
  u.quota = quota;
  if (quota) u.remaining = std::max<std::int64_t>(0, *quota - u.calls);
  return u;
}

Service::Written Service::write_batch(repository::Batch& batch, const std::string& log) {
  try {
    const auto [file, offset] = append_log(s_.data_dir / "gateway", utc_day(s_.clock()), log);
    batch.log_file = file;
    batch.log_offset = offset;
  } catch (const std::exception& e) {
    s_.log.write({{"level", "error"}, {"event", "call_log_failed"}, {"error", e.what()}});
    return Written::failed;
  }
  batch.log_length = static_cast<std::int64_t>(log.size());
  batch.log_sha256 = crypto::hex(crypto::sha256(log));
  auto already = std::make_shared<bool>(false);
  std::promise<bool> written;
  s_.sequencer.submit(
      [&batch, already](store::Tx& tx) {
        if ((*already = repository::batch_exists(tx.db(), batch.id))) return true;
        repository::insert_batch(tx, batch);
        tx.record("exchange", "gateway.usage_recorded", batch.id,
                  {{"node", batch.node},
                   {"calls", batch.calls},
                   {"bytes_out", batch.bytes_out},
                   {"licences", batch.items.size()},
                   {"log", {{"file", batch.log_file}, {"offset", batch.log_offset}, {"length", batch.log_length},
                            {"sha256", batch.log_sha256}}}});
        return true;
      },
      [&written](bool durable) { written.set_value(durable); });
  if (!written.get_future().get()) return Written::failed;
  return *already ? Written::already : Written::yes;
}

void Service::flush() {
  std::lock_guard one(flush_mu_);
  meter_.expire_leases(s_.clock(), std::chrono::milliseconds(2 * s_.config.gateway.flush_interval_ms + 1000));
  Drained d = meter_.drain();
  if (d.empty()) return;
  auto batch = batch_of(d, "core");
  if (write_batch(batch, d.log) == Written::failed) return meter_.failed(std::move(d));
  meter_.committed(d);
}

}  // namespace dx::gateway
