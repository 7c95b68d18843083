#include "store/schema.hpp"

#include <string>

#include "store/db.hpp"

namespace dx::store {

const std::vector<std::string>& migrations() {
  static const std::vector<std::string> kMigrations = {
      // 1: records, accounts, sessions, API keys, files.
      R"sql(
CREATE TABLE records (
  seq     INTEGER PRIMARY KEY CHECK (seq > 0),
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT NOT NULL,
  data    TEXT NOT NULL,
  leaf    BLOB NOT NULL,
  hash    BLOB NOT NULL CHECK (length(hash) = 32)
);
CREATE INDEX records_subject ON records(subject, seq);
CREATE INDEX records_actor ON records(actor, seq);
CREATE INDEX records_action ON records(action, seq);
CREATE INDEX records_at ON records(at);
CREATE TRIGGER records_no_update BEFORE UPDATE ON records
  BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
  BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;

CREATE TABLE accounts (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'staff')),
  display_name  TEXT NOT NULL,
  jurisdiction  TEXT NOT NULL,
  roles         TEXT NOT NULL DEFAULT '[]',
  kyc_status    TEXT NOT NULL DEFAULT 'unverified',
  suspended     INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
  suspended_reason TEXT,
  created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE api_keys (
  id         TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  name       TEXT NOT NULL,
  key_hash   BLOB NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX api_keys_account ON api_keys(account_id, created_at);

CREATE TABLE blobs (
  sha256      TEXT PRIMARY KEY,
  size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0),
  wrapped_key BLOB NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE files (
  id           TEXT PRIMARY KEY,
  owner_id     TEXT NOT NULL REFERENCES accounts(id),
  sha256       TEXT NOT NULL REFERENCES blobs(sha256),
  size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
  content_type TEXT NOT NULL,
  file_name    TEXT,
  created_at   TEXT NOT NULL
);
CREATE INDEX files_owner ON files(owner_id, created_at);

CREATE TABLE idempotency (
  account_id   TEXT NOT NULL,
  route        TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash BLOB NOT NULL,
  status       INTEGER NOT NULL,
  response     TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (account_id, route, key)
);
)sql",
      // 2: identity verification (O2). Identity numbers and phone numbers are kept only sealed
      // (AES-256-GCM under the master key), masked, and as keyed hashes for duplicate detection.
      R"sql(
CREATE TABLE kyc_submissions (
  id                TEXT PRIMARY KEY,
  account_id        TEXT NOT NULL REFERENCES accounts(id),
  kind              TEXT NOT NULL CHECK (kind IN ('person', 'organization')),
  legal_name        TEXT NOT NULL,
  identity_hmac     BLOB NOT NULL,
  identity_sealed   BLOB NOT NULL,
  identity_masked   TEXT NOT NULL,
  representative    TEXT,
  rep_hmac          BLOB,
  rep_sealed        BLOB,
  rep_masked        TEXT,
  phone_sealed      BLOB,
  phone_masked      TEXT,
  document_file_ids TEXT NOT NULL,
  checks            TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('submitted', 'verified', 'rejected', 'superseded')),
  reason            TEXT,
  submitted_at      TEXT NOT NULL,
  decided_at        TEXT,
  decided_by        TEXT
);
CREATE INDEX kyc_submissions_account ON kyc_submissions(account_id, submitted_at);
CREATE INDEX kyc_submissions_status ON kyc_submissions(status, submitted_at);
CREATE INDEX kyc_submissions_identity ON kyc_submissions(identity_hmac);

-- One verified account per identity (O2): the keyed hash of the normalised number or code.
CREATE TABLE verified_identities (
  identity_hmac BLOB PRIMARY KEY,
  account_id    TEXT NOT NULL REFERENCES accounts(id),
  verified_at   TEXT NOT NULL
);
)sql",
      // 3: the records as an RFC 9162 Merkle tree. merkle_nodes keeps the hash of every complete
      // subtree (level L, index i: leaves i*2^L .. (i+1)*2^L - 1) so proofs need O(log n) reads;
      // tree_heads keeps every signed tree head. Both are append-only, like the records.
      R"sql(
CREATE TABLE merkle_nodes (
  level INTEGER NOT NULL CHECK (level >= 0),
  idx   INTEGER NOT NULL CHECK (idx >= 0),
  hash  BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE tree_heads (
  tree_size INTEGER PRIMARY KEY CHECK (tree_size > 0),
  root_hash BLOB NOT NULL,
  signed_at TEXT NOT NULL,
  payload   BLOB NOT NULL,
  signature BLOB NOT NULL,
  key_id    TEXT NOT NULL
);
CREATE TRIGGER merkle_nodes_no_update BEFORE UPDATE ON merkle_nodes
  BEGIN SELECT RAISE(ABORT, 'the Merkle tree is append-only'); END;
CREATE TRIGGER merkle_nodes_no_delete BEFORE DELETE ON merkle_nodes
  BEGIN SELECT RAISE(ABORT, 'the Merkle tree is append-only'); END;
CREATE TRIGGER tree_heads_no_update BEFORE UPDATE ON tree_heads
  BEGIN SELECT RAISE(ABORT, 'signed tree heads are append-only'); END;
CREATE TRIGGER tree_heads_no_delete BEFORE DELETE ON tree_heads
  BEGIN SELECT RAISE(ABORT, 'signed tree heads are append-only'); END;
)sql",
      // 4: data products (API.md "Products and review"). Each submission freezes a version; earlier
      // versions are kept. The seller's document is sealed at rest (it may name a grantor's identity
      // number). Offers are rows of their version; the catalogue holds listed products only, with a
      // full-text index whose terms are words and overlapping Chinese character pairs.
      R"sql(
CREATE TABLE products (
  id         TEXT PRIMARY KEY,
  seller_id  TEXT NOT NULL REFERENCES accounts(id),
  status     TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'listed', 'rejected', 'suspended', 'withdrawn')),
  version    INTEGER NOT NULL CHECK (version > 0),
  revision   INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  listed_at  TEXT
);
CREATE INDEX products_seller ON products(seller_id, created_at);
CREATE INDEX products_status ON products(status, updated_at);

CREATE TABLE product_versions (
  product_id     TEXT NOT NULL REFERENCES products(id),
  version        INTEGER NOT NULL CHECK (version > 0),
  document       BLOB NOT NULL,
  document_hash  TEXT NOT NULL,
  title          TEXT NOT NULL,
  category       TEXT NOT NULL,
  classification TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  submitted_at   TEXT,
  findings       TEXT,
  data_sha256    TEXT,
  data_rows      INTEGER,
  PRIMARY KEY (product_id, version)
);

CREATE TABLE offers (
  id                TEXT PRIMARY KEY,
  product_id        TEXT NOT NULL,
  version           INTEGER NOT NULL,
  position          INTEGER NOT NULL,
  name              TEXT NOT NULL,
  purposes          TEXT NOT NULL,
  scenario          TEXT NOT NULL,
  term_days         INTEGER NOT NULL,
  price_fen         INTEGER NOT NULL CHECK (price_fen >= 0),
  seats             INTEGER CHECK (seats IS NULL OR seats > 0),
  cross_border      INTEGER NOT NULL CHECK (cross_border IN (0, 1)),
  security_measures TEXT NOT NULL,
  disposal          TEXT NOT NULL CHECK (disposal IN ('delete', 'return')),
  FOREIGN KEY (product_id, version) REFERENCES product_versions(product_id, version)
);
CREATE INDEX offers_product ON offers(product_id, version, position);

CREATE TABLE product_reviews (
  id          INTEGER PRIMARY KEY,
  product_id  TEXT NOT NULL REFERENCES products(id),
  version     INTEGER NOT NULL,
  reviewer_id TEXT NOT NULL REFERENCES accounts(id),
  decision    TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
  reason      TEXT NOT NULL,
  at          TEXT NOT NULL
);
CREATE INDEX product_reviews_product ON product_reviews(product_id, version);
CREATE TRIGGER product_reviews_no_update BEFORE UPDATE ON product_reviews
  BEGIN SELECT RAISE(ABORT, 'review decisions are kept as made'); END;
CREATE TRIGGER product_reviews_no_delete BEFORE DELETE ON product_reviews
  BEGIN SELECT RAISE(ABORT, 'review decisions are kept as made'); END;

CREATE TABLE catalog (
  entry      INTEGER PRIMARY KEY,
  product_id TEXT NOT NULL UNIQUE REFERENCES products(id),
  category   TEXT NOT NULL
);
CREATE INDEX catalog_category ON catalog(category, entry);
CREATE VIRTUAL TABLE catalog_text USING fts5(terms, tokenize = 'unicode61 remove_diacritics 2');
)sql",
  };
  return kMigrations;
}

}  // namespace dx::store
