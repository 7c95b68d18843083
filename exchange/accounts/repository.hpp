// Every SQL statement of the accounts folder: accounts, sessions and API keys as stored. Readers
// take any connection (store::Db); writers run inside a sequencer command (store::Tx).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::accounts::repository {

struct AccountRow {
  std::string id;
  std::string email;
  std::string kind;
  std::string display_name;
  std::string jurisdiction;
  std::vector<std::string> roles;
  std::string kyc_status;
  bool suspended = false;
  std::string suspended_reason;
  std::string created_at;
};

// What authenticating an account needs of it.
struct PrincipalRow {
  std::string kind;
  std::vector<std::string> roles;
  std::string kyc_status;
  bool suspended = false;
  std::string jurisdiction;
};

struct Credentials {
  std::string account_id;
  std::string password_hash;
};

struct SessionRow {
  std::string account_id;
  std::string expires_at;
};

struct ApiKeyRow {
  std::string account_id;
  std::string key_hash;
};

struct ApiKeyView {
  std::string id;
  std::string name;
  std::string created_at;
};

bool email_taken(store::Db& db, const std::string& email);
// `row.suspended`, `row.suspended_reason` and `row.kyc_status` are not written: a new account
// has the schema's defaults.
void insert_account(store::Tx& tx, const AccountRow& row, const std::string& password_hash);
std::optional<AccountRow> find_account(store::Db& db, const std::string& id);
std::optional<PrincipalRow> find_principal(store::Db& db, const std::string& account_id);
std::optional<Credentials> find_credentials(store::Db& db, const std::string& email);
// Sets or clears the suspension (reason: nullopt when reinstated).
void set_suspension(store::Tx& tx, const std::string& id, bool suspended,
                    const std::optional<std::string>& reason);

// Staff accounts with the admin role (any_admin: suspended or not; count: not suspended).
// The account's identity verification state (identity/ moves it).
void set_kyc_status(store::Tx& tx, const std::string& id, const std::string& status);
bool any_admin(store::Db& db);
std::int64_t count_active_admins(store::Db& db);

std::optional<SessionRow> find_session(store::Db& db, const std::string& token_digest);
void insert_session(store::Tx& tx, const std::string& token_digest, const std::string& account_id,
                    const std::string& expires_at);
void delete_session(store::Tx& tx, const std::string& token_digest);

// An unrevoked key of the current format, by the id it carries.
std::optional<ApiKeyRow> find_api_key_by_id(store::Db& db, const std::string& id);
// The account of an unrevoked key of an earlier format, by what is stored for it.
std::optional<std::string> find_api_key_account(store::Db& db, const std::string& digest);
void insert_api_key(store::Tx& tx, const std::string& id, const std::string& owner,
                    const std::string& name, const std::string& digest);
// The owner's unrevoked keys past the cursor `after` (a rowid), in creation order, and the rowid
// of the last one listed.
struct ApiKeyPage {
  std::vector<ApiKeyView> items;
  std::vector<std::int64_t> seqs;
};
ApiKeyPage active_api_keys(store::Db& db, const std::string& owner, std::int64_t after, int limit);
// False when the owner has no such unrevoked key.
bool revoke_api_key(store::Tx& tx, const std::string& id, const std::string& owner);

}  // namespace dx::accounts::repository
