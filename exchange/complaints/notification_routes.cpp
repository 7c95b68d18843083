// GET /notifications: what happened to the caller because of complaints, newest first.
#include "complaints/repository.hpp"
#include "complaints/route_parts.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "store/read_pool.hpp"

namespace dx::complaints {

void list_notifications(const Context& c, http::Request& req, http::Reply reply) {
  const auto q = http::parse_page(req);
  if (!q) return http::send_problem(reply, q.error());
  const int limit = q->limit;
  auto db = c.s.reads.acquire();
  const auto rows = repository::notifications_of(*db, req.principal->account_id, q->cursor, limit);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& n : rows)
    items.push_back({{"id", n.id},
                     {"created_at", n.created_at},
                     {"kind", n.notice.kind},
                     {"subject", n.notice.subject},
                     {"text", n.notice.text},
                     {"rule", n.notice.rule},
                     {"basis", n.notice.basis}});
  const bool more = static_cast<int>(rows.size()) == limit;
  http::send_json(reply, 200,
                  http::page(std::move(items),
                             more ? std::optional(std::to_string(rows.back().seq)) : std::nullopt));
}

}  // namespace dx::complaints
