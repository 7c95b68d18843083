#include "accounts/accounts.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include <nlohmann/json.hpp>

#include "accounts/auth.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::accounts {

namespace {

// ISO 3166-1 alpha-2 codes in use.
constexpr std::string_view kCountries =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR "
    "BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ "
    "EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW "
    "GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY "
    "KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV "
    "MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
    "QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG "
    "TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM "
    "ZW";

}  // namespace

std::optional<std::string> normalise_email(const std::string& email) {
  std::string e = email;
  while (!e.empty() && std::isspace(static_cast<unsigned char>(e.back()))) e.pop_back();
  e.erase(0, e.find_first_not_of(" \t\r\n"));
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  const auto at = e.find('@');
  if (at == std::string::npos || at == 0 || e.find('@', at + 1) != std::string::npos) return std::nullopt;
  const auto dot = e.find('.', at);
  if (dot == std::string::npos || dot == at + 1 || e.back() == '.') return std::nullopt;
  for (unsigned char c : e)
    if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"' || c == ',') return std::nullopt;
  return e;
}

std::vector<std::string> iso3166_alpha2_codes() {
  std::vector<std::string> codes;
  for (std::size_t i = 0; i + 2 <= kCountries.size(); i += 3) codes.emplace_back(kCountries.substr(i, 2));
  return codes;
}

bool is_iso3166_alpha2(const std::string& code) {
  if (code.size() != 2 || !std::isupper(static_cast<unsigned char>(code[0])) ||
      !std::isupper(static_cast<unsigned char>(code[1])))
    return false;
  for (std::size_t i = 0; i + 2 <= kCountries.size(); i += 3)
    if (kCountries.substr(i, 2) == code) return true;
  return false;
}

Result<Account> create_account(store::Tx& tx, const std::string& actor, const NewAccount& a,
                               const std::string& pepper) {
  if (repository::email_taken(tx.db(), a.email))
    return make_error(Errc::email_taken, "An account with this e-mail address exists.");
  const std::string id = new_id("acc");
  repository::insert_account(
      tx,
      {id, a.email, a.kind, a.display_name, a.jurisdiction, a.roles, {}, false, {}, tx.now_text()},
      a.password_hash);
  // The record names the address only by a keyed hash (no raw personal information).
  tx.record(actor.empty() ? id : actor, a.kind == "staff" ? "staff_user.created" : "account.created",
            id,
            {{"kind", a.kind},
             {"jurisdiction", a.jurisdiction},
             {"roles", a.roles},
             {"email_hmac", crypto::hex(crypto::hmac_sha256(pepper, a.email))}});
  return *repository::find_account(tx.db(), id);
}

std::optional<Account> find_account(store::Db& db, const std::string& id) {
  return repository::find_account(db, id);
}

std::optional<repository::Credentials> find_credentials(store::Db& db, const std::string& email) {
  return repository::find_credentials(db, email);
}

bool any_admin(store::Db& db) { return repository::any_admin(db); }

std::int64_t count_active_admins(store::Db& db) { return repository::count_active_admins(db); }

Session start_session(store::Tx& tx, const std::string& account_id, int lifetime_s) {
  const std::string token = crypto::new_token(kSessionPrefix);
  const std::string expires = to_rfc3339(tx.now() + std::chrono::seconds(lifetime_s));
  repository::insert_session(tx, crypto::token_digest(token), account_id, expires);
  tx.record(account_id, "session.created", account_id, {{"expires_at", expires}});
  return {token, account_id, expires};
}

void end_session(store::Tx& tx, const std::string& token_digest, const std::string& account_id) {
  repository::delete_session(tx, token_digest);
  tx.record(account_id, "session.ended", account_id, nlohmann::json::object());
}

std::optional<std::string> session_expiry(store::Db& db, const std::string& token_digest) {
  auto session = repository::find_session(db, token_digest);
  if (!session) return std::nullopt;
  return session->expires_at;
}

std::string create_api_key(store::Tx& tx, const NewApiKey& k) {
  repository::insert_api_key(tx, k.id, k.owner, k.name, k.digest);
  tx.record_text(k.owner, "api_key.created", k.id, k.record_data);
  return tx.now_text();
}

repository::ApiKeyPage list_api_keys(store::Db& db, const std::string& owner, std::int64_t after,
                                     int limit) {
  return repository::active_api_keys(db, owner, after, limit);
}

Status revoke_api_key(store::Tx& tx, const std::string& owner, const std::string& id) {
  if (!repository::revoke_api_key(tx, id, owner))
    return make_error(Errc::not_found, "No such API key.");
  tx.record(owner, "api_key.revoked", id, nlohmann::json::object());
  return ok_status();
}

namespace {

// Only an admin changes a staff member's suspension, and the last active admin stays (an
// exchange nobody can administer cannot reinstate anyone).
Status staff_suspension_allowed(store::Db& db, const SuspensionChange& c, const Account& target) {
  if (target.kind != "staff") return ok_status();
  if (!c.actor_is_admin)
    return make_error(Errc::forbidden, "Only an admin suspends or reinstates a staff account.");
  const bool admin =
      std::find(target.roles.begin(), target.roles.end(), "admin") != target.roles.end();
  if (c.suspend && admin && count_active_admins(db) <= 1)
    return make_error(Errc::invalid_state, "The last active admin cannot be suspended.");
  return ok_status();
}

Status suspension_allowed(store::Db& db, const SuspensionChange& c,
                          const std::optional<Account>& target) {
  if (!target) return make_error(Errc::not_found, "No such account.");
  if (c.account_id == c.actor_id)
    return make_error(Errc::invalid_state, "You cannot change your own suspension.");
  if (auto st = staff_suspension_allowed(db, c, *target); !st) return st;
  if (target->suspended == c.suspend)
    return make_error(Errc::invalid_state, c.suspend ? "The account is already suspended."
                                                     : "The account is not suspended.");
  return ok_status();
}

}  // namespace

Result<Account> change_suspension(store::Tx& tx, const SuspensionChange& c,
                                  const SuspensionHooks& hooks) {
  if (auto st = suspension_allowed(tx.db(), c, repository::find_account(tx.db(), c.account_id));
      !st)
    return st.error();
  repository::set_suspension(tx, c.account_id, c.suspend,
                             c.suspend ? std::optional(c.reason) : std::nullopt);
  // O14, CQO-39: access is suspended pending rectification.
  tx.record(c.actor_id, c.suspend ? "account.suspended" : "account.reinstated", c.account_id,
            {{"reason", c.reason}});
  if (c.suspend && hooks.suspended) hooks.suspended(tx, c.account_id);
  if (!c.suspend && hooks.reinstated) hooks.reinstated(tx, c.account_id);
  return *repository::find_account(tx.db(), c.account_id);
}

}  // namespace dx::accounts
