// Compute jobs as domain operations (API.md "The data plane"; O12, O15, P5): a buyer's query is
// checked against its licence (the gateway's standing rules), the product's compute terms and the
// query rules before anything is stored, then accepted inside the sequencer, where the job quota
// and the privacy budget are decided exactly; the job's reads, its result's release to the buyer
// (or to the seller reviewing it), and the seller's decision. No HTTP, no JSON, no SQL.
// Thread-safe: state lives in the database and the gateway's licence cache.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compliance/product.hpp"
#include "compute/query.hpp"
#include "core/error.hpp"
#include "jobs/job.hpp"
#include "jobs/repository.hpp"
#include "trades/service.hpp"

namespace dx {
struct Services;
}
namespace dx::gateway {
class Service;
}
namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::jobs {

// A product's compute terms as jobs need them.
struct Terms {
  compute::Policy policy;
  compliance::Approval approval = compliance::Approval::automatic;
  std::optional<double> budget{};  // epsilon per licence; none: exact aggregates
};

struct Submission {
  std::string trade_id;
  std::string buyer;  // the authenticated caller
  std::string query;
  std::optional<double> epsilon{};  // as sent
};

// A job checked and ready to be accepted.
struct Prepared {
  Job job;
  std::optional<double> budget{};
};

enum class Verdict { release, withhold };
struct Decision {
  std::string job_id;
  trades::Caller who;
  Verdict verdict = Verdict::release;
  std::optional<std::string> reason{};  // required to withhold
};

class Service {
 public:
  Service(Services& s, gateway::Service& gateway);

  // Everything the request alone decides: not_found for anyone but the licence's buyer,
  // invalid_state for a licence of another mode, the licence's standing, epsilon against the
  // product's budget, and the query rules. Nothing is stored.
  Result<Prepared> prepare(const Submission& sub) const;
  // Inside the sequencer: job_quota_exhausted, privacy_budget_exhausted, else the queued job with
  // its record.
  static Result<Job> accept(store::Tx& tx, const Prepared& p);

  // The licence of `trade_id` still stands for its buyer (the runner asks before each run).
  Status licence_stands(const std::string& trade_id) const;
  // The compute terms of a product's current (listed) version.
  Result<Terms> terms(store::Db& db, const std::string& product_id) const;

  // A job for its buyer, its product's seller and staff; not_found for anyone else.
  static Result<Job> job_for(store::Db& db, const std::string& id, const trades::Caller& who);
  // A job whose result `who` may read now: the buyer once it succeeded (while the licence
  // stands), the seller while it awaits approval; invalid_state before; not_found for others.
  Result<Job> result_for(store::Db& db, const std::string& id, const trades::Caller& who) const;
  // Records that `who` downloaded the result of `job`.
  static Status record_download(store::Tx& tx, const Job& job, const trades::Caller& who);
  // The seller releases or withholds an awaiting job.
  static Result<Job> decide(store::Tx& tx, const Decision& d);

  // Newest first: a licence's jobs for its parties and staff, or the jobs on a seller's products.
  static Result<std::vector<Job>> trade_jobs(store::Db& db, const std::string& trade_id,
                                             const trades::Caller& who,
                                             repository::JobFilter filter);
  static std::vector<Job> seller_jobs(store::Db& db, const std::string& seller,
                                      repository::JobFilter filter);

 private:
  Services& s_;
  gateway::Service& gateway_;
};

}  // namespace dx::jobs
