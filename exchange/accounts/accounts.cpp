#include "accounts/accounts.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

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

bool is_iso3166_alpha2(const std::string& code) {
  if (code.size() != 2 || !std::isupper(static_cast<unsigned char>(code[0])) ||
      !std::isupper(static_cast<unsigned char>(code[1])))
    return false;
  for (std::size_t i = 0; i + 2 <= kCountries.size(); i += 3)
    if (kCountries.substr(i, 2) == code) return true;
  return false;
}

Result<nlohmann::json> create_account(store::Tx& tx, const std::string& actor, const NewAccount& a,
                                      const std::string& pepper) {
  auto& db = tx.db();
  auto& exists = db.cached("SELECT 1 FROM accounts WHERE email = ?");
  exists.bind(1, a.email);
  const bool taken = exists.step();
  exists.reset();
  if (taken) return make_error(Errc::email_taken, "An account with this e-mail address exists.");
  const std::string id = new_id("acc");
  const std::string roles = nlohmann::json(a.roles).dump();
  auto& ins = db.cached(
      "INSERT INTO accounts (id, email, password_hash, kind, display_name, jurisdiction, roles, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, id).bind(2, a.email).bind(3, a.password_hash).bind(4, a.kind).bind(5, a.display_name);
  ins.bind(6, a.jurisdiction).bind(7, roles).bind(8, tx.now_text());
  ins.run();
  ins.reset();
  // The record names the address only by a keyed hash (no raw personal information).
  tx.record(actor.empty() ? id : actor, a.kind == "staff" ? "staff_user.created" : "account.created",
            id,
            {{"kind", a.kind},
             {"jurisdiction", a.jurisdiction},
             {"roles", a.roles},
             {"email_hmac", crypto::hex(crypto::hmac_sha256(pepper, a.email))}});
  auto view = account_view(db, id);
  return *view;
}

std::optional<nlohmann::json> account_view(store::Db& db, const std::string& id) {
  auto& st = db.cached(
      "SELECT email, kind, display_name, jurisdiction, roles, kyc_status, suspended, "
      "suspended_reason, created_at FROM accounts WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  nlohmann::json j = {{"id", id},
                      {"email", st.text(0)},
                      {"kind", st.text(1)},
                      {"display_name", st.text(2)},
                      {"jurisdiction", st.text(3)},
                      {"roles", nlohmann::json::parse(st.text(4))},
                      {"kyc_status", st.text(5)},
                      {"suspended", st.int64(6) != 0},
                      {"created_at", st.text(8)}};
  if (st.int64(6) != 0) j["suspended_reason"] = st.text(7);
  st.reset();
  return j;
}

bool any_admin(store::Db& db) {
  auto& st = db.cached(
      "SELECT 1 FROM accounts WHERE kind = 'staff' AND EXISTS "
      "(SELECT 1 FROM json_each(accounts.roles) WHERE value = 'admin') LIMIT 1");
  const bool found = st.step();
  st.reset();
  return found;
}

std::int64_t count_active_admins(store::Db& db) {
  auto& st = db.cached(
      "SELECT count(*) FROM accounts WHERE kind = 'staff' AND suspended = 0 AND EXISTS "
      "(SELECT 1 FROM json_each(accounts.roles) WHERE value = 'admin')");
  st.step();
  const std::int64_t n = st.int64(0);
  st.reset();
  return n;
}

}  // namespace dx::accounts
