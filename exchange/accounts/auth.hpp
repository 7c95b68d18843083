// Who is calling: bearer tokens (session tokens "dxs_…" and API keys "dxk_…") resolved to a
// Principal. Only SHA-256 digests of tokens are stored, so a token is looked up by its digest.
//
// The web UI may instead carry its session token in the `dx_session` cookie (Secure, HttpOnly,
// SameSite=Strict). A cookie counts only when the request has no Authorization header, and a
// cookie-authenticated request other than GET or HEAD must carry the session's CSRF token in
// `X-CSRF-Token`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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

// No credentials: nullopt. Bearer credentials that are unknown, expired or revoked: 401. A session
// cookie that is unknown or expired counts as no credentials, so that a stale cookie never stands
// in the way of signing in again or of public pages. 403 csrf_failed for a cookie-authenticated
// state change without the right X-CSRF-Token.
Result<std::optional<http::Principal>> authenticate(const http::Request& req, store::Db& db,
                                                    TimePoint now);

std::optional<http::Principal> load_principal(store::Db& db, const std::string& account_id);

// The session token in the `dx_session` cookie, when there is one that looks like a session token.
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
