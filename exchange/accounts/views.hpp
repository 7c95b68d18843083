// The JSON answers of the accounts routes (API.md "Accounts and sessions").
#pragma once

#include <nlohmann/json.hpp>

#include "accounts/accounts.hpp"

namespace dx::accounts {

// {id, email, kind, display_name, jurisdiction, roles, kyc_status, suspended, created_at}, and
// suspended_reason while suspended.
nlohmann::json account_json(const Account& a);
nlohmann::json session_json(const Session& s);
nlohmann::json api_key_json(const repository::ApiKeyView& k);

}  // namespace dx::accounts
