// Complaints as their complainant and the seller concerned see them: filing (any signed-in account,
// verified or not: a rights holder need not trade here, O7), reading with history, the seller's
// answers. Another account's complaint answers 404 (DESIGN.md "Security basics").
#include "complaints/commands.hpp"
#include "complaints/route_parts.hpp"
#include "complaints/views.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::complaints {

namespace {

using http::Need;
using http::Reply;
using http::Request;
using nlohmann::json;

bool given(const json& body, const char* key) { return body.contains(key) && !body[key].is_null(); }

Result<Filing> parse_filing(const json& body) {
  http::Fields f(body);
  Filing out;
  const bool product = given(body, "product_id"), trade = given(body, "trade_id");
  if (product == trade)
    f.add_error(product ? "trade_id" : "product_id", "give exactly one of product_id and trade_id");
  if (product) out.product_id = f.string("product_id", Need::required, 1, 100);
  if (trade) out.trade_id = f.string("trade_id", Need::required, 1, 100);
  auto type = f.one_of("type", Need::required, type_names());
  auto statement = f.string("statement", Need::required, 1, 10000);
  auto evidence = f.string_list("evidence_file_ids", Need::optional, 20, 100);
  if (auto st = f.finish(); !st) return st.error();
  out.type = *parse_type(*type);
  out.statement = *statement;
  if (evidence) out.evidence_file_ids = *evidence;
  return out;
}

Result<Response> parse_response(const json& body) {
  http::Fields f(body);
  auto text = f.string("text", Need::required, 1, 10000);
  auto files = f.string_list("file_ids", Need::optional, 20, 100);
  if (auto st = f.finish(); !st) return st.error();
  return Response{*text, files ? *files : std::vector<std::string>{}};
}

}  // namespace

Result<std::optional<State>> status_filter(const Request& req) {
  const std::string* s = req.query_param("status");
  if (s == nullptr) return std::optional<State>{};
  auto status = parse_status(*s);
  if (!status)
    return field_error(
        "status",
        "must be one of: received, acknowledged, information_requested, upheld, dismissed");
  return std::optional<State>(*status);
}

void post_complaint(const Context& c, Request& req, Reply reply) {
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  auto filing = parse_filing(*body);
  if (!filing) return http::send_problem(reply, filing.error());
  c.s.sequencer.run<json>(
      [&c, who = req.principal->account_id, f = std::move(*filing)](store::Tx& tx) -> Result<json> {
        auto k = file_complaint(tx, c, who, f);
        if (!k) return k.error();
        return complaint_view(tx.db(), c, *k, Viewer::complainant, tx.now(), History::with);
      },
      [reply](Result<json> r) { http::send_result(reply, 201, r); });
}

void get_complaint(const Context& c, Request& req, Reply reply) {
  auto db = c.s.reads.acquire();
  auto k = repository::load_complaint(*db, req.param("id"));
  const auto viewer = k ? viewer_of(*k, *req.principal) : std::nullopt;
  if (!viewer) return http::send_problem(reply, make_error(Errc::not_found, "No such complaint."));
  http::send_json(reply, 200, complaint_view(*db, c, *k, *viewer, c.s.clock(), History::with));
}

void list_complaints(const Context& c, Request& req, Reply reply) {
  const auto q = http::parse_page(req);
  if (!q) return http::send_problem(reply, q.error());
  const int limit = q->limit;
  auto status = status_filter(req);
  if (!status) return http::send_problem(reply, status.error());
  const std::string& me = req.principal->account_id;
  auto db = c.s.reads.acquire();
  const auto rows = repository::complaints_of(*db, me, *status, q->cursor, limit);
  json items = json::array();
  for (const auto& k : rows)
    items.push_back(complaint_view(*db, c, k,
                                   k.complainant_id == me ? Viewer::complainant : Viewer::seller,
                                   c.s.clock(), History::without));
  const bool more = static_cast<int>(rows.size()) == limit;
  http::send_json(reply, 200,
                  http::page(std::move(items),
                             more ? std::optional(std::to_string(rows.back().seq)) : std::nullopt));
}

void post_response(const Context& c, Request& req, Reply reply) {
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  auto response = parse_response(*body);
  if (!response) return http::send_problem(reply, response.error());
  c.s.sequencer.run<json>(
      [&c, who = req.principal->account_id, id = req.param("id"),
       r = std::move(*response)](store::Tx& tx) -> Result<json> {
        auto k = respond(tx, who, id, r);
        if (!k) return k.error();
        return complaint_view(tx.db(), c, *k, Viewer::seller, tx.now(), History::with);
      },
      [reply](Result<json> r) { http::send_result(reply, 201, r); });
}

}  // namespace dx::complaints
