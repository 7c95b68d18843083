// API.md "Records": the record of every state change, for auditors and admins (O3, O8).
#include "records/routes.hpp"

#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "store/read_pool.hpp"
#include "store/records.hpp"

namespace dx::records {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

std::optional<std::int64_t> parse_seq(const std::string& s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(s);
}

Result<store::RecordQuery> parse_query(const Request& req) {
  store::RecordQuery q;
  Status bad = ok_status();
  q.limit = http::parse_limit(req, bad);
  if (!bad) return bad.error();
  for (const char* key : {"after_seq", "cursor"}) {
    if (const auto* v = req.query_param(key)) {
      auto seq = parse_seq(*v);
      if (!seq) return field_error(key, "must be a record sequence number");
      q.after_seq = std::max(q.after_seq, *seq);
    }
  }
  if (const auto* v = req.query_param("subject")) q.subject = *v;
  if (const auto* v = req.query_param("actor")) q.actor = *v;
  if (const auto* v = req.query_param("action")) q.action = *v;
  for (const char* key : {"from", "to"}) {
    if (const auto* v = req.query_param(key)) {
      auto t = parse_rfc3339(*v);
      if (!t) return field_error(key, "must be an RFC 3339 time, e.g. 2026-01-31T00:00:00Z");
      (std::string(key) == "from" ? q.from_at : q.to_at) = to_rfc3339(*t);
    }
  }
  return q;
}

json record_json(const store::Record& r) {
  return {{"seq", r.seq},
          {"at", r.at},
          {"actor", r.actor},
          {"action", r.action},
          {"subject", r.subject},
          {"data", json::parse(r.data)},
          {"leaf", crypto::base64(r.leaf)},
          {"hash", crypto::hex(r.hash)}};
}

void get_events(Services& s, Request& req, Reply reply) {
  auto q = parse_query(req);
  if (!q) return http::send_problem(reply, q.error());
  std::vector<store::Record> rows;
  {
    auto db = s.reads.acquire();
    rows = store::query_records(*db, *q);
  }
  json items = json::array();
  for (const auto& r : rows) items.push_back(record_json(r));
  const bool more = static_cast<int>(rows.size()) == q->limit;
  http::send_json(reply, 200,
                  http::page(std::move(items),
                             more ? std::optional(std::to_string(rows.back().seq)) : std::nullopt));
}

}  // namespace

void add_record_routes(http::Router& router, Services& services) {
  router.add({.method = http::Method::get,
              .pattern = "/api/v1/audit/events",
              .summary = "Search the records (query: after_seq, cursor, limit, subject, actor, action, from, to)",
              .tag = "records",
              .access = http::Access::roles,
              .roles = {"auditor", "admin"},
              .statuses = {200},
              .handler = [&services](Request& req, Reply reply) { get_events(services, req, std::move(reply)); }});
}

}  // namespace dx::records
