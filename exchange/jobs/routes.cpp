#include "jobs/routes.hpp"

#include <algorithm>
#include <memory>

#include "core/services.hpp"
#include "files/blob_store.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "idempotency/idempotent.hpp"
#include "jobs/runner.hpp"
#include "jobs/service.hpp"
#include "jobs/views.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"
#include "trades/context.hpp"

namespace dx::jobs {

namespace {

using http::Access;
using http::BodyKind;
using http::Method;
using http::Need;
using http::Reply;
using http::Request;
using nlohmann::json;

constexpr std::size_t kMaxQueryChars = 20'000;

struct Context {
  Services& s;
  Service& service;
  Runner& runner;
  const files::BlobStore& blobs;
};
using Handler = void (*)(const Context&, Request&, Reply);

const std::vector<std::string> kStatuses = {"queued",    "running", "awaiting_approval",
                                            "succeeded", "refused", "failed"};

Result<Submission> parse_submission(const Request& req) {
  auto body = http::json_object_body(req);
  if (!body) return body.error();
  http::Fields f(*body);
  auto query = f.string("query", Need::required, 1, kMaxQueryChars);
  std::optional<double> epsilon;
  if (const auto it = body->find("epsilon"); it != body->end() && !it->is_null()) {
    if (it->is_number())
      epsilon = it->get<double>();
    else
      f.add_error("epsilon", "must be a number");
  }
  if (auto st = f.finish(); !st) return st.error();
  return Submission{req.param("id"), req.principal->account_id, *query, epsilon};
}

void post_job(const Context& c, Request& req, Reply reply) {
  auto sub = parse_submission(req);
  if (!sub) return http::send_problem(reply, sub.error());
  auto prepared = c.service.prepare(*sub);
  if (!prepared) return http::send_problem(reply, prepared.error());
  // The runner looks at once once the answer (and so the job) is durable.
  Reply woken = [reply, &runner = c.runner](http::Response r) {
    runner.wake();
    reply(std::move(r));
  };
  run_idempotent(
      c.s, req, "POST /trades/" + sub->trade_id + "/jobs",
      [p = std::move(*prepared)](store::Tx& tx) -> Result<Answer> {
        auto job = Service::accept(tx, p);
        if (!job) return job.error();
        return Answer{202, {{"id", job->id}, {"status", job->status}}, std::nullopt, {}};
      },
      std::move(woken));
}

void get_job(const Context& c, Request& req, Reply reply) {
  auto db = c.s.reads.acquire();
  auto j = Service::job_for(*db, req.param("id"), trades::caller_of(*req.principal));
  if (!j) return http::send_problem(reply, j.error());
  http::send_json(reply, 200, job_view(*j));
}

http::Response csv_response(const Job& j, std::function<std::optional<std::string>()> reader) {
  http::Response res;
  res.stream_size = static_cast<std::uint64_t>(*j.result_size);
  res.stream = std::move(reader);
  res.set_header("Content-Type", "text/csv; charset=utf-8");
  res.set_header("X-Content-SHA256", *j.result_sha256);
  res.set_header("Content-Disposition", "attachment; filename=\"" + j.id + ".csv\"");
  return res;
}

void get_result(const Context& c, Request& req, Reply reply) {
  const auto who = trades::caller_of(*req.principal);
  auto j = [&] {
    auto db = c.s.reads.acquire();
    return c.service.result_for(*db, req.param("id"), who);
  }();
  if (!j) return http::send_problem(reply, j.error());
  // Opened before the record, so a result that cannot be read is never recorded as downloaded.
  auto reader = c.blobs.reader(*j->result_sha256, j->result_wrapped_key);
  c.s.sequencer.run<Unit>(
      [job = *j, who](store::Tx& tx) { return Service::record_download(tx, job, who); },
      [reply, job = *j, reader](Status r) {
        if (!r) return http::send_problem(reply, r.error());
        reply(csv_response(job, reader));
      });
}

Result<Decision> parse_verdict(const Request& req) {
  auto body = http::json_object_body(req);
  if (!body) return body.error();
  http::Fields f(*body);
  auto verdict = f.one_of("decision", Need::required, {"release", "withhold"});
  // A release needs no reason (an empty one is none); a withheld result is explained.
  auto reason = f.string("reason", Need::optional, 0, 2000);
  if (reason && reason->find_first_not_of(" \t\r\n") == std::string::npos) reason.reset();
  if (verdict && *verdict == "withhold" && !reason)
    f.add_error("reason", "is required to withhold a result");
  if (auto st = f.finish(); !st) return st.error();
  return Decision{req.param("id"), trades::caller_of(*req.principal),
                  *verdict == "withhold" ? Verdict::withhold : Verdict::release, reason};
}

void post_decision(const Context& c, Request& req, Reply reply) {
  auto d = parse_verdict(req);
  if (!d) return http::send_problem(reply, d.error());
  c.s.sequencer.run<Job>([d = *d](store::Tx& tx) { return Service::decide(tx, d); },
                         [reply](const Result<Job>& r) {
                           if (!r) return http::send_problem(reply, r.error());
                           http::send_json(reply, 200, job_view(*r));
                         });
}

Result<repository::JobFilter> parse_filter(const Request& req) {
  auto page = http::parse_page(req);
  if (!page) return page.error();
  repository::JobFilter f{.cursor = page->cursor, .limit = page->limit};
  if (const auto* status = req.query_param("status")) {
    if (std::find(kStatuses.begin(), kStatuses.end(), *status) == kStatuses.end())
      return field_error(
          "status",
          "must be one of queued, running, awaiting_approval, succeeded, refused, failed");
    f.status = *status;
  }
  return f;
}

void list_trade_jobs(const Context& c, Request& req, Reply reply) {
  auto f = parse_filter(req);
  if (!f) return http::send_problem(reply, f.error());
  auto db = c.s.reads.acquire();
  auto jobs = Service::trade_jobs(*db, req.param("id"), trades::caller_of(*req.principal), *f);
  if (!jobs) return http::send_problem(reply, jobs.error());
  http::send_json(reply, 200, page_view(*jobs, f->limit));
}

void list_seller_jobs(const Context& c, Request& req, Reply reply) {
  auto f = parse_filter(req);
  if (!f) return http::send_problem(reply, f.error());
  auto db = c.s.reads.acquire();
  http::send_json(reply, 200,
                  page_view(Service::seller_jobs(*db, req.principal->account_id, *f), f->limit));
}

json submission_schema() {
  return {{"type", "object"},
          {"required", {"query"}},
          {"properties",
           {{"query", {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxQueryChars}}},
            {"epsilon", {{"type", "number"}}}}}};
}

json decision_schema() {
  return {{"type", "object"},
          {"required", {"decision"}},
          {"properties",
           {{"decision", {{"type", "string"}, {"enum", {"release", "withhold"}}}},
            {"reason", {{"type", "string"}, {"maxLength", 2000}}}}}};
}

}  // namespace

void add_job_routes(http::Router& router, Services& s, Service& service, Runner& runner,
                    const files::BlobStore& blobs) {
  auto c = std::make_shared<Context>(Context{s, service, runner, blobs});
  auto bind = [c](Handler handler) {
    return [c, handler](Request& req, Reply reply) { handler(*c, req, std::move(reply)); };
  };
  const auto status_query = http::page_query({{"status", "string", "a job status"}});
  router.add(
      {.method = Method::post,
       .pattern = "/api/v1/trades/{id}/jobs",
       .summary =
           "Run one SQL SELECT over a compute licence's dataset (buyer; 202 queued, or the refusal "
           "at "
           "once; Idempotency-Key). An accepted job counts against the job quota and spends its "
           "epsilon, whatever its outcome",
       .tag = "data plane",
       .access = Access::account,
       .body = BodyKind::json,
       .request_schema = submission_schema(),
       .statuses = {202},
       .handler = bind(post_job)});
  router.add({.method = Method::get,
              .pattern = "/api/v1/trades/{id}/jobs",
              .summary = "A compute licence's jobs, newest first (its parties and staff)",
              .tag = "data plane",
              .access = Access::account,
              .statuses = {200},
              .handler = bind(list_trade_jobs),
              .query = status_query});
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/seller/jobs",
       .summary = "The jobs on your products, newest first (query: status, e.g. awaiting_approval)",
       .tag = "data plane",
       .access = Access::account,
       .statuses = {200},
       .handler = bind(list_seller_jobs),
       .query = status_query});
  router.add({.method = Method::get,
              .pattern = "/api/v1/jobs/{id}",
              .summary = "A compute job (its buyer, the product's seller, staff)",
              .tag = "data plane",
              .access = Access::account,
              .statuses = {200},
              .handler = bind(get_job)});
  router.add({.method = Method::get,
              .pattern = "/api/v1/jobs/{id}/result",
              .summary = "A job's result as CSV with X-Content-SHA256 (the buyer once succeeded; "
                         "the seller while it "
                         "awaits approval; recorded)",
              .tag = "data plane",
              .access = Access::account,
              .statuses = {200},
              .produces = "text/csv",
              .handler = bind(get_result)});
  router.add(
      {.method = Method::post,
       .pattern = "/api/v1/jobs/{id}/decision",
       .summary =
           "Release or withhold (reason required) a job's result awaiting approval (the product's "
           "seller)",
       .tag = "data plane",
       .access = Access::account,
       .body = BodyKind::json,
       .request_schema = decision_schema(),
       .statuses = {200},
       .handler = bind(post_decision)});
}

}  // namespace dx::jobs
