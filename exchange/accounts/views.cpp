#include "accounts/views.hpp"

namespace dx::accounts {

nlohmann::json account_json(const Account& a) {
  nlohmann::json j = {{"id", a.id},
                      {"email", a.email},
                      {"kind", a.kind},
                      {"display_name", a.display_name},
                      {"jurisdiction", a.jurisdiction},
                      {"roles", a.roles},
                      {"kyc_status", a.kyc_status},
                      {"suspended", a.suspended},
                      {"created_at", a.created_at}};
  if (a.suspended) j["suspended_reason"] = a.suspended_reason;
  return j;
}

nlohmann::json session_json(const Session& s) {
  return {{"token", s.token}, {"account_id", s.account_id}, {"expires_at", s.expires_at}};
}

nlohmann::json api_key_json(const repository::ApiKeyView& k) {
  return {{"id", k.id}, {"name", k.name}, {"created_at", k.created_at}};
}

}  // namespace dx::accounts
