#include "accounts/auth.hpp"

#include <cstring>
#include <stdexcept>

#include "accounts/repository.hpp"
#include "crypto/crypto.hpp"

namespace dx::accounts {

namespace {

constexpr std::string_view kKeyIdPrefix = "key_";
constexpr std::size_t kIdPart = 20;      // of an API key: its id without "key_"
constexpr std::size_t kTimePart = 8;     // of an API key of the previous format
constexpr std::size_t kRandomPart = 43;  // of an API key: 32 random bytes in base64url

Error bad_token() {
  return make_error(Errc::unauthenticated, "The token is unknown, expired or revoked.");
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The account of an unexpired session, by the digest of its token, and when the session ends.
std::optional<std::string> session_account(store::Db& db, const std::string& digest, TimePoint now,
                                           std::optional<TimePoint>* ends = nullptr) {
  const auto session = repository::find_session(db, digest);
  if (!session) return std::nullopt;
  const auto expires = parse_rfc3339(session->expires_at);
  if (!expires || *expires <= now) return std::nullopt;
  if (ends) *ends = *expires;
  return session->account_id;
}

// The account of an unrevoked API key: a key of the current format by the id it carries, checked
// against its digest; a key of an earlier format by its digest.
std::optional<std::string> api_key_account(store::Db& db, std::string_view token, const std::string& digest) {
  const auto id = api_key_id(token);
  if (!id) return repository::find_api_key_account(db, digest);
  const auto key = repository::find_api_key_by_id(db, *id);
  if (!key || !crypto::constant_time_equal(key->key_hash, digest)) return std::nullopt;
  return key->account_id;
}

// The principal of a session token or API key, known to the cache by `digest` (crypto::token_digest
// or api_key_digest of it): from the cache when it holds a current entry, otherwise from the
// database (and then kept in the cache).
std::optional<http::Principal> principal_of(const DbSource& source, std::string_view token, const std::string& digest,
                                            bool session, TimePoint now, PrincipalCache* cache) {
  if (cache)
    if (auto hit = cache->find(digest, now)) return hit;
  const std::uint64_t epoch = cache ? cache->epoch() : 0;  // read before the database is
  store::Db& db = source();
  std::optional<std::string> account_id;
  std::optional<TimePoint> ends;
  if (session) {
    account_id = session_account(db, digest, now, &ends);
  } else {
    account_id = api_key_account(db, token, digest);
  }
  if (!account_id) return std::nullopt;
  auto p = load_principal(db, *account_id);
  if (!p) return std::nullopt;
  if (session) p->session_digest = digest;
  if (cache) cache->put(digest, *p, ends, epoch);
  return p;
}

bool changes_state(http::Method m) { return m != http::Method::get && m != http::Method::head; }

Result<std::optional<http::Principal>> authenticate_cookie(const http::Request& req,
                                                           const std::string& token, const DbSource& db,
                                                           TimePoint now, PrincipalCache* cache) {
  const auto digest = crypto::token_digest(token);
  auto p = principal_of(db, token, digest, true, now, cache);
  if (!p) return std::optional<http::Principal>{};
  if (changes_state(req.method)) {
    const std::string* sent = req.header("x-csrf-token");
    if (sent == nullptr || !crypto::constant_time_equal(*sent, csrf_token(token)))
      return make_error(
          Errc::csrf_failed,
          "A change made with a cookie session needs the session's X-CSRF-Token header.");
  }
  return std::optional<http::Principal>(std::move(p));
}

}  // namespace

std::optional<std::string> bearer_token(const http::Request& req) {
  const std::string* h = req.header("authorization");
  if (h == nullptr) return std::nullopt;
  constexpr std::string_view kScheme = "bearer ";
  if (h->size() <= kScheme.size()) return std::string();
  std::string scheme = h->substr(0, kScheme.size());
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != kScheme) return std::string();
  return h->substr(kScheme.size());
}

std::string new_api_key(std::string_view id) {
  if (id.size() != kKeyIdPrefix.size() + kIdPart || id.substr(0, kKeyIdPrefix.size()) != kKeyIdPrefix)
    throw std::invalid_argument("an API key's id is \"key_\" and 20 characters");
  std::string key = crypto::new_token(std::string(kApiKeyPrefix) + std::string(id.substr(kKeyIdPrefix.size())));
  if (key.size() != std::strlen(kApiKeyPrefix) + kIdPart + kRandomPart) throw std::logic_error("API key length");
  return key;
}

std::optional<std::string> api_key_id(std::string_view key) {
  const std::size_t prefix = std::strlen(kApiKeyPrefix);
  if (key.size() != prefix + kIdPart + kRandomPart || key.substr(0, prefix) != kApiKeyPrefix) return std::nullopt;
  return std::string(kKeyIdPrefix) + std::string(key.substr(prefix, kIdPart));
}

std::string api_key_digest(std::string_view key) {
  const std::size_t prefix = std::strlen(kApiKeyPrefix);
  if (key.size() == prefix + kTimePart + kRandomPart)
    return std::string(key.substr(prefix, kTimePart)) + crypto::token_digest(key);
  return crypto::token_digest(key);
}

std::optional<http::Principal> PrincipalCache::find(const std::string& digest, TimePoint now) {
  const std::uint64_t current = epoch();
  std::lock_guard lock(mu_);
  const auto it = entries_.find(digest);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.epoch != current || (it->second.expires && *it->second.expires <= now)) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.principal;
}

void PrincipalCache::put(const std::string& digest, const http::Principal& p,
                         std::optional<TimePoint> expires, std::uint64_t at_epoch) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= capacity_) entries_.clear();  // bounded memory under many credentials
  entries_.insert_or_assign(digest, Entry{p, expires, at_epoch});
}

std::optional<http::Principal> load_principal(store::Db& db, const std::string& account_id) {
  auto row = repository::find_principal(db, account_id);
  if (!row) return std::nullopt;
  http::Principal p;
  p.account_id = account_id;
  p.kind = std::move(row->kind);
  p.roles = std::move(row->roles);
  p.kyc_status = std::move(row->kyc_status);
  p.suspended = row->suspended;
  p.jurisdiction = std::move(row->jurisdiction);
  // Suspending a staff member removes every power at once (O14 applies to the exchange's own).
  if (p.suspended && p.kind == "staff") p.roles.clear();
  return p;
}

std::optional<std::string> session_cookie(const http::Request& req) {
  const std::string* h = req.header("cookie");
  if (h == nullptr) return std::nullopt;
  std::string_view rest = *h;
  const std::string_view name = kSessionCookie;
  while (!rest.empty()) {
    const auto end = rest.find_first_of(";,");
    const auto pair = trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != name) continue;
    const auto value = trim(pair.substr(eq + 1));
    if (value.rfind(kSessionPrefix, 0) == 0 && value.size() <= 128) return std::string(value);
  }
  return std::nullopt;
}

bool uses_cookie(const http::Request& req) {
  return req.header("authorization") == nullptr && session_cookie(req).has_value();
}

std::string csrf_token(std::string_view session_token) {
  return crypto::base64url(crypto::hmac_sha256(session_token, "dx.csrf.v1"));
}

std::string session_cookie_header(std::string_view session_token, int max_age_s) {
  return std::string(kSessionCookie) + "=" + std::string(session_token) +
         "; Path=/; Max-Age=" + std::to_string(max_age_s) + "; Secure; HttpOnly; SameSite=Strict";
}

std::string cleared_session_cookie_header() {
  return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict";
}

Result<std::optional<http::Principal>> authenticate(const http::Request& req, store::Db& db,
                                                    TimePoint now) {
  return authenticate(req, [&db]() -> store::Db& { return db; }, now, nullptr);
}

Result<std::optional<http::Principal>> authenticate(const http::Request& req, const DbSource& db,
                                                    TimePoint now, PrincipalCache* cache) {
  const auto token = bearer_token(req);
  if (!token) {
    if (auto cookie = session_cookie(req)) return authenticate_cookie(req, *cookie, db, now, cache);
    return std::optional<http::Principal>{};
  }
  const bool session = token->rfind(kSessionPrefix, 0) == 0;
  if (!session && token->rfind(kApiKeyPrefix, 0) != 0) return bad_token();
  auto p = principal_of(db, *token, session ? crypto::token_digest(*token) : api_key_digest(*token), session, now, cache);
  if (!p) return bad_token();
  return std::optional<http::Principal>(std::move(p));
}

}  // namespace dx::accounts
