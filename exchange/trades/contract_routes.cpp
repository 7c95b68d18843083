// The data-use agreement of a trade (API.md "GET /contracts/{id}", O12: CQ-29, CQO-25, CQ-30) as
// JSON, or as a readable page when the client prefers HTML, and the signed trade certificate. Both
// are for the trade's parties and staff; anyone else gets 404.
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/reply.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"
#include "trades/certificate.hpp"
#include "trades/contract_html.hpp"
#include "trades/route_parts.hpp"

namespace dx::trades {

namespace {

using http::Reply;
using http::Request;

bool wants_html(const Request& req) {
  if (const std::string* f = req.query_param("format")) return *f == "html";
  const std::string* accept = req.header("accept");
  return accept != nullptr && prefers_html(*accept);
}

http::Response html_response(const std::string& body) {
  http::Response res;
  res.body = body;
  res.set_header("Content-Type", "text/html; charset=utf-8");
  // The page is static: no scripts, nothing loaded from elsewhere.
  res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  res.set_header("Vary", "Accept");
  return res;
}

}  // namespace

void get_contract(const Context& c, Request& req, Reply reply) {
  if (const std::string* f = req.query_param("format"); f && *f != "html" && *f != "json")
    return http::send_problem(reply, field_error("format", "must be html or json"));
  auto db = c.s.reads.acquire();
  auto contract = contract_for(*db, req.param("id"), caller_of(*req.principal));
  if (!contract) return http::send_problem(reply, contract.error());
  if (wants_html(req))
    return reply(html_response(contract_html(nlohmann::json::parse(contract->document), contract->sha256_hex)));
  // The stored text itself, so that its SHA-256 is the one the records and certificates cite.
  auto res = http::json_response(200, contract->document);
  res.set_header("X-Content-SHA256", contract->sha256_hex);
  res.set_header("Vary", "Accept");
  reply(std::move(res));
}

void get_certificate(const Context& c, Request& req, Reply reply) {
  auto db = c.s.reads.acquire();
  auto certified = certified_trade(*db, req.param("id"), caller_of(*req.principal));
  if (!certified) return http::send_problem(reply, certified.error());
  const std::string payload = certificate_payload(certified->trade, certified->contract, c.s.clock());
  http::send_json(reply, 200, sign_certificate(payload, c.s.signing_key));
}

}  // namespace dx::trades
