// The complaints officers' console API: the queue, nearest deadline first with the overdue ones
// marked (O7 "promptly", O19 time limits), and the actions of O13 (CQO-41).
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

std::string encode(const QueueCursor& q) {
  return crypto::hex(q.due_at + "|" + std::to_string(q.seq));
}

Result<QueueCursor> queue_cursor(const Request& req) {
  const std::string* c = req.query_param("cursor");
  if (c == nullptr) return QueueCursor{};
  const auto bad = field_error("cursor", "is not a cursor from this list");
  auto raw = crypto::unhex(*c);
  if (!raw) return bad;
  const auto bar = raw->find('|');
  if (bar == std::string::npos || bar + 1 == raw->size() || raw->size() - bar > 19 ||
      raw->find_first_not_of("0123456789", bar + 1) != std::string::npos)
    return bad;
  return QueueCursor{raw->substr(0, bar), std::stoll(raw->substr(bar + 1))};
}

Result<ActionRequest> parse_action_body(const json& body) {
  http::Fields f(body);
  auto action = f.one_of("action", Need::required, action_names());
  auto remedy = f.one_of("remedy", Need::optional, remedy_names());
  auto note = f.string("note", Need::optional, 0, 4000);
  // The seller can only answer a question that is asked.
  if (action == "request_information" && (!note || note->empty()))
    f.add_error("note", "is required with request_information: it is what the seller is asked");
  if (auto st = f.finish(); !st) return st.error();
  return ActionRequest{*parse_action(*action), remedy ? *parse_remedy(*remedy) : Remedy::none,
                       note ? *note : ""};
}

}  // namespace

void list_queue(const Context& c, Request& req, Reply reply) {
  const auto limit_or = http::parse_limit(req);
  if (!limit_or) return http::send_problem(reply, limit_or.error());
  const int limit = *limit_or;
  auto after = queue_cursor(req);
  if (!after) return http::send_problem(reply, after.error());
  auto status = status_filter(req);
  if (!status) return http::send_problem(reply, status.error());
  auto db = c.s.reads.acquire();
  const auto rows = repository::queue(*db, *status, *after, limit);
  const auto now = c.s.clock();
  json items = json::array();
  for (const auto& k : rows)
    items.push_back(complaint_view(*db, c, k, Viewer::staff, now, History::without));
  const bool more = static_cast<int>(rows.size()) == limit;
  http::send_json(reply, 200,
                  http::page(std::move(items),
                             more ? std::optional(encode({rows.back().due_at, rows.back().seq}))
                                  : std::nullopt));
}

void post_action(const Context& c, Request& req, Reply reply) {
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  auto action = parse_action_body(*body);
  if (!action) return http::send_problem(reply, action.error());
  c.s.sequencer.run<json>(
      [&c, officer = req.principal->account_id, id = req.param("id"),
       a = *action](store::Tx& tx) -> Result<json> {
        auto k = take_action(tx, c, officer, id, a);
        if (!k) return k.error();
        return complaint_view(tx.db(), c, *k, Viewer::staff, tx.now(), History::with);
      },
      [reply](Result<json> r) { http::send_result(reply, 200, r); });
}

}  // namespace dx::complaints
