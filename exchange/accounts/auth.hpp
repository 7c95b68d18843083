// Who is calling: bearer tokens (session tokens "dxs_…" and API keys "dxk_…") resolved to a
// Principal. Only SHA-256 digests of tokens are stored, so a token is looked up by its digest.
#pragma once

#include <optional>

#include "core/error.hpp"
#include "core/time.hpp"
#include "http/message.hpp"

namespace dx::store {
class Db;
}

namespace dx::accounts {

inline constexpr const char* kSessionPrefix = "dxs_";
inline constexpr const char* kApiKeyPrefix = "dxk_";

// No credentials: nullopt. Credentials that are unknown, expired or revoked: 401.
Result<std::optional<http::Principal>> authenticate(const http::Request& req, store::Db& db,
                                                    TimePoint now);

std::optional<http::Principal> load_principal(store::Db& db, const std::string& account_id);

}  // namespace dx::accounts
