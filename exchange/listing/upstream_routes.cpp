// Review's live check of a gateway product's upstream (API.md "The data plane"; upstream.hpp): a
// reviewer sees that the registered upstream answers before approving the product (SH-67). The
// call blocks, so it runs on a worker; the outcome is recorded (O3) and answered as it is.
#include "config/config.hpp"
#include "core/services.hpp"
#include "core/worker_pool.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "listing/route_parts.hpp"
#include "listing/upstream.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

using http::Reply;
using http::Request;

void run_check(const Context& c, ProductRow row, std::string actor, Reply reply) {
  auto check = live_check(c.s.config, *row.doc.gateway, c.s.clock());
  c.s.sequencer.run<UpstreamCheck>(
      [id = row.id, actor = std::move(actor),
       check = std::move(check)](store::Tx& tx) -> Result<UpstreamCheck> {
        record_upstream_check(tx, actor, id, check);
        return check;
      },
      [reply](const Result<UpstreamCheck>& r) {
        if (!r) return http::send_problem(reply, r.error());
        http::send_json(reply, 200, upstream_check_json(*r));
      });
}

void get_upstream_check(const Context& c, Request& req, Reply reply) {
  auto row = gateway_product(c, req.param("id"));
  if (!row) return http::send_problem(reply, row.error());
  c.s.workers.post([&c, row = std::move(*row), actor = req.principal->account_id, reply]() mutable {
    run_check(c, std::move(row), std::move(actor), std::move(reply));
  });
}

}  // namespace

void add_upstream_routes(http::Router& router, const std::shared_ptr<Context>& c) {
  router.add({.method = http::Method::get,
              .pattern = "/api/v1/staff/products/{id}/upstream-check",
              .summary =
                  "Call a gateway product's upstream once with its credentials and say whether it "
                  "answers (recorded; a failure is reachable: false, not an error)",
              .tag = "staff",
              .access = http::Access::roles,
              .roles = {"listing_reviewer", "admin"},
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) {
                get_upstream_check(*c, req, std::move(reply));
              }});
}

}  // namespace dx::listing
