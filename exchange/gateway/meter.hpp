// Counting the gateway's calls without the sequencer on the hot path (API.md "The data plane",
// DESIGN.md "The data plane"). Each licence's calls are counted in memory, under one of a few
// locks, and written in batches (gateway/flusher.hpp): a call is admitted only while the calls
// already written, those not yet written (in flight included) and those leased to gateway nodes
// stay below the licence's quota, so the quota holds exactly in a running exchange. After a
// crash the calls of the last unwritten interval are missing from the counts: at most that many
// calls over the quota (the bound the crash test checks). Rate limits are token buckets of one
// second. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace dx::gateway {

struct Limits {
  std::optional<std::int64_t> quota;  // calls for the whole licence
  std::optional<std::int64_t> rate_per_s;
};

// Calls and bytes of one licence on one day, not yet written.
struct DayCount {
  std::int64_t calls = 0, bytes_out = 0;
};
using DayKey = std::pair<std::string, std::string>;  // trade id, YYYY-MM-DD (UTC)

// What one flush takes out of the meter: the counts by licence and day, and the call log lines.
struct Drained {
  std::map<DayKey, DayCount> counts;
  std::string log;  // one JSON line per call
  std::int64_t calls = 0, bytes_out = 0;
  bool empty() const { return counts.empty(); }
};

class Meter {
 public:
  // `persisted_calls(trade)`: the calls already written for a licence, read the first time the
  // meter sees it in this process.
  explicit Meter(std::function<std::int64_t(const std::string&)> persisted_calls);

  // Counts one call, or refuses it: quota_exhausted, rate_limited (with Retry-After).
  Status take(const std::string& trade, const Limits& limits, TimePoint now);
  // A call counted by take() that never reached the upstream: it does not count.
  void give_back(const std::string& trade);
  // A call counted by take() that is over, on `day` (YYYY-MM-DD): its bytes and its line of the
  // call log.
  void finished(const std::string& trade, const std::string& day, std::int64_t bytes_out, const std::string& log_line);

  // Leases up to `wanted` calls of the quota to a gateway node until `until` (the node may use
  // them without asking again); nullopt: unlimited (no quota). quota_exhausted when none are left.
  Result<std::optional<std::int64_t>> lease(const std::string& trade, const Limits& limits, const std::string& grant,
                                            std::int64_t wanted, TimePoint until);
  // Reads a licence's written calls if the meter has not yet (before a node's report is written,
  // so that the report is not counted twice).
  void touch(const std::string& trade);
  // Calls a node reported under a lease, now written: used, and no longer leased.
  void reported(const std::string& trade, const std::string& grant, std::int64_t calls);
  // Leases past their end (plus a grace for the node's last report) return their unused calls.
  void expire_leases(TimePoint now, std::chrono::milliseconds grace);

  Drained drain();
  // The drained batch is written: its calls move from unwritten to written.
  void committed(const Drained& d);
  // It could not be written: its counts go back to be written with the next batch.
  void failed(Drained d);

  // Counted but not yet drained, by day, for one licence (added to what is written when usage is
  // read, so that a call shows at once).
  std::vector<std::pair<std::string, DayCount>> pending(const std::string& trade) const;
  // Calls counted for a licence so far (written, unwritten and leased).
  std::int64_t counted(const std::string& trade) const;

 private:
  struct Licence {
    bool loaded = false;
    std::int64_t written = 0, unwritten = 0, leased = 0;
    double tokens = 0;
    TimePoint refilled{};
  };
  struct Lease {
    std::string trade;
    std::int64_t remaining = 0;
    TimePoint until;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Licence> licences;
    std::map<DayKey, DayCount> pending;
    std::string log;
  };
  Shard& shard(const std::string& trade);
  const Shard& shard(const std::string& trade) const;
  Licence& loaded(Shard& s, const std::string& trade);

  std::function<std::int64_t(const std::string&)> persisted_calls_;
  std::array<Shard, 16> shards_;
  std::mutex leases_mu_;
  std::unordered_map<std::string, Lease> leases_;
};

// YYYY-MM-DD of a time, in UTC.
std::string utc_day(TimePoint t);

// RFC 3339 text of a time, formatted once per second and thread (every call's log line and day
// need it; the milliseconds are written into the second's text).
const std::string& rfc3339_text(TimePoint t);

}  // namespace dx::gateway
