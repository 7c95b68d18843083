// The accounts service: accounts, sessions, API keys and suspensions as domain operations, typed
// commands in and Result<T> out (no HTTP, JSON answers or SQL: those are routes.cpp, views.hpp and
// repository.hpp). Writers run inside a sequencer command (store::Tx); readers take any connection.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/repository.hpp"
#include "core/error.hpp"

namespace dx::accounts {

inline const std::vector<std::string> kStaffRoles = {
    "admin", "kyc_reviewer", "listing_reviewer", "complaints_officer", "finance", "auditor"};

using Account = repository::AccountRow;

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
// Every code is_iso3166_alpha2 accepts, for the request schema.
std::vector<std::string> iso3166_alpha2_codes();

// Inserts the account and its record; 409 email_taken when the address is in use.
Result<Account> create_account(store::Tx& tx, const std::string& actor, const NewAccount& a,
                               const std::string& pepper);

// nullopt when there is no such account.
std::optional<Account> find_account(store::Db& db, const std::string& id);
// The account and password hash an e-mail address signs in with; nullopt when unknown.
std::optional<repository::Credentials> find_credentials(store::Db& db, const std::string& email);

// Staff accounts with the admin role that are not suspended.
std::int64_t count_active_admins(store::Db& db);
bool any_admin(store::Db& db);

struct Session {
  std::string token;  // shown once: only its digest is stored
  std::string account_id;
  std::string expires_at;
};

Session start_session(store::Tx& tx, const std::string& account_id, int lifetime_s);
void end_session(store::Tx& tx, const std::string& token_digest, const std::string& account_id);
// When the session of this token digest ends; nullopt when there is none.
std::optional<std::string> session_expiry(store::Db& db, const std::string& token_digest);

struct NewApiKey {
  std::string owner;
  std::string id;
  std::string name;
  std::string digest;       // api_key_digest() of the key, the only thing stored of it
  std::string record_data;  // the record's data, as JSON text made outside the sequencer
};

// Stores the key and its record; the time it was created.
std::string create_api_key(store::Tx& tx, const NewApiKey& k);
repository::ApiKeyPage list_api_keys(store::Db& db, const std::string& owner, std::int64_t after,
                                     int limit);
// 404 not_found when the owner has no such unrevoked key.
Status revoke_api_key(store::Tx& tx, const std::string& owner, const std::string& id);

// What else happens, in the same command, when staff suspend or reinstate an account (O14,
// CQO-39): the market cancels its resting orders and standing asks, and opens the standing asks
// of its listed products again.
struct SuspensionHooks {
  std::function<void(store::Tx&, const std::string& account_id)> suspended;
  std::function<void(store::Tx&, const std::string& account_id)> reinstated;
};

struct SuspensionChange {
  std::string actor_id;
  bool actor_is_admin = false;
  std::string account_id;
  std::string reason;
  bool suspend = true;
};

// Suspends or reinstates the account, records it and runs the hook; the account as it is then.
Result<Account> change_suspension(store::Tx& tx, const SuspensionChange& c,
                                  const SuspensionHooks& hooks);

}  // namespace dx::accounts
