#include "gateway/meter.hpp"

#include <algorithm>
#include <cmath>

namespace dx::gateway {

Meter::Meter(std::function<std::int64_t(const std::string&)> persisted_calls)
    : persisted_calls_(std::move(persisted_calls)) {}

Meter::Shard& Meter::shard(const std::string& trade) { return shards_[std::hash<std::string>{}(trade) % shards_.size()]; }
const Meter::Shard& Meter::shard(const std::string& trade) const {
  return shards_[std::hash<std::string>{}(trade) % shards_.size()];
}

Meter::Licence& Meter::loaded(Shard& s, const std::string& trade) {
  auto& l = s.licences[trade];
  if (!l.loaded) {
    l.written = persisted_calls_(trade);
    l.loaded = true;
  }
  return l;
}

namespace {

// Refills the bucket (one second's worth at most) and takes a token.
Status take_token(double& tokens, TimePoint& refilled, std::int64_t rate, TimePoint now) {
  const double cap = static_cast<double>(rate);
  if (refilled == TimePoint{}) tokens = cap;
  else tokens = std::min(cap, tokens + cap * std::chrono::duration<double>(now - refilled).count());
  refilled = now;
  if (tokens >= 1) {
    tokens -= 1;
    return ok_status();
  }
  Error e = make_error(Errc::rate_limited, "This licence allows " + std::to_string(rate) + " calls per second.");
  e.retry_after_s = 1;
  return e;
}

Error exhausted(std::int64_t quota) {
  return legal_error(Errc::quota_exhausted,
                     "This licence's " + std::to_string(quota) + " calls are used up; buy more to go on.", "O12",
                     "CQ-29; CQO-25");
}

}  // namespace

Status Meter::take(const std::string& trade, const Limits& limits, TimePoint now) {
  auto& s = shard(trade);
  std::lock_guard lock(s.mu);
  auto& l = loaded(s, trade);
  if (limits.quota && l.written + l.unwritten + l.leased >= *limits.quota) return exhausted(*limits.quota);
  if (limits.rate_per_s)
    if (auto st = take_token(l.tokens, l.refilled, *limits.rate_per_s, now); !st) return st;
  ++l.unwritten;
  return ok_status();
}

void Meter::give_back(const std::string& trade) {
  auto& s = shard(trade);
  std::lock_guard lock(s.mu);
  auto& l = s.licences[trade];
  if (l.unwritten > 0) --l.unwritten;
}

void Meter::finished(const std::string& trade, const std::string& day, std::int64_t bytes_out,
                     const std::string& log_line) {
  auto& s = shard(trade);
  std::lock_guard lock(s.mu);
  auto& c = s.pending[{trade, day}];
  c.calls += 1;
  c.bytes_out += bytes_out;
  s.log += log_line;
  s.log += '\n';
}

Result<std::optional<std::int64_t>> Meter::lease(const std::string& trade, const Limits& limits,
                                                 const std::string& grant, std::int64_t wanted, TimePoint until) {
  if (!limits.quota) return std::optional<std::int64_t>();
  std::int64_t granted = 0;
  {
    auto& s = shard(trade);
    std::lock_guard lock(s.mu);
    auto& l = loaded(s, trade);
    granted = std::min(wanted, *limits.quota - (l.written + l.unwritten + l.leased));
    if (granted <= 0) return exhausted(*limits.quota);
    l.leased += granted;
  }
  std::lock_guard lock(leases_mu_);
  leases_[grant] = {trade, granted, until};
  return std::optional<std::int64_t>(granted);
}

void Meter::touch(const std::string& trade) {
  auto& s = shard(trade);
  std::lock_guard lock(s.mu);
  loaded(s, trade);
}

void Meter::reported(const std::string& trade, const std::string& grant, std::int64_t calls) {
  std::int64_t from_lease = 0;
  {
    std::lock_guard lock(leases_mu_);
    if (auto it = leases_.find(grant); it != leases_.end() && it->second.trade == trade) {
      from_lease = std::min(calls, it->second.remaining);
      it->second.remaining -= from_lease;
    }
  }
  auto& s = shard(trade);
  std::lock_guard lock(s.mu);
  auto& l = s.licences[trade];
  l.leased -= from_lease;
  l.written += calls;
}

void Meter::expire_leases(TimePoint now, std::chrono::milliseconds grace) {
  std::vector<Lease> ended;
  {
    std::lock_guard lock(leases_mu_);
    for (auto it = leases_.begin(); it != leases_.end();) {
      if (it->second.until + grace > now) {
        ++it;
        continue;
      }
      ended.push_back(std::move(it->second));
      it = leases_.erase(it);
    }
  }
  for (const auto& e : ended) {
    auto& s = shard(e.trade);
    std::lock_guard lock(s.mu);
    s.licences[e.trade].leased -= e.remaining;
  }
}

Drained Meter::drain() {
  Drained d;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    for (auto& [key, c] : s.pending) {
      d.calls += c.calls;
      d.bytes_out += c.bytes_out;
    }
    d.counts.merge(s.pending);
    s.pending.clear();
    d.log += s.log;
    s.log.clear();
  }
  return d;
}

void Meter::committed(const Drained& d) {
  for (const auto& [key, c] : d.counts) {
    auto& s = shard(key.first);
    std::lock_guard lock(s.mu);
    auto& l = s.licences[key.first];
    l.written += c.calls;
    l.unwritten -= c.calls;
  }
}

void Meter::failed(Drained d) {
  for (auto& [key, c] : d.counts) {
    auto& s = shard(key.first);
    std::lock_guard lock(s.mu);
    auto& p = s.pending[key];
    p.calls += c.calls;
    p.bytes_out += c.bytes_out;
  }
  auto& s = shards_.front();
  std::lock_guard lock(s.mu);
  s.log.insert(0, d.log);
}

std::vector<std::pair<std::string, DayCount>> Meter::pending(const std::string& trade) const {
  const auto& s = shard(trade);
  std::lock_guard lock(s.mu);
  std::vector<std::pair<std::string, DayCount>> out;
  for (auto it = s.pending.lower_bound({trade, ""}); it != s.pending.end() && it->first.first == trade; ++it)
    out.emplace_back(it->first.second, it->second);
  return out;
}

std::int64_t Meter::counted(const std::string& trade) const {
  const auto& s = shard(trade);
  std::lock_guard lock(s.mu);
  const auto it = s.licences.find(trade);
  return it == s.licences.end() ? 0 : it->second.written + it->second.unwritten + it->second.leased;
}

std::string utc_day(TimePoint t) { return rfc3339_text(t).substr(0, 10); }

const std::string& rfc3339_text(TimePoint t) {
  thread_local std::int64_t second = -1;
  thread_local std::string text;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  if (ms < 0) return text = to_rfc3339(t);
  if (ms / 1000 != second) {
    second = ms / 1000;
    text = to_rfc3339(t);  // "YYYY-MM-DDTHH:MM:SS.mmmZ"
  }
  const auto frac = static_cast<int>(ms % 1000);
  text[20] = static_cast<char>('0' + frac / 100);
  text[21] = static_cast<char>('0' + frac / 10 % 10);
  text[22] = static_cast<char>('0' + frac % 10);
  return text;
}

}  // namespace dx::gateway
