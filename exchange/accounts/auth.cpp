#include "accounts/auth.hpp"

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "store/db.hpp"

namespace dx::accounts {

namespace {

Error bad_token() {
  return make_error(Errc::unauthenticated, "The token is unknown, expired or revoked.");
}

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

}  // namespace

std::optional<http::Principal> load_principal(store::Db& db, const std::string& account_id) {
  auto& st = db.cached(
      "SELECT kind, roles, kyc_status, suspended, jurisdiction FROM accounts WHERE id = ?");
  st.bind(1, account_id);
  if (!st.step()) return std::nullopt;
  http::Principal p;
  p.account_id = account_id;
  p.kind = st.text(0);
  for (const auto& r : nlohmann::json::parse(st.text(1))) p.roles.push_back(r.get<std::string>());
  p.kyc_status = st.text(2);
  p.suspended = st.int64(3) != 0;
  p.jurisdiction = st.text(4);
  st.reset();
  return p;
}

Result<std::optional<http::Principal>> authenticate(const http::Request& req, store::Db& db,
                                                    TimePoint now) {
  const auto token = bearer_token(req);
  if (!token) return std::optional<http::Principal>{};
  const auto digest = crypto::token_digest(*token);
  std::optional<std::string> account_id;
  bool session = false;
  if (token->rfind(kSessionPrefix, 0) == 0) {
    auto& st = db.cached("SELECT account_id, expires_at FROM sessions WHERE token_hash = ?");
    st.bind_blob(1, digest);
    if (st.step()) {
      const auto expires = parse_rfc3339(st.text(1));
      if (expires && *expires > now) account_id = st.text(0);
    }
    st.reset();
    session = true;
  } else if (token->rfind(kApiKeyPrefix, 0) == 0) {
    auto& st = db.cached("SELECT account_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL");
    st.bind_blob(1, digest);
    if (st.step()) account_id = st.text(0);
    st.reset();
  }
  if (!account_id) return bad_token();
  auto p = load_principal(db, *account_id);
  if (!p) return bad_token();
  if (session) p->session_digest = digest;
  return std::optional<http::Principal>(std::move(p));
}

}  // namespace dx::accounts
