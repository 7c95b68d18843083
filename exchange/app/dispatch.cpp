#include "app/dispatch.hpp"

#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "accounts/auth.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/log.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx {

namespace {

bool admitted(const http::Route& route, const http::Principal& p) {
  for (const auto& role : route.roles)
    if (p.has_role(role)) return true;
  return false;
}

}  // namespace

http::Admit make_admit(Services& s) {
  auto principals = std::make_shared<accounts::PrincipalCache>([&s] { return s.sequencer.changes_epoch(); });
  return [&s, principals](http::Request& req, const http::Route& route) -> Status {
    if (route.access == http::Access::own_token) return ok_status();
    {
      std::optional<store::ReadPool::Handle> db;  // taken only when the cache cannot answer
      auto who = accounts::authenticate(
          req, [&]() -> store::Db& { return *db.emplace(s.reads.acquire()); }, s.clock(), principals.get());
      if (!who) return who.error();
      req.principal = std::move(*who);
    }
    if (route.access != http::Access::anyone && !req.principal)
      return make_error(Errc::unauthenticated, "Sign in: send Authorization: Bearer <token>.");
    if (route.access == http::Access::roles && !admitted(route, *req.principal))
      return make_error(Errc::forbidden, "Your roles do not allow this.");
    return ok_status();
  };
}

http::Dispatch make_dispatch(Services& s) {
  return [&s](http::Request& req, const http::Route& route, http::Reply reply) {
    try {
      route.handler(req, reply);
    } catch (const std::exception& e) {
      s.log.write({{"level", "error"}, {"event", "handler_failed"}, {"route", route.pattern},
                   {"request_id", req.request_id}, {"error", e.what()}});
      reply(http::problem_response(make_error(Errc::internal, "An internal error occurred.")));
    }
  };
}

}  // namespace dx
