// API.md "Accounts and sessions".
#include "accounts/routes.hpp"

#include <algorithm>
#include <future>
#include <memory>

#include "accounts/accounts.hpp"
#include "accounts/auth.hpp"
#include "accounts/throttle.hpp"
#include "accounts/views.hpp"
#include "config/config.hpp"
#include "core/bounded_pool.hpp"
#include "core/json_text.hpp"
#include "core/rate_limiter.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::accounts {

namespace {

using http::Fields;
using http::Need;
using http::Reply;
using http::Request;
using nlohmann::json;

struct Shared {
  Shared(Services& services, SuspensionHooks suspension_hooks)
      : s(services),
        hooks(std::move(suspension_hooks)),
        throttle(services.config.auth.max_failed_logins,
                 std::chrono::seconds(services.config.auth.failed_login_window_s)),
        address_throttle(services.config.auth.max_failed_logins * kAddressFactor,
                         std::chrono::seconds(services.config.auth.failed_login_window_s)),
        signups(services.config.limits.signups_per_minute_per_ip / 60.0,
                services.config.limits.signup_burst_per_ip),
        kdf{services.config.auth.scrypt_log2_n, 8, 1},
        hashing(std::max(1u, std::thread::hardware_concurrency()),
                static_cast<std::size_t>(services.config.auth.max_queued_hashes)) {}
  // An address (one office behind NAT, say) may fail for several of its people before it is held.
  static constexpr int kAddressFactor = 10;
  Services& s;
  SuspensionHooks hooks;
  LoginThrottle throttle;          // by e-mail address
  LoginThrottle address_throttle;  // by remote address
  RateLimiter signups;             // sign-ups by remote address
  crypto::KdfParams kdf;
  std::string dummy_hash;  // verified against for unknown e-mails, so timing does not tell
  // Every password hash, sign-ins first. Declared last, so that it is destroyed first: its
  // destructor finishes the queued jobs, which use the members above.
  BoundedPool hashing;
};

// The schema says what it can (read_email says the rest): one "@" between other characters.
const json kEmail = {{"type", "string"}, {"format", "email"}, {"pattern", "^[^@]+@[^@]+$"}};
const json kString = {{"type", "string"}};

std::optional<std::string> read_email(Fields& f) {
  auto raw = f.string("email", Need::required, 3, 254);
  if (!raw) return std::nullopt;
  auto e = normalise_email(*raw);
  if (!e) f.add_error("email", "must be an e-mail address");
  return e;
}

std::optional<std::string> read_password(Fields& f) {
  auto p = f.string("password", Need::required, 0, 1024);
  if (p && http::utf8_length(*p) < 12) {
    f.add_error("password", "must be at least 12 characters long");
    return std::nullopt;
  }
  return p;
}

Error busy_hashing() {
  Error e = make_error(Errc::unavailable, "Too many sign-ins and sign-ups are waiting; try again shortly.");
  e.retry_after_s = 1;
  return e;
}

void send_account(const Reply& reply, int status, const Result<Account>& r) {
  if (!r) return http::send_problem(reply, r.error());
  http::send_json(reply, status, account_json(*r));
}

// Hashes the password on the hashing pool, then creates the account through the sequencer.
void create_with_password(Shared& sh, std::string actor, NewAccount a, std::string password,
                          Reply reply) {
  const bool queued = sh.hashing.try_post(
      BoundedPool::Priority::normal,
      [&sh, actor = std::move(actor), a = std::move(a), password = std::move(password), reply]() mutable {
        a.password_hash = crypto::hash_password(password, sh.kdf);
        sh.s.sequencer.run<Account>(
            [&sh, actor, a](store::Tx& tx) { return create_account(tx, actor, a, sh.s.keys.pepper); },
            [reply](Result<Account> r) { send_account(reply, 201, r); });
      });
  if (!queued) http::send_problem(reply, busy_hashing());
}

void post_accounts(Shared& sh, Request& req, Reply reply) {
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  if (const int wait = sh.signups.take(req.remote_address); wait > 0) {
    Error e = make_error(Errc::too_many_requests, "Too many sign-ups from this address; try again later.");
    e.retry_after_s = wait;
    return http::send_problem(reply, e);
  }
  Fields f(*body);
  NewAccount a;
  auto email = read_email(f);
  auto password = read_password(f);
  auto kind = f.one_of("kind", Need::required, {"person", "organization"});
  auto name = f.string("display_name", Need::required, 1, 100);
  auto jurisdiction = f.string("jurisdiction", Need::optional, 2, 2).value_or("CN");
  if (!is_iso3166_alpha2(jurisdiction))
    f.add_error("jurisdiction", "must be an ISO 3166-1 alpha-2 country code, e.g. CN");
  if (auto st = f.finish(); !st) return http::send_problem(reply, st.error());
  a = {*email, "", *kind, *name, jurisdiction, {}};
  create_with_password(sh, "", std::move(a), *password, std::move(reply));
}

void post_staff_users(Shared& sh, Request& req, Reply reply) {
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  Fields f(*body);
  auto email = read_email(f);
  auto password = read_password(f);
  auto name = f.string("display_name", Need::required, 1, 100);
  auto roles = f.string_list("roles", Need::required, kStaffRoles.size(), 40);
  if (roles) {
    if (roles->empty()) f.add_error("roles", "must name at least one role");
    for (const auto& r : *roles)
      if (std::find(kStaffRoles.begin(), kStaffRoles.end(), r) == kStaffRoles.end())
        f.add_error("roles", "unknown role '" + r + "'");
  }
  if (auto st = f.finish(); !st) return http::send_problem(reply, st.error());
  NewAccount a{*email, "", "staff", *name, "CN", *roles};
  create_with_password(sh, req.principal->account_id, std::move(a), *password, std::move(reply));
}

// A cookie session for the web UI: the token travels only in an HttpOnly cookie, never in the
// body, and the body carries the CSRF token the UI sends back on every change.
void reply_cookie_session(const Reply& reply, const Session& session, int lifetime_s) {
  json body = session_json(session);
  body.erase("token");
  body["csrf_token"] = csrf_token(session.token);
  auto res = http::json_response(201, body.dump());
  res.set_header("Set-Cookie", session_cookie_header(session.token, lifetime_s));
  reply(std::move(res));
}

void post_sessions(Shared& sh, Request& req, Reply reply) {
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  Fields f(*body);
  auto raw_email = f.string("email", Need::required, 1, 254);
  auto password = f.string("password", Need::required, 1, 1024);
  const bool cookie = f.boolean("cookie", Need::optional).value_or(false);
  if (auto st = f.finish(); !st) return http::send_problem(reply, st.error());
  const std::string email = normalise_email(*raw_email).value_or(*raw_email);
  const std::string email_key = email, ip_key = req.remote_address;
  // Counted now, before the slow check, so parallel guesses meet the limit like serial ones.
  const auto now = sh.s.clock();
  int wait = sh.throttle.attempt(email_key, now);
  if (wait == 0) {
    wait = sh.address_throttle.attempt(ip_key, now);
    if (wait > 0) sh.throttle.withdraw(email_key);
  }
  if (wait > 0) {
    Error e = make_error(Errc::too_many_requests, "Too many failed sign-ins; try again later.");
    e.retry_after_s = wait;
    return http::send_problem(reply, e);
  }
  std::optional<std::string> account_id;
  std::string stored_hash = sh.dummy_hash;
  if (auto known = find_credentials(*sh.s.reads.acquire(), email)) {
    account_id = known->account_id;
    stored_hash = known->password_hash;
  }
  const bool queued = sh.hashing.try_post(BoundedPool::Priority::urgent, [&sh, account_id, stored_hash,
                                                                          password = *password, email_key,
                                                                          ip_key, cookie, reply] {
    const bool good = crypto::verify_password(password, stored_hash) && account_id.has_value();
    if (!good) {
      return http::send_problem(reply, make_error(Errc::invalid_credentials,
                                                  "The e-mail address or password is wrong."));
    }
    // Only failures hold an address: a success takes its own attempt back.
    sh.throttle.success(email_key);
    sh.address_throttle.withdraw(ip_key);
    sh.s.sequencer.run<Session>(
        [&sh, id = *account_id](store::Tx& tx) -> Result<Session> {
          return start_session(tx, id, sh.s.config.sessions.lifetime_s);
        },
        [reply, cookie, lifetime = sh.s.config.sessions.lifetime_s](Result<Session> r) {
          if (!r) return http::send_problem(reply, r.error());
          if (cookie) return reply_cookie_session(reply, *r, lifetime);
          http::send_json(reply, 201, session_json(*r));
        });
  });
  if (!queued) {
    // Not judged: the attempt does not count against the caller.
    sh.throttle.withdraw(email_key);
    sh.address_throttle.withdraw(ip_key);
    http::send_problem(reply, busy_hashing());
  }
}

// 204 once the change is durable, or the problem.
auto no_content(Reply reply) {
  return [reply = std::move(reply)](Result<Unit> r) {
    if (r) reply(http::empty_response(204));
    else http::send_problem(reply, r.error());
  };
}

void delete_session(Shared& sh, Request& req, Reply reply) {
  if (!req.principal->session_digest) return reply(http::empty_response(204));
  if (uses_cookie(req)) {
    reply = [inner = std::move(reply)](http::Response res) {
      if (res.status == 204) res.set_header("Set-Cookie", cleared_session_cookie_header());
      inner(std::move(res));
    };
  }
  sh.s.sequencer.run<Unit>(
      [digest = *req.principal->session_digest, id = req.principal->account_id](store::Tx& tx) {
        end_session(tx, digest, id);
        return ok_status();
      },
      no_content(std::move(reply)));
}

// The current session; for a cookie session also its CSRF token, so that the web UI can pick
// it up again after a reload without keeping it anywhere but in memory.
void get_current_session(Shared& sh, Request& req, Reply reply) {
  if (!req.principal->session_digest)
    return http::send_problem(reply, make_error(Errc::not_found, "API keys are not sessions."));
  const auto expires = session_expiry(*sh.s.reads.acquire(), *req.principal->session_digest);
  if (!expires) return http::send_problem(reply, make_error(Errc::not_found, "No such session."));
  const auto cookie = uses_cookie(req) ? session_cookie(req) : std::nullopt;
  http::send_json(reply, 200,
                  {{"account_id", req.principal->account_id},
                   {"expires_at", *expires},
                   {"cookie", cookie.has_value()},
                   {"csrf_token", cookie ? json(csrf_token(*cookie)) : json(nullptr)}});
}

void get_me(Shared& sh, Request& req, Reply reply) {
  auto account = find_account(*sh.s.reads.acquire(), req.principal->account_id);
  if (!account) return http::send_problem(reply, make_error(Errc::not_found, "No such account."));
  http::send_json(reply, 200, account_json(*account));
}

void post_api_keys(Shared& sh, Request& req, Reply reply) {
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  Fields f(*body);
  auto name = f.string("name", Need::required, 1, 100);
  if (auto st = f.finish(); !st) return http::send_problem(reply, st.error());
  // Made before the command is queued: the sequencer's thread only stores them.
  std::string id = new_id("key");
  std::string key = new_api_key(id);
  std::string digest = api_key_digest(key);
  // The record's data and the answer are written as JSON text (keys sorted), outside the
  // sequencer's thread, which only stores the key and records it: a durable write this small is
  // measured against a no-op request (BENCHMARKS.md).
  std::string data = JsonText().begin_object().key("name").value(*name).end_object().take();
  sh.s.sequencer.run<std::string>(
      [k = NewApiKey{req.principal->account_id, id, *name, std::move(digest), std::move(data)}](
          store::Tx& tx) -> Result<std::string> { return create_api_key(tx, k); },
      [reply, id, key = std::move(key), name = *name](Result<std::string> created_at) {
        if (!created_at) return http::send_problem(reply, created_at.error());
        reply(http::json_response(201, JsonText()
                                           .begin_object()
                                           .key("created_at").value(*created_at)
                                           .key("id").value(id)
                                           .key("key").value(key)
                                           .key("name").value(name)
                                           .end_object()
                                           .take()));
      },
      // Refuses nothing: only a failing store stops it.
      store::Isolation::batch);
}

void get_api_keys(Shared& sh, Request& req, Reply reply) {
  const auto q = http::parse_page(req);
  if (!q) return http::send_problem(reply, q.error());
  const int limit = q->limit;
  const auto keys = list_api_keys(*sh.s.reads.acquire(), req.principal->account_id, q->cursor, limit);
  const auto& seqs = keys.seqs;
  json items = json::array();
  for (const auto& k : keys.items) items.push_back(api_key_json(k));
  const bool more = static_cast<int>(seqs.size()) == limit;
  http::send_json(reply, 200,
                  http::page(std::move(items), more ? std::optional(std::to_string(seqs.back())) : std::nullopt));
}

void delete_api_key(Shared& sh, Request& req, Reply reply) {
  sh.s.sequencer.run<Unit>(
      [owner = req.principal->account_id, id = req.param("id")](store::Tx& tx) {
        return revoke_api_key(tx, owner, id);
      },
      no_content(std::move(reply)));
}

void set_suspension(Shared& sh, Request& req, Reply reply, bool suspend) {
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  Fields f(*body);
  auto reason = f.string("reason", Need::required, 1, 2000);
  if (auto st = f.finish(); !st) return http::send_problem(reply, st.error());
  SuspensionChange c{req.principal->account_id, req.principal->has_role("admin"), req.param("id"), *reason, suspend};
  sh.s.sequencer.run<Account>([&sh, c](store::Tx& tx) { return change_suspension(tx, c, sh.hooks); },
                              [reply](Result<Account> r) { send_account(reply, 200, r); });
}

json object_schema(std::initializer_list<std::pair<const char*, json>> props,
                   std::vector<std::string> required) {
  json p = json::object();
  for (const auto& [k, v] : props) p[k] = v;
  return {{"type", "object"}, {"properties", p}, {"required", required}};
}

}  // namespace

void add_account_routes(http::Router& router, Services& services, SuspensionHooks hooks) {
  auto sh = std::make_shared<Shared>(services, std::move(hooks));
  sh->dummy_hash = crypto::hash_password(crypto::hex(crypto::random_bytes(16)), sh->kdf);
  using http::Access;
  using http::BodyKind;
  using http::Method;
  auto bind = [sh](void (*fn)(Shared&, Request&, Reply)) {
    return [sh, fn](Request& req, Reply reply) { fn(*sh, req, std::move(reply)); };
  };
  const json account_body = object_schema(
      {{"email", kEmail}, {"password", {{"type", "string"}, {"minLength", 12}}},
       {"kind", {{"type", "string"}, {"enum", {"person", "organization"}}}},
       {"display_name", kString}, {"jurisdiction", {{"type", "string"}, {"enum", iso3166_alpha2_codes()}, {"default", "CN"}}}},
      {"email", "password", "kind", "display_name"});
  router.add({.method = Method::post,
              .pattern = "/api/v1/accounts",
              .summary = "Register an account",
              .tag = "accounts",
              .body = BodyKind::json,
              .request_schema = account_body,
              .statuses = {201},
              .handler = bind(post_accounts)});
  router.add(
      {.method = Method::post,
       .pattern = "/api/v1/sessions",
       .summary = "Sign in: exchange e-mail and password for a session token (with \"cookie\": "
                  "true, for the web UI, the token is set as a Secure HttpOnly SameSite=Strict "
                  "cookie instead and the answer carries the csrf_token to send as X-CSRF-Token on "
                  "every change)",
       .tag = "accounts",
       .body = BodyKind::json,
       .request_schema = object_schema({{"email", kEmail},
                                        {"password", kString},
                                        {"cookie", {{"type", "boolean"}, {"default", false}}}},
                                       {"email", "password"}),
       .statuses = {201},
       .handler = bind(post_sessions)});
  router.add({.method = Method::get,
              .pattern = "/api/v1/sessions/current",
              .summary = "The current session (with its csrf_token when it is a cookie session)",
              .tag = "accounts",
              .access = Access::account,
              .statuses = {200},
              .handler = bind(get_current_session)});
  router.add({.method = Method::del,
              .pattern = "/api/v1/sessions/current",
              .summary = "Sign out: end the current session",
              .tag = "accounts",
              .access = Access::account,
              .statuses = {204},
              .handler = bind(delete_session)});
  router.add({.method = Method::get,
              .pattern = "/api/v1/me",
              .summary = "The signed-in account",
              .tag = "accounts",
              .access = Access::account,
              .statuses = {200},
              .handler = bind(get_me)});
  router.add({.method = Method::post,
              .pattern = "/api/v1/api-keys",
              .summary = "Create an API key (shown once)",
              .tag = "accounts",
              .access = Access::account,
              .body = BodyKind::json,
              .request_schema = object_schema({{"name", kString}}, {"name"}),
              .statuses = {201},
              .handler = bind(post_api_keys)});
  router.add({.method = Method::get,
              .pattern = "/api/v1/api-keys",
              .summary = "List your active API keys",
              .tag = "accounts",
              .access = Access::account,
              .statuses = {200},
              .handler = bind(get_api_keys),
              .query = http::page_query()});
  router.add({.method = Method::del,
              .pattern = "/api/v1/api-keys/{id}",
              .summary = "Revoke an API key",
              .tag = "accounts",
              .access = Access::account,
              .statuses = {204},
              .handler = bind(delete_api_key)});
  router.add(
      {.method = Method::post,
       .pattern = "/api/v1/staff/users",
       .summary = "Create a staff account with roles",
       .tag = "staff",
       .access = Access::roles,
       .roles = {"admin"},
       .body = BodyKind::json,
       .request_schema = object_schema(
           {{"email", kEmail},
            {"password", kString},
            {"display_name", kString},
            {"roles", {{"type", "array"}, {"items", {{"type", "string"}, {"enum", kStaffRoles}}}}}},
           {"email", "password", "display_name", "roles"}),
       .statuses = {201},
       .handler = bind(post_staff_users)});
  const json reason_body = object_schema({{"reason", kString}}, {"reason"});
  router.add(
      {.method = Method::post,
       .pattern = "/api/v1/staff/accounts/{id}/suspend",
       .summary =
           "Suspend an account (O14): it cannot list, trade or withdraw (403 account_suspended) "
           "and "
           "its resting orders and standing asks are cancelled; a staff account loses its roles "
           "and "
           "only an admin suspends one (403 forbidden); not your own account, nor the last active "
           "admin (409)",
       .tag = "staff",
       .access = Access::roles,
       .roles = {"admin", "complaints_officer"},
       .body = BodyKind::json,
       .request_schema = reason_body,
       .statuses = {200},
       .handler = [sh](Request& req, Reply reply) {
         set_suspension(*sh, req, std::move(reply), true);
       }});
  router.add(
      {.method = Method::post,
       .pattern = "/api/v1/staff/accounts/{id}/reinstate",
       .summary =
           "Reinstate a suspended account: its listed products get their standing asks again (a "
           "staff account: admin only)",
       .tag = "staff",
       .access = Access::roles,
       .roles = {"admin", "complaints_officer"},
       .body = BodyKind::json,
       .request_schema = reason_body,
       .statuses = {200},
       .handler = [sh](Request& req, Reply reply) {
         set_suspension(*sh, req, std::move(reply), false);
       }});
}

Status bootstrap_admin(Services& services, const std::string& email, const std::string& password) {
  {
    auto db = services.reads.acquire();
    if (any_admin(*db)) return ok_status();
  }
  auto normal = normalise_email(email);
  if (!normal) return make_error(Errc::validation_failed, "EXCHANGE_ADMIN_EMAIL is not an e-mail address");
  if (http::utf8_length(password) < 12)
    return make_error(Errc::validation_failed, "EXCHANGE_ADMIN_PASSWORD must be at least 12 characters");
  NewAccount a{*normal, crypto::hash_password(password, {services.config.auth.scrypt_log2_n, 8, 1}),
               "staff", "Administrator", "CN", {"admin"}};
  std::promise<Result<Account>> done;
  services.sequencer.run<Account>(
      [&](store::Tx& tx) { return create_account(tx, "system", a, services.keys.pepper); },
      [&done](Result<Account> r) { done.set_value(std::move(r)); });
  auto r = done.get_future().get();
  if (!r) return r.error();
  return ok_status();
}

}  // namespace dx::accounts
