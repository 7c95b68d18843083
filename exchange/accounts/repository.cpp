#include "accounts/repository.hpp"

#include <nlohmann/json.hpp>

#include "store/account_index.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::accounts::repository {

namespace {

// Roles are stored as a JSON array of names.
std::vector<std::string> parse_roles(const std::string& text) {
  return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

}  // namespace

bool email_taken(store::Db& db, const std::string& email) {
  auto q = db.query("SELECT 1 FROM accounts WHERE email = ?");
  q->bind(1, email);
  return q->step();
}

void insert_account(store::Tx& tx, const AccountRow& row, const std::string& password_hash) {
  auto q = tx.db().query(
      "INSERT INTO accounts (id, email, password_hash, kind, display_name, jurisdiction, roles, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, row.id)
      .bind(2, row.email)
      .bind(3, password_hash)
      .bind(4, row.kind)
      .bind(5, row.display_name);
  q->bind(6, row.jurisdiction).bind(7, nlohmann::json(row.roles).dump()).bind(8, row.created_at);
  q->run();
}

std::optional<AccountRow> find_account(store::Db& db, const std::string& id) {
  auto q = db.query(
      "SELECT email, kind, display_name, jurisdiction, roles, kyc_status, suspended, "
      "suspended_reason, created_at FROM accounts WHERE id = ?");
  q->bind(1, id);
  if (!q->step()) return std::nullopt;
  return AccountRow{
      id,         q->text(0),       q->text(1), q->text(2), q->text(3), parse_roles(q->text(4)),
      q->text(5), q->int64(6) != 0, q->text(7), q->text(8)};
}

std::optional<PrincipalRow> find_principal(store::Db& db, const std::string& account_id) {
  auto q = db.query(
      "SELECT kind, roles, kyc_status, suspended, jurisdiction FROM accounts WHERE id = ?");
  q->bind(1, account_id);
  if (!q->step()) return std::nullopt;
  return PrincipalRow{q->text(0), parse_roles(q->text(1)), q->text(2), q->int64(3) != 0,
                      q->text(4)};
}

std::optional<Credentials> find_credentials(store::Db& db, const std::string& email) {
  auto q = db.query("SELECT id, password_hash FROM accounts WHERE email = ?");
  q->bind(1, email);
  if (!q->step()) return std::nullopt;
  return Credentials{q->text(0), q->text(1)};
}

void set_suspension(store::Tx& tx, const std::string& id, bool suspended,
                    const std::optional<std::string>& reason) {
  auto q = tx.db().query("UPDATE accounts SET suspended = ?, suspended_reason = ? WHERE id = ?");
  q->bind(1, suspended ? 1 : 0).bind(2, reason).bind(3, id);
  q->run();
}

void set_kyc_status(store::Tx& tx, const std::string& id, const std::string& status) {
  auto q = tx.db().query("UPDATE accounts SET kyc_status = ? WHERE id = ?");
  q->bind(1, status).bind(2, id).run();
}

bool any_admin(store::Db& db) {
  auto q = db.query(
      "SELECT 1 FROM accounts WHERE kind = 'staff' AND EXISTS "
      "(SELECT 1 FROM json_each(accounts.roles) WHERE value = 'admin') LIMIT 1");
  return q->step();
}

std::int64_t count_active_admins(store::Db& db) {
  auto q = db.query(
      "SELECT count(*) FROM accounts WHERE kind = 'staff' AND suspended = 0 AND EXISTS "
      "(SELECT 1 FROM json_each(accounts.roles) WHERE value = 'admin')");
  q->step();
  return q->int64(0);
}

std::optional<SessionRow> find_session(store::Db& db, const std::string& token_digest) {
  auto q = db.query("SELECT account_id, expires_at FROM sessions WHERE token_hash = ?");
  q->bind_blob(1, token_digest);
  if (!q->step()) return std::nullopt;
  return SessionRow{q->text(0), q->text(1)};
}

void insert_session(store::Tx& tx, const std::string& token_digest, const std::string& account_id,
                    const std::string& expires_at) {
  auto q = tx.db().query(
      "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)");
  q->bind_blob(1, token_digest).bind(2, account_id).bind(3, tx.now_text()).bind(4, expires_at);
  q->run();
}

void delete_session(store::Tx& tx, const std::string& token_digest) {
  auto q = tx.db().query("DELETE FROM sessions WHERE token_hash = ?");
  q->bind_blob(1, token_digest).run();
}

std::optional<ApiKeyRow> find_api_key_by_id(store::Db& db, const std::string& id) {
  auto q = db.query(
      "SELECT account_id, key_hash FROM api_keys WHERE id = ? AND found_by_id = 1 AND revoked_at "
      "IS NULL");
  q->bind(1, id);
  if (!q->step()) return std::nullopt;
  return ApiKeyRow{q->text(0), q->blob(1)};
}

std::optional<std::string> find_api_key_account(store::Db& db, const std::string& digest) {
  auto q = db.query(
      "SELECT account_id FROM api_keys WHERE key_hash = ? AND found_by_id = 0 AND revoked_at IS "
      "NULL");
  q->bind_blob(1, digest);
  if (!q->step()) return std::nullopt;
  return q->text(0);
}

void insert_api_key(store::Tx& tx, const std::string& id, const std::string& owner,
                    const std::string& name, const std::string& digest) {
  auto q = tx.db().query(
      "INSERT INTO api_keys (id, account_id, name, key_hash, found_by_id, created_at) VALUES (?, "
      "?, ?, ?, 1, ?)");
  q->bind(1, id).bind(2, owner).bind(3, name).bind_blob(4, digest).bind(5, tx.now_text());
  q->run();
}

ApiKeyPage active_api_keys(store::Db& db, const std::string& owner, std::int64_t after, int limit) {
  // The account's keys are found through the account index (store/account_index.hpp).
  store::OwnedQuery owned;
  owned.owner = owner;
  owned.after = after;
  owned.limit = limit;
  owned.where = "t.revoked_at IS NULL";
  ApiKeyPage page{{}, store::owned_rows(db, store::Owned::api_keys, owned)};
  for (const auto seq : page.seqs) {
    auto q = db.query("SELECT id, name, created_at FROM api_keys WHERE seq = ?");
    q->bind(1, seq);
    if (q->step()) page.items.push_back({q->text(0), q->text(1), q->text(2)});
  }
  return page;
}

bool revoke_api_key(store::Tx& tx, const std::string& id, const std::string& owner) {
  auto q = tx.db().query(
      "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL");
  q->bind(1, tx.now_text()).bind(2, id).bind(3, owner).run();
  return tx.db().changes() != 0;
}

}  // namespace dx::accounts::repository
