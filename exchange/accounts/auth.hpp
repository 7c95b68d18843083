// Who is calling: bearer tokens (session tokens "dxs_…" and API keys "dxk_…") resolved to a
// Principal. Only SHA-256 digests of tokens are stored, so a token is looked up by its digest.
//
// The web UI may instead carry its session token in the `dx_session` cookie (Secure, HttpOnly,
// SameSite=Strict). A cookie counts only when the request has no Authorization header, and a
// cookie-authenticated request other than GET or HEAD must carry the session's CSRF token in
// `X-CSRF-Token`.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"
#include "core/time.hpp"
#include "http/message.hpp"

namespace dx::store {
class Db;
}

namespace dx::accounts {

inline constexpr const char* kSessionPrefix = "dxs_";
inline constexpr const char* kApiKeyPrefix = "dxk_";
inline constexpr const char* kSessionCookie = "dx_session";

// API keys are "dxk_" + their id without its "key_" prefix (20 characters: 8 of the creation
// time and 12 random, as in ids) + 43 random characters. Stored beside the key's row is the
// SHA-256 digest of the whole key: a key is found by the id it carries and checked against that
// digest, so keys need no index of their own (migration 14). Keys of the two earlier formats are
// found by the value stored for them, which api_key_digest() gives: for "dxk_" + 8 time
// characters + 43 random, the time part followed by the digest; for keys older still, the bare
// digest.
std::string new_api_key(std::string_view id);
// The id a key of the current format carries; nullopt for the earlier formats.
std::optional<std::string> api_key_id(std::string_view key);
// What is stored for the key, and what the principal cache knows it by.
std::string api_key_digest(std::string_view key);

// No credentials: nullopt. Bearer credentials that are unknown, expired or revoked: 401. A session
// cookie that is unknown or expired counts as no credentials, so that a stale cookie never stands
// in the way of signing in again or of public pages. 403 csrf_failed for a cookie-authenticated
// state change without the right X-CSRF-Token.
Result<std::optional<http::Principal>> authenticate(const http::Request& req, store::Db& db,
                                                    TimePoint now);
// The same with a cache: `db` is called for a connection only when the cache cannot answer.
class PrincipalCache;
using DbSource = std::function<store::Db&()>;
Result<std::optional<http::Principal>> authenticate(const http::Request& req, const DbSource& db,
                                                    TimePoint now, PrincipalCache* cache);

// Principals by the digest of their session token or API key, so that a request with known
// credentials needs no database read to authenticate. An entry is used only while the epoch it
// was filled at is still the current one: the sequencer advances that epoch after any committed
// update or delete of accounts, sessions or API keys (sign-out, revocation, suspension,
// verification, roles). A session's entry also ends when the session expires. Thread-safe.
class PrincipalCache {
 public:
  explicit PrincipalCache(std::function<std::uint64_t()> epoch, std::size_t capacity = 100000)
      : epoch_(std::move(epoch)), capacity_(capacity) {}
  std::uint64_t epoch() const { return epoch_(); }
  std::optional<http::Principal> find(const std::string& digest, TimePoint now);
  // `epoch`: as read before the database read the principal came from.
  void put(const std::string& digest, const http::Principal& p, std::optional<TimePoint> expires,
           std::uint64_t epoch);

 private:
  struct Entry {
    http::Principal principal;
    std::optional<TimePoint> expires;
    std::uint64_t epoch;
  };
  std::function<std::uint64_t()> epoch_;
  std::size_t capacity_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

std::optional<http::Principal> load_principal(store::Db& db, const std::string& account_id);

// The session token in the `dx_session` cookie, when there is one that looks like a session token.
// The token of `Authorization: Bearer <token>` (the scheme in any case); nullopt without the
// header, "" when it names another scheme or no token.
std::optional<std::string> bearer_token(const http::Request& req);

std::optional<std::string> session_cookie(const http::Request& req);
// True when the request authenticates by cookie: a session cookie and no Authorization header.
bool uses_cookie(const http::Request& req);

// The CSRF token of a session: HMAC-SHA256 keyed by the session token itself, in base64url. It
// needs no storage, changes with every session, and cannot be computed without the token, which
// the browser keeps in an HttpOnly cookie out of reach of scripts and other sites.
std::string csrf_token(std::string_view session_token);

// Set-Cookie values that start (for `max_age_s` seconds) and end a cookie session.
std::string session_cookie_header(std::string_view session_token, int max_age_s);
std::string cleared_session_cookie_header();

}  // namespace dx::accounts
