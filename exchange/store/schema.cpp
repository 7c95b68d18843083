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
  personal_information TEXT NOT NULL,
  delivery_mode  TEXT NOT NULL,
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
  category   TEXT NOT NULL,
  view       TEXT NOT NULL
);
CREATE INDEX catalog_category ON catalog(category, entry);
CREATE VIRTUAL TABLE catalog_text USING fts5(terms, tokenize = 'unicode61 remove_diacritics 2');
)sql",
      // 5: trading. Orders rest in the in-memory books the sequencer owns and are rebuilt from
      // here at start (in `seq` order, which is time priority). Money is a double-entry journal
      // (ledger_entries, append-only) with the balances it leads to kept beside it; trades hold
      // their escrow, their state-machine timer and their contract.
      R"sql(
CREATE TABLE orders (
  seq             INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  offer_id        TEXT NOT NULL REFERENCES offers(id),
  product_id      TEXT NOT NULL REFERENCES products(id),
  account_id      TEXT NOT NULL REFERENCES accounts(id),
  side            TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  price_fen       INTEGER NOT NULL CHECK (price_fen > 0),
  quantity        INTEGER CHECK (quantity IS NULL OR quantity > 0),
  filled_quantity INTEGER NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0),
  time_in_force   TEXT NOT NULL CHECK (time_in_force IN ('GTC', 'IOC', 'FOK')),
  purpose         TEXT,
  standing        INTEGER NOT NULL DEFAULT 0 CHECK (standing IN (0, 1)),
  status          TEXT NOT NULL CHECK (status IN ('open', 'partially_filled', 'filled', 'cancelled')),
  reason          TEXT,
  reserved_fen    INTEGER NOT NULL DEFAULT 0 CHECK (reserved_fen >= 0),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX orders_account ON orders(account_id, seq);
CREATE INDEX orders_resting ON orders(offer_id, seq) WHERE status IN ('open', 'partially_filled');

CREATE TABLE trades (
  seq               INTEGER PRIMARY KEY,
  id                TEXT NOT NULL UNIQUE,
  offer_id          TEXT NOT NULL REFERENCES offers(id),
  product_id        TEXT NOT NULL REFERENCES products(id),
  product_version   INTEGER NOT NULL,
  buy_order_id      TEXT NOT NULL REFERENCES orders(id),
  sell_order_id     TEXT NOT NULL REFERENCES orders(id),
  buyer_id          TEXT NOT NULL REFERENCES accounts(id),
  seller_id         TEXT NOT NULL REFERENCES accounts(id),
  price_fen         INTEGER NOT NULL CHECK (price_fen > 0),
  quantity          INTEGER NOT NULL CHECK (quantity > 0),
  amount_fen        INTEGER NOT NULL CHECK (amount_fen > 0),
  fee_fen           INTEGER NOT NULL CHECK (fee_fen >= 0),
  escrow_fen        INTEGER NOT NULL CHECK (escrow_fen >= 0),
  purpose           TEXT NOT NULL,
  delivery_mode     TEXT NOT NULL CHECK (delivery_mode IN ('file', 'api', 'compute')),
  status            TEXT NOT NULL,
  timer_kind        TEXT,
  timer_due         TEXT,
  frozen_from       TEXT,
  paused_timer_kind TEXT,
  paused_remaining_ms INTEGER,
  contract_id       TEXT NOT NULL UNIQUE,
  delivery_sealed   BLOB,
  delivered_at      TEXT,
  settled_at        TEXT,
  dispute_reason    TEXT,
  disputed_at       TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX trades_buyer ON trades(buyer_id, seq);
CREATE INDEX trades_seller ON trades(seller_id, seq);
CREATE INDEX trades_product ON trades(product_id, seq);
CREATE INDEX trades_timer ON trades(timer_due) WHERE timer_due IS NOT NULL;

CREATE TABLE contracts (
  id         TEXT PRIMARY KEY,
  trade_id   TEXT NOT NULL UNIQUE,
  document   TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TRIGGER contracts_no_update BEFORE UPDATE ON contracts
  BEGIN SELECT RAISE(ABORT, 'contracts are kept as agreed'); END;
CREATE TRIGGER contracts_no_delete BEFORE DELETE ON contracts
  BEGIN SELECT RAISE(ABORT, 'contracts are kept as agreed'); END;

CREATE TABLE balances (
  account_id    TEXT PRIMARY KEY REFERENCES accounts(id),
  available_fen INTEGER NOT NULL DEFAULT 0 CHECK (available_fen >= 0),
  reserved_fen  INTEGER NOT NULL DEFAULT 0 CHECK (reserved_fen >= 0)
);
-- The exchange's own accounts: its fee income and the outside world (banks), which holds minus
-- everything inside the exchange.
CREATE TABLE house_accounts (
  name        TEXT PRIMARY KEY CHECK (name IN ('fees', 'outside_world')),
  balance_fen INTEGER NOT NULL
);
INSERT INTO house_accounts (name, balance_fen) VALUES ('fees', 0), ('outside_world', 0);

-- One row per posting; the postings of one movement share `movement` and sum to zero.
CREATE TABLE ledger_entries (
  id         INTEGER PRIMARY KEY,
  movement   TEXT NOT NULL,
  kind       TEXT NOT NULL,
  bucket     TEXT NOT NULL CHECK (bucket IN ('available', 'reserved', 'escrow', 'fees', 'outside_world')),
  owner      TEXT,
  amount_fen INTEGER NOT NULL CHECK (amount_fen <> 0),
  reference  TEXT,
  at         TEXT NOT NULL
);
CREATE INDEX ledger_entries_owner ON ledger_entries(owner, id);
CREATE INDEX ledger_entries_movement ON ledger_entries(movement);
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;

CREATE TABLE money_requests (
  id         TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('deposit', 'withdrawal')),
  account_id TEXT NOT NULL REFERENCES accounts(id),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  reference  TEXT,
  actor_id   TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX money_requests_account ON money_requests(account_id, created_at);
)sql",
      // 6: complaints (O7, CD-25; O13, CQO-41). A complaint is about a product or one trade of it;
      // `held_at` says when it suspended the product (or froze the trade), which it holds while
      // open. Its steps are the history the complainant sees and, like the records, are never
      // changed. Notifications tell each account concerned what happened, with the rule cited.
      R"sql(
CREATE TABLE complaints (
  seq                INTEGER PRIMARY KEY,
  id                 TEXT NOT NULL UNIQUE,
  complainant_id     TEXT NOT NULL REFERENCES accounts(id),
  product_id         TEXT NOT NULL REFERENCES products(id),
  trade_id           TEXT REFERENCES trades(id),
  seller_id          TEXT NOT NULL REFERENCES accounts(id),
  type               TEXT NOT NULL CHECK (type IN ('unauthorized', 'privacy', 'national_security', 'illegal_source',
                                                   'quality', 'contract', 'other')),
  statement          TEXT NOT NULL,
  evidence_file_ids  TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('received', 'acknowledged', 'information_requested', 'upheld',
                                                     'dismissed')),
  remedy             TEXT CHECK (remedy IS NULL OR remedy IN ('withdraw', 'fix_then_reopen')),
  held_at            TEXT,
  acknowledge_due_at TEXT NOT NULL,
  decision_due_at    TEXT NOT NULL,
  due_at             TEXT NOT NULL,
  acknowledged_at    TEXT,
  decided_at         TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX complaints_complainant ON complaints(complainant_id, seq);
CREATE INDEX complaints_seller ON complaints(seller_id, seq);
CREATE INDEX complaints_product ON complaints(product_id, status);
CREATE INDEX complaints_trade ON complaints(trade_id, status) WHERE trade_id IS NOT NULL;
CREATE INDEX complaints_queue ON complaints(status, due_at, seq);

CREATE TABLE complaint_steps (
  id           INTEGER PRIMARY KEY,
  complaint_id TEXT NOT NULL REFERENCES complaints(id),
  at           TEXT NOT NULL,
  actor_id     TEXT NOT NULL,
  action       TEXT NOT NULL,
  note         TEXT,
  file_ids     TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX complaint_steps_complaint ON complaint_steps(complaint_id, id);
CREATE TRIGGER complaint_steps_no_update BEFORE UPDATE ON complaint_steps
  BEGIN SELECT RAISE(ABORT, 'complaint steps are kept as taken'); END;
CREATE TRIGGER complaint_steps_no_delete BEFORE DELETE ON complaint_steps
  BEGIN SELECT RAISE(ABORT, 'complaint steps are kept as taken'); END;

CREATE TABLE notifications (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  text       TEXT NOT NULL,
  rule       TEXT NOT NULL,
  basis      TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX notifications_account ON notifications(account_id, seq);
)sql",
      // 7: the Merkle subtree hashes keyed by the leaf that completes them. Keyed by level first,
      // the nodes a commit adds sat at the end of each level's range, about twenty pages written
      // per commit; keyed like this they sit together at the end of one B-tree.
      R"sql(
CREATE TABLE merkle_subtrees (
  last_leaf INTEGER NOT NULL CHECK (last_leaf >= 0),
  level     INTEGER NOT NULL CHECK (level >= 0),
  hash      BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (last_leaf, level)
) WITHOUT ROWID;
INSERT INTO merkle_subtrees (last_leaf, level, hash)
  SELECT ((idx + 1) << level) - 1, level, hash FROM merkle_nodes ORDER BY 1, 2;
DROP TABLE merkle_nodes;
CREATE TRIGGER merkle_subtrees_no_update BEFORE UPDATE ON merkle_subtrees
  BEGIN SELECT RAISE(ABORT, 'the Merkle tree is append-only'); END;
CREATE TRIGGER merkle_subtrees_no_delete BEFORE DELETE ON merkle_subtrees
  BEGIN SELECT RAISE(ABORT, 'the Merkle tree is append-only'); END;
)sql",
      // 8: lighter records, written on every command. From here on a record's leaf is stored empty
      // (it is the canonical form of its columns, rebuilt when read), only Merkle subtrees of 16
      // leaves and more are stored (smaller ones are computed from the records), and time ranges
      // bisect seq, along which record times never decrease, instead of using an index on them.
      R"sql(
DROP INDEX IF EXISTS records_at;
)sql",
      // 9: the journal is read by owner (statements) and in order (the ledger's replay), never by
      // movement: that index only cost every posting a B-tree insert.
      R"sql(
DROP INDEX IF EXISTS ledger_entries_movement;
)sql",
      // 10: CHECKs on the rows written with every order, posting and trade spelled as equalities:
      // SQLite evaluates `x IN (three or more constants)` by building a temporary B-tree on every
      // row it checks. Same constraints, so the stored rows satisfy them; the definitions are
      // edited in place (SQLite's documented writable_schema procedure, the runner moves the
      // schema cookie) rather than copying the tables.
      R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'CHECK (time_in_force IN (''GTC'', ''IOC'', ''FOK''))',
    'CHECK (time_in_force = ''GTC'' OR time_in_force = ''IOC'' OR time_in_force = ''FOK'')'),
    'CHECK (status IN (''open'', ''partially_filled'', ''filled'', ''cancelled''))',
    'CHECK (status = ''open'' OR status = ''partially_filled'' OR status = ''filled'' OR status = ''cancelled'')')
  WHERE type = 'table' AND name = 'orders';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (bucket IN (''available'', ''reserved'', ''escrow'', ''fees'', ''outside_world''))',
    'CHECK (bucket = ''available'' OR bucket = ''reserved'' OR bucket = ''escrow'' OR bucket = ''fees'' OR bucket = ''outside_world'')')
  WHERE type = 'table' AND name = 'ledger_entries';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (delivery_mode IN (''file'', ''api'', ''compute''))',
    'CHECK (delivery_mode = ''file'' OR delivery_mode = ''api'' OR delivery_mode = ''compute'')')
  WHERE type = 'table' AND name = 'trades';
PRAGMA writable_schema = OFF;
)sql",
      // 11: the three indexes every order adds an entry to per account (its orders, its records
      // as actor, its postings) are keyed by the id's last 8 characters (random ones) instead of
      // the whole id and the row's id again: entries of about 17 bytes instead of 36, so a leaf
      // holds twice as many, and a resting bid's commit writes about 15% fewer WAL pages
      // (BENCHMARKS.md; each entry still dirties about one leaf, wherever its key falls).
      // Queries bound the key to `substr(column, -8) = ?` and the id to `+column = ?`: the key
      // found the range, the id dropped the rare other account that shared it. Migration 13
      // replaced the three indexes with account_index.
      R"sql(
DROP INDEX orders_account;
CREATE INDEX orders_account ON orders(substr(account_id, -8));
DROP INDEX records_actor;
CREATE INDEX records_actor ON records(substr(actor, -8));
DROP INDEX ledger_entries_owner;
CREATE INDEX ledger_entries_owner ON ledger_entries(substr(owner, -8));
)sql",
      // 12: lists page in rowid order (the cursor is the last rowid), and an index ends with the
      // rowid: keyed by status, seller or account alone, a page is a range of the index. Keyed
      // with a time after it as before, every page sorted all rows of that status or owner first
      // (every listed product, every verified identity for the staff's queues). Nothing read
      // them in time order.
      R"sql(
DROP INDEX products_status;
CREATE INDEX products_status ON products(status);
DROP INDEX products_seller;
CREATE INDEX products_seller ON products(seller_id);
DROP INDEX kyc_submissions_status;
CREATE INDEX kyc_submissions_status ON kyc_submissions(status);
DROP INDEX kyc_submissions_account;
CREATE INDEX kyc_submissions_account ON kyc_submissions(account_id);
DROP INDEX api_keys_account;
CREATE INDEX api_keys_account ON api_keys(account_id);
)sql",
      // 13: an account's orders, postings and records are found through account_index, lists
      // of rowids the writer writes in bulk (store/account_index.hpp), instead of three indexes
      // each writing a leaf per account in every commit: measured, more than half of a resting
      // bid's WAL pages. The marks start at 0: the writer indexes the rows already stored when
      // it starts, and until then a query reads them from their tables.
      R"sql(
CREATE TABLE account_index (
  source    TEXT NOT NULL CHECK (source IN ('orders', 'records', 'ledger_entries')),
  owner     TEXT NOT NULL,
  last_ref  INTEGER NOT NULL,
  first_ref INTEGER NOT NULL CHECK (first_ref <= last_ref),
  refs      BLOB NOT NULL,
  PRIMARY KEY (source, owner, last_ref)
) WITHOUT ROWID;
CREATE TABLE account_index_marks (
  source TEXT PRIMARY KEY CHECK (source IN ('orders', 'records', 'ledger_entries')),
  upto   INTEGER NOT NULL
);
INSERT INTO account_index_marks (source, upto) VALUES ('orders', 0), ('records', 0), ('ledger_entries', 0);
DROP INDEX orders_account;
DROP INDEX records_actor;
DROP INDEX ledger_entries_owner;
)sql",
      // 14: records by action, and an account's API keys, are found through account_index too
      // (a list per action or account among the rows indexed at once) instead of indexes that
      // every record (so every command) and every new key added an entry to. The two tables are
      // rebuilt to admit the sources 'records.action' and 'api_keys' (`owner` holds the action or
      // the account), their CHECKs spelled as equalities (migration 10). api_keys is rebuilt with
      // its rowid declared (`seq`, the same values), which lists must be able to rely on; keys
      // made from now on carry their id and are found by it (found_by_id = 1, key_hash then the
      // digest to check them against: accounts/auth.hpp), so only the keys made before are in
      // the index by key_hash. The new marks start at 0: the writer lists the rows already
      // stored when it starts.
      R"sql(
CREATE TABLE account_index_14 (
  source    TEXT NOT NULL CHECK (source = 'orders' OR source = 'records' OR source = 'ledger_entries' OR
                                 source = 'records.action' OR source = 'api_keys'),
  owner     TEXT NOT NULL,
  last_ref  INTEGER NOT NULL,
  first_ref INTEGER NOT NULL CHECK (first_ref <= last_ref),
  refs      BLOB NOT NULL,
  PRIMARY KEY (source, owner, last_ref)
) WITHOUT ROWID;
INSERT INTO account_index_14 (source, owner, last_ref, first_ref, refs)
  SELECT source, owner, last_ref, first_ref, refs FROM account_index ORDER BY source, owner, last_ref;
DROP TABLE account_index;
ALTER TABLE account_index_14 RENAME TO account_index;
CREATE TABLE account_index_marks_14 (
  source TEXT PRIMARY KEY CHECK (source = 'orders' OR source = 'records' OR source = 'ledger_entries' OR
                                 source = 'records.action' OR source = 'api_keys'),
  upto   INTEGER NOT NULL
);
INSERT INTO account_index_marks_14 (source, upto) SELECT source, upto FROM account_index_marks;
INSERT INTO account_index_marks_14 (source, upto) VALUES ('records.action', 0), ('api_keys', 0);
DROP TABLE account_index_marks;
ALTER TABLE account_index_marks_14 RENAME TO account_index_marks;
DROP INDEX records_action;
CREATE TABLE api_keys_14 (
  seq         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  account_id  TEXT NOT NULL REFERENCES accounts(id),
  name        TEXT NOT NULL,
  key_hash    BLOB NOT NULL,
  found_by_id INTEGER NOT NULL DEFAULT 0 CHECK (found_by_id = 0 OR found_by_id = 1),
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
);
INSERT INTO api_keys_14 (seq, id, account_id, name, key_hash, found_by_id, created_at, revoked_at)
  SELECT rowid, id, account_id, name, key_hash, 0, created_at, revoked_at FROM api_keys ORDER BY rowid;
DROP TABLE api_keys;
ALTER TABLE api_keys_14 RENAME TO api_keys;
CREATE UNIQUE INDEX api_keys_key_hash ON api_keys(key_hash) WHERE found_by_id = 0;
)sql",
      // 15: gateway products (API.md "The data plane"): their offers carry a call quota per
      // licence seat and a rate limit (null: none), and their trades the mode `gateway`, admitted
      // by editing the CHECK of migration 10 in place as migration 10 did.
      R"sql(
ALTER TABLE offers ADD COLUMN call_quota INTEGER CHECK (call_quota IS NULL OR call_quota >= 1);
ALTER TABLE offers ADD COLUMN rate_limit_per_s INTEGER
  CHECK (rate_limit_per_s IS NULL OR (rate_limit_per_s >= 1 AND rate_limit_per_s <= 100000));
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (delivery_mode = ''file'' OR delivery_mode = ''api'' OR delivery_mode = ''compute'')',
    'CHECK (delivery_mode = ''file'' OR delivery_mode = ''api'' OR delivery_mode = ''gateway'' OR delivery_mode = ''compute'')')
  WHERE type = 'table' AND name = 'trades';
PRAGMA writable_schema = OFF;
)sql",
      // 16: the gateway's usage (API.md "The data plane"). Calls are counted in memory and written
      // in batches: each batch is a row with the hash of its call log (kept in the data
      // directory) and its counts by trade and day; gateway_usage keeps the running totals that
      // quotas and GET /trades/{id}/usage read.
      R"sql(
CREATE TABLE gateway_batches (
  id         TEXT PRIMARY KEY,
  node       TEXT NOT NULL,
  at         TEXT NOT NULL,
  calls      INTEGER NOT NULL CHECK (calls >= 0),
  bytes_out  INTEGER NOT NULL CHECK (bytes_out >= 0),
  log_file   TEXT NOT NULL,
  log_offset INTEGER NOT NULL,
  log_length INTEGER NOT NULL,
  log_sha256 TEXT NOT NULL
);
CREATE TRIGGER gateway_batches_no_update BEFORE UPDATE ON gateway_batches
  BEGIN SELECT RAISE(ABORT, 'usage batches are kept as counted'); END;
CREATE TRIGGER gateway_batches_no_delete BEFORE DELETE ON gateway_batches
  BEGIN SELECT RAISE(ABORT, 'usage batches are kept as counted'); END;
CREATE TABLE gateway_batch_items (
  batch_id  TEXT NOT NULL REFERENCES gateway_batches(id),
  trade_id  TEXT NOT NULL REFERENCES trades(id),
  day       TEXT NOT NULL,
  calls     INTEGER NOT NULL CHECK (calls >= 0),
  bytes_out INTEGER NOT NULL CHECK (bytes_out >= 0),
  PRIMARY KEY (batch_id, trade_id, day)
) WITHOUT ROWID;
CREATE TABLE gateway_usage (
  trade_id  TEXT NOT NULL REFERENCES trades(id),
  day       TEXT NOT NULL,
  calls     INTEGER NOT NULL CHECK (calls >= 0),
  bytes_out INTEGER NOT NULL CHECK (bytes_out >= 0),
  PRIMARY KEY (trade_id, day)
) WITHOUT ROWID;
)sql",
      // 17: compute-to-data (API.md "The data plane"). A compute product version's data file is
      // loaded into an SQLite database of its own, sealed in the blob store like every upload
      // (compute_datasets); buyers' jobs run on it (compute_jobs), each moving queued → running →
      // awaiting_approval | succeeded | refused | failed. A job's epsilon is spent when it is
      // accepted, so a licence's budget is the sum over its jobs. Offers of compute products
      // carry a job quota per licence seat.
      R"sql(
ALTER TABLE offers ADD COLUMN job_quota INTEGER CHECK (job_quota IS NULL OR job_quota >= 1);
CREATE TABLE compute_datasets (
  product_id  TEXT NOT NULL,
  version     INTEGER NOT NULL,
  blob_sha256 TEXT NOT NULL,
  wrapped_key BLOB NOT NULL,
  size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0),
  rows        INTEGER NOT NULL CHECK (rows >= 0),
  loaded_at   TEXT NOT NULL,
  PRIMARY KEY (product_id, version),
  FOREIGN KEY (product_id, version) REFERENCES product_versions(product_id, version)
) WITHOUT ROWID;
CREATE TABLE compute_jobs (
  seq                INTEGER PRIMARY KEY,
  id                 TEXT NOT NULL UNIQUE,
  trade_id           TEXT NOT NULL REFERENCES trades(id),
  buyer_id           TEXT NOT NULL REFERENCES accounts(id),
  query              TEXT NOT NULL,
  query_sha256       TEXT NOT NULL,
  epsilon            REAL CHECK (epsilon IS NULL OR epsilon > 0),
  status             TEXT NOT NULL CHECK (status IN
                       ('queued', 'running', 'awaiting_approval', 'succeeded', 'refused', 'failed')),
  rows_scanned       INTEGER,
  result_rows        INTEGER,
  result_sha256      TEXT,
  result_wrapped_key BLOB,
  result_size        INTEGER,
  refusal_code       TEXT,
  refusal_rule       TEXT,
  refusal_basis      TEXT,
  refusal_message    TEXT,
  decision_reason    TEXT,
  created_at         TEXT NOT NULL,
  started_at         TEXT,
  finished_at        TEXT
);
CREATE INDEX compute_jobs_trade ON compute_jobs(trade_id, seq);
CREATE INDEX compute_jobs_open ON compute_jobs(status) WHERE status IN ('queued', 'running');
)sql",
  };
  return kMigrations;
}

}  // namespace dx::store
