// The gateway's service (API.md "The data plane"): decides each call against its licence,
// counts it, and writes the counts in batches; answers usage; and, for gateway nodes running as
// their own processes, signs short-lived access grants, tells which grants to drop, and takes the
// usage they report. Licence decisions are cached for at most `gateway.decision_cache_ms` (one
// second at most), and dropped at once when a committed change touches accounts, products or
// trades (a suspension, a complaint's freeze, a refund): the next call after such a change is
// decided afresh. No HTTP here: routes.cpp turns a decision into a forwarded request.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "gateway/licence.hpp"
#include "gateway/meter.hpp"
#include "gateway/repository.hpp"

namespace dx {
struct Services;
class Periodic;
}

namespace dx::gateway {

// One call as the buyer sent it.
struct Call {
  std::string trade_id;
  std::string caller;  // the authenticated account
  std::string method;  // GET, POST, …
  std::string raw_rest{};  // the path after /gw/{trade}/, as received, without the query
  std::string query{};     // without '?', as received; empty for none
};

// A call admitted: where it goes. `finish` must be called exactly once when it is over.
struct Admitted {
  std::shared_ptr<const Licence> licence;
  std::string target;  // base path + canonical path + query
};

struct Usage {
  std::int64_t calls = 0, bytes_out = 0;
  std::optional<std::int64_t> quota, remaining;
  std::int64_t jobs = 0;  // compute licences: accepted jobs
  double epsilon_spent = 0;
  std::vector<std::pair<std::string, DayCount>> by_day;
};

class Service {
 public:
  explicit Service(Services& s);
  ~Service();  // writes the last counts
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  Result<Admitted> admit(const Call& call);
  // The call is over: `reached_upstream` false gives its count back (the upstream never had it).
  void finish(const Call& call, const Admitted& a, int status, bool reached_upstream, std::uint64_t bytes_out);

  // The licence as the data plane sees it now (cached), or not_found.
  Result<std::shared_ptr<const Licence>> licence(const std::string& trade_id);

  // The usage of a trade: what is written plus what is counted and not yet written.
  Usage usage(const std::string& trade_id, const std::optional<std::int64_t>& quota);

  // Writes what is counted now (the flusher does so every flush interval).
  void flush();
  // Writes one batch of counts with its call log (appended to the day's log file first) and its
  // record, unless a batch with its id is written already. Blocks until it is durable.
  enum class Written { yes, already, failed };
  Written write_batch(repository::Batch& batch, const std::string& log);

  // Gateway nodes (gateway/grants.hpp uses these).
  Meter& meter() { return meter_; }
  Services& services() { return s_; }

 private:
  struct Cached {
    std::shared_ptr<const Licence> licence;  // null: no such trade
    std::chrono::steady_clock::time_point loaded;
    std::uint64_t epoch = 0;
  };
  std::shared_ptr<const Licence> load(const std::string& trade_id);

  Services& s_;
  Meter meter_;
  std::mutex cache_mu_;
  std::unordered_map<std::string, Cached> cache_;
  std::mutex flush_mu_;  // one flush at a time
  std::unique_ptr<Periodic> flusher_;
};

// The call log line of one call (JSON, no query string: it may carry personal data).
std::string log_line(const Call& call, TimePoint at, int status, std::uint64_t bytes_out, const std::string& node);

}  // namespace dx::gateway
