#include "jobs/service.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "gateway/licence.hpp"
#include "gateway/repository.hpp"
#include "gateway/service.hpp"
#include "listing/product_store.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::jobs {

namespace {

Error no_licence() {
  return make_error(Errc::not_found, "No compute licence with this id is yours.");
}
Error no_job() { return make_error(Errc::not_found, "No job with this id is yours to see."); }

// The buyer names an epsilon only where the product has a budget; it must be a positive number.
Result<std::optional<double>> epsilon_for(const std::optional<double>& sent,
                                          const std::optional<double>& budget,
                                          double default_epsilon) {
  if (!budget) {
    if (sent)
      return field_error("epsilon", "this product has no privacy budget: its aggregates are exact");
    return std::optional<double>();
  }
  const double e = sent.value_or(default_epsilon);
  if (!std::isfinite(e) || e <= 0) return field_error("epsilon", "must be a number greater than 0");
  return std::optional(e);
}

bool is_party(const Job& j, const trades::Caller& who) {
  return who.account_id == j.buyer_id || who.account_id == j.seller_id;
}

}  // namespace

Service::Service(Services& s, gateway::Service& gateway) : s_(s), gateway_(gateway) {}

Result<Terms> Service::terms(store::Db& db, const std::string& product_id) const {
  const auto product = listing::load_product(db, s_.keys.master, product_id);
  if (!product) return make_error(Errc::not_found, "The licence's product is missing.");
  const auto compute = product->doc.compute.value_or(compliance::Compute{});
  Terms t;
  t.policy = {.dictionary = product->doc.data_dictionary,
              .min_group_size = compute.min_group_size,
              .private_aggregates = compute.epsilon_per_licence.has_value()};
  t.approval = compute.approval;
  t.budget = compute.epsilon_per_licence;
  return t;
}

Result<Prepared> Service::prepare(const Submission& sub) const {
  auto l = gateway_.licence(sub.trade_id);
  if (!l || (*l)->buyer_id != sub.buyer) return no_licence();
  const gateway::Licence& lic = **l;
  if (lic.delivery_mode != "compute")
    return make_error(Errc::invalid_state, "This licence is delivered by " + lic.delivery_mode +
                                               ", not compute: it takes no jobs.");
  if (auto st = gateway::standing(lic, s_.clock()); !st) return st.error();
  auto t = [&] {
    auto db = s_.reads.acquire();
    return terms(*db, lic.product_id);
  }();
  if (!t) return t.error();
  auto epsilon = epsilon_for(sub.epsilon, t->budget, s_.config.compute.default_job_epsilon);
  if (!epsilon) return epsilon.error();
  auto checked = compute::check_query(sub.query, t->policy);
  if (!checked) return checked.error();
  Prepared p;
  p.job = {.id = new_id("job"),
           .trade_id = lic.trade_id,
           .buyer_id = lic.buyer_id,
           .seller_id = lic.seller_id,
           .product_id = lic.product_id,
           .query = sub.query,
           .query_sha256 = checked->query_sha256,
           .epsilon = *epsilon,
           .status = "queued"};
  p.budget = t->budget;
  return p;
}

Result<Job> Service::accept(store::Tx& tx, const Prepared& p) {
  const auto spent = gateway::repository::job_totals(tx.db(), p.job.trade_id);
  // O12: the agreement fixes how many jobs a licence runs; only accepted jobs count.
  if (const auto quota = repository::job_quota(tx.db(), p.job.trade_id);
      quota && spent.jobs >= *quota)
    return legal_error(Errc::job_quota_exhausted,
                       "This licence's " + std::to_string(*quota) + " jobs are used.", "O12",
                       "CQ-29; CQO-25");
  // P5: each accepted job spends its epsilon; past the budget the answers could single a person
  // out.
  if (p.budget && spent.epsilon_spent + *p.job.epsilon > *p.budget * (1 + 1e-12))
    return legal_error(Errc::privacy_budget_exhausted,
                       "This licence has spent " + std::to_string(spent.epsilon_spent) +
                           " of its privacy budget of " + std::to_string(*p.budget) +
                           "; this job would pass it.",
                       "P5", "TJ-29");
  repository::insert_job(tx, p.job);
  tx.record(
      p.job.buyer_id, "compute.job_submitted", p.job.id,
      {{"trade_id", p.job.trade_id},
       {"query_sha256", p.job.query_sha256},
       {"epsilon", p.job.epsilon ? nlohmann::json(*p.job.epsilon) : nlohmann::json(nullptr)}});
  auto stored = repository::find_job(tx.db(), p.job.id);
  if (!stored) throw std::logic_error("an inserted job is missing");
  return std::move(*stored);
}

Status Service::licence_stands(const std::string& trade_id) const {
  auto l = gateway_.licence(trade_id);
  if (!l) return l.error();
  return gateway::standing(**l, s_.clock());
}

Result<Job> Service::job_for(store::Db& db, const std::string& id, const trades::Caller& who) {
  auto j = repository::find_job(db, id);
  if (!j || !(who.staff || is_party(*j, who))) return no_job();
  return std::move(*j);
}

Result<Job> Service::result_for(store::Db& db, const std::string& id,
                                const trades::Caller& who) const {
  auto j = repository::find_job(db, id);
  if (!j || !is_party(*j, who)) return no_job();
  if (who.account_id == j->seller_id) {
    // The seller reads what it is asked to release, and nothing else of its buyers'.
    if (j->status != "awaiting_approval")
      return make_error(Errc::invalid_state,
                        "The seller reads a job's result only while it awaits approval.");
    return std::move(*j);
  }
  if (j->status != "succeeded")
    return make_error(Errc::invalid_state,
                      "The job is " + j->status + "; it has no released result.");
  if (auto st = licence_stands(j->trade_id); !st) return st.error();
  return std::move(*j);
}

Status Service::record_download(store::Tx& tx, const Job& job, const trades::Caller& who) {
  tx.record(who.account_id, "compute.result_downloaded", job.id,
            {{"trade_id", job.trade_id},
             {"sha256", *job.result_sha256},
             {"size_bytes", *job.result_size}});
  return ok_status();
}

Result<Job> Service::decide(store::Tx& tx, const Decision& d) {
  auto j = job_for(tx.db(), d.job_id, d.who);
  if (!j) return j.error();
  if (d.who.account_id != j->seller_id)
    return make_error(Errc::forbidden, "Only the product's seller decides on a job's result.");
  const bool withhold = d.verdict == Verdict::withhold;
  std::optional<Refusal> refusal;
  if (withhold) refusal = Refusal{"result_withheld", "O15", "CQO-13", d.reason.value_or("")};
  if (!repository::decide(tx, j->id, refusal, d.reason))
    return make_error(Errc::invalid_state,
                      "The job is " + j->status + "; only a job awaiting approval is decided.");
  tx.record(d.who.account_id, withhold ? "compute.job_withheld" : "compute.job_released", j->id,
            {{"trade_id", j->trade_id},
             {"result_sha256", j->result_sha256.value_or("")},
             {"reason", d.reason ? nlohmann::json(*d.reason) : nlohmann::json(nullptr)}});
  return job_for(tx.db(), d.job_id, d.who);
}

Result<std::vector<Job>> Service::trade_jobs(store::Db& db, const std::string& trade_id,
                                             const trades::Caller& who,
                                             repository::JobFilter filter) {
  if (auto t = trades::trade_for(db, trade_id, who, trades::Party::any); !t) return t.error();
  filter.trade_id = trade_id;
  return repository::job_page(db, filter);
}

std::vector<Job> Service::seller_jobs(store::Db& db, const std::string& seller,
                                      repository::JobFilter filter) {
  filter.seller_id = seller;
  return repository::job_page(db, filter);
}

}  // namespace dx::jobs
