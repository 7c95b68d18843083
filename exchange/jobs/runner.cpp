#include "jobs/runner.hpp"

#include <future>
#include <map>

#include <nlohmann/json.hpp>

#include "compute/engine.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "datasets/dataset.hpp"
#include "files/blob_store.hpp"
#include "files/repository.hpp"
#include "http/log.hpp"
#include "jobs/job.hpp"
#include "jobs/repository.hpp"
#include "jobs/service.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::jobs {

namespace {

using nlohmann::json;

// Datasets a worker keeps open between jobs; past this it closes them all (a bound on memory
// and descriptors, not a policy).
constexpr std::size_t kMaxOpenDatasets = 16;

// Runs `apply` in the sequencer; true once it is durable.
bool run_sync(store::Sequencer& sequencer, std::function<bool(store::Tx&)> apply) {
  std::promise<bool> done;
  auto durable = done.get_future();
  sequencer.submit(std::move(apply), [&done](bool ok) { done.set_value(ok); });
  return durable.get();
}

// What the buyer is told of a refusal: the engine's or the licence's code, rule and detail.
Outcome refused(const Error& e) {
  return {.status = "refused", .refusal = Refusal{code_name(e.code), e.rule, e.basis, e.detail}};
}

bool is_refusal(Errc code) {
  switch (code) {
    case Errc::query_not_permitted:
    case Errc::group_too_small:
    case Errc::query_too_expensive:
    case Errc::result_not_releasable:
    case Errc::account_suspended:
    case Errc::product_not_tradable:
    case Errc::licence_inactive:
      return true;
    default:
      return false;
  }
}

compute::Limits limits_of(const Config::Compute& c) {
  return {.time = std::chrono::seconds(c.job_time_limit_s),
          .memory_bytes = c.job_memory_bytes,
          .max_result_rows = c.max_result_rows,
          .max_result_bytes = c.max_result_bytes};
}

// Each content is stored once (the blob store addresses it by its hash): a result that is
// already stored keeps its blob and key, and this upload is dropped.
void keep_blob(store::Tx& tx, const files::BlobStore& blobs, files::Upload& upload, Outcome& o) {
  if (auto key = repository::blob_key(tx.db(), *o.result_sha256)) {
    o.result_wrapped_key = *key;
    return blobs.discard(upload);
  }
  files::repository::insert_blob(tx, *o.result_sha256, o.result_size, o.result_wrapped_key);
  blobs.store(upload, *o.result_sha256);
  tx.on_rollback([&blobs, sha = *o.result_sha256] { blobs.remove(sha); });
}

json finished_record(const Job& job, const Outcome& o) {
  json r = {{"trade_id", job.trade_id},
            {"query_sha256", job.query_sha256},
            {"outcome", o.status},
            {"rows_scanned", o.rows_scanned},
            {"result_sha256", o.result_sha256 ? json(*o.result_sha256) : json(nullptr)},
            {"epsilon_spent", job.epsilon.value_or(0)}};
  if (o.refusal) r["refusal"] = {{"code", o.refusal->code}, {"rule", o.refusal->rule}};
  return r;
}

}  // namespace

struct Runner::Worker {
  std::map<std::pair<std::string, std::int64_t>, std::unique_ptr<datasets::Dataset>> open;
};

Runner::Runner(Services& s, Service& service, const files::BlobStore& blobs,
               const compliance::Rules& rules)
    : s_(s), service_(service), blobs_(blobs), rules_(rules) {
  requeue();
  for (int i = 0; i < std::max(1, s.config.compute.workers); ++i)
    threads_.emplace_back([this] { work(); });
}

Runner::~Runner() {
  stopping_.store(true, std::memory_order_release);
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void Runner::wake() {
  {
    std::lock_guard lock(mu_);
    ++generation_;
  }
  cv_.notify_all();
}

std::uint64_t Runner::generation() {
  std::lock_guard lock(mu_);
  return generation_;
}

void Runner::wait(std::uint64_t seen) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, std::chrono::seconds(1), [&] { return generation_ != seen || stopping(); });
}

void Runner::requeue() {
  const bool durable = run_sync(s_.sequencer, [](store::Tx& tx) {
    for (const auto& id : repository::requeue_running(tx))
      tx.record("exchange", "compute.job_requeued", id,
                {{"reason", "the exchange stopped while the job ran"}});
    return true;
  });
  if (!durable) throw std::runtime_error("cannot queue again the jobs left running");
}

std::optional<Job> Runner::claim() {
  {
    auto db = s_.reads.acquire();
    if (!repository::any_queued(*db)) return std::nullopt;
  }
  std::optional<Job> job;
  if (!run_sync(s_.sequencer, [&job](store::Tx& tx) {
        job = repository::claim_next(tx);
        return true;
      }))
    return std::nullopt;
  return job;
}

void Runner::work() {
  Worker w;
  while (!stopping()) {
    const auto seen = generation();
    std::optional<Job> job;
    try {
      job = claim();
    } catch (const std::exception& e) {
      s_.log.write({{"level", "error"}, {"event", "job_claim_failed"}, {"error", e.what()}});
    }
    if (!job) {
      wait(seen);
      continue;
    }
    std::shared_ptr<files::Upload> upload;
    std::optional<Outcome> outcome;
    try {
      outcome = execute(w, *job, upload);
    } catch (const std::exception& e) {
      s_.log.write(
          {{"level", "error"}, {"event", "job_failed"}, {"job", job->id}, {"error", e.what()}});
      outcome = Outcome{.status = "failed"};
      upload.reset();
    }
    if (outcome) finish(*job, *outcome, upload);
  }
}

Result<datasets::Dataset*> Runner::dataset(Worker& w, const Job& job) {
  const auto key = std::make_pair(job.product_id, job.product_version);
  if (const auto it = w.open.find(key); it != w.open.end()) return it->second.get();
  const auto row = [&] {
    auto db = s_.reads.acquire();
    return repository::dataset(*db, job.product_id, job.product_version);
  }();
  if (!row)
    return make_error(Errc::internal, "no dataset is loaded for product " + job.product_id +
                                          " version " + std::to_string(job.product_version));
  auto opened =
      datasets::Dataset::open(blobs_.path_of(row->blob_sha256), blobs_.unwrap(row->wrapped_key));
  if (!opened) return opened.error();
  if (w.open.size() >= kMaxOpenDatasets) w.open.clear();
  return (w.open[key] = std::move(*opened)).get();
}

std::optional<Outcome> Runner::execute(Worker& w, const Job& job,
                                       std::shared_ptr<files::Upload>& upload) {
  // The licence is asked again: a suspension or refund since the job was queued stops it (O13,
  // O14).
  if (auto st = service_.licence_stands(job.trade_id); !st) return refused(st.error());
  auto terms = [&] {
    auto db = s_.reads.acquire();
    return service_.terms(*db, job.product_id);
  }();
  if (!terms) return refused(terms.error());
  auto checked = compute::check_query(job.query, terms->policy);
  if (!checked) return refused(checked.error());
  auto ds = dataset(w, job);
  if (!ds) throw std::runtime_error(ds.error().detail);
  auto r = compute::run_query((*ds)->db(), *checked, terms->policy, limits_of(s_.config.compute),
                              job.epsilon, &rules_, &stopping_);
  if (stopping()) return std::nullopt;
  if (!r) {
    if (is_refusal(r.error().code)) return refused(r.error());
    throw std::runtime_error(r.error().detail);
  }
  upload = blobs_.begin_upload();
  upload->write(r->csv);
  const auto fin = upload->finish();
  return Outcome{
      .status = terms->approval == compliance::Approval::seller ? "awaiting_approval" : "succeeded",
      .rows_scanned = r->rows_scanned,
      .result_rows = r->result_rows,
      .result_size = static_cast<std::int64_t>(fin.size_bytes),
      .result_sha256 = fin.sha256_hex,
      .result_wrapped_key = fin.wrapped_key,
      .refusal = std::nullopt};
}

void Runner::finish(const Job& job, Outcome& o, const std::shared_ptr<files::Upload>& upload) {
  bool ended = false;
  const bool durable = run_sync(s_.sequencer, [&](store::Tx& tx) {
    if (upload) keep_blob(tx, blobs_, *upload, o);
    if (!(ended = repository::finish(tx, job.id, o))) return false;
    tx.record("exchange", "compute.job_finished", job.id, finished_record(job, o));
    return true;
  });
  if (!durable || !ended)
    s_.log.write({{"level", "error"},
                  {"event", "job_not_finished"},
                  {"job", job.id},
                  {"outcome", o.status}});
}

}  // namespace dx::jobs
