// Accounts as stored: reading, creating and rendering them. Writers run inside a sequencer
// command (store::Tx); readers take any connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::accounts {

inline const std::vector<std::string> kStaffRoles = {
    "admin", "kyc_reviewer", "listing_reviewer", "complaints_officer", "finance", "auditor"};

struct NewAccount {
  std::string email;  // normalised
  std::string password_hash;
  std::string kind;  // person | organization | staff
  std::string display_name;
  std::string jurisdiction;
  std::vector<std::string> roles;
};

// Lower-cased and trimmed; nullopt when it does not look like an address.
std::optional<std::string> normalise_email(const std::string& email);
bool is_iso3166_alpha2(const std::string& code);

// Inserts the account and its record; 409 email_taken when the address is in use.
Result<nlohmann::json> create_account(store::Tx& tx, const std::string& actor, const NewAccount& a,
                                      const std::string& pepper);

// The account's public view ({id, email, kind, display_name, jurisdiction, roles, kyc_status,
// suspended, created_at}); nullopt when there is no such account.
std::optional<nlohmann::json> account_view(store::Db& db, const std::string& id);

// Staff accounts with the admin role that are not suspended.
std::int64_t count_active_admins(store::Db& db);
bool any_admin(store::Db& db);

}  // namespace dx::accounts
