#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <numeric>
#include <future>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "core/json_text.hpp"
#include "crypto/crypto.hpp"
#include "store/account_index.hpp"
#include "store/db.hpp"
#include "store/merkle.hpp"
#include "store/read_pool.hpp"
#include "store/records.hpp"
#include "store/schema.hpp"
#include "store/sequencer.hpp"
#include "store/wal.hpp"

namespace dx::store {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dx-store-" + crypto::hex(crypto::random_bytes(8)));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path db_path() const { return dir_ / "test.db"; }
  static Clock fixed_clock() {
    return [] { return TimePoint(std::chrono::seconds(1'800'000'000)); };
  }
  fs::path dir_;
};

std::int64_t count(Db& db, const std::string& table) {
  auto st = db.prepare("SELECT count(*) FROM " + table);
  st.step();
  return st.int64(0);
}

// SQLite's plan for `sql`, one step per line (EXPLAIN QUERY PLAN).
std::string query_plan(Db& db, const std::string& sql) {
  auto st = db.prepare("EXPLAIN QUERY PLAN " + sql);
  std::string detail;
  while (st.step()) detail += st.text(3) + "\n";
  return detail;
}

// Each query's plan contains its expected step; with `sorts_nothing`, no temporary B-tree either.
void expect_plans(Db& db, const std::vector<std::pair<std::string, std::string>>& queries, bool sorts_nothing) {
  for (const auto& [sql, plan] : queries) {
    const std::string detail = query_plan(db, sql);
    EXPECT_NE(detail.find(plan), std::string::npos) << sql << "\n" << detail;
    if (sorts_nothing) {
      EXPECT_EQ(detail.find("TEMP B-TREE"), std::string::npos) << sql << "\n" << detail;
    }
  }
}

// Submits and waits until the command's batch is done.
bool apply_sync(Sequencer& seq, Sequencer::Apply fn) {
  std::promise<bool> done;
  seq.submit(std::move(fn), [&done](bool durable) { done.set_value(durable); });
  return done.get_future().get();
}

TEST_F(StoreTest, StatementsBindAndReadEveryType) {
  Db db(db_path(), OpenMode::read_write_create);
  db.exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT)");
  auto ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  ins.bind(1, std::int64_t{-7}).bind(2, "文本").bind_blob(3, std::string("\0\1", 2)).bind_null(4).run();
  ins.reset();
  ins.bind(1, 1).bind(2, "").bind_blob(3, "").bind(4, std::optional<std::string>{}).run();
  auto q = db.prepare("SELECT i, s, b, n FROM t ORDER BY rowid");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), -7);
  EXPECT_EQ(q.text(1), "文本");
  EXPECT_EQ(q.blob(2), std::string("\0\1", 2));
  EXPECT_TRUE(q.is_null(3));
  EXPECT_FALSE(q.opt_text(3));
  ASSERT_TRUE(q.step());
  EXPECT_FALSE(q.is_null(2));  // an empty blob is not NULL
  EXPECT_FALSE(q.step());
}

// SQLite's process-wide count of its memory is off (db.cpp): with it, every allocation of every
// connection would take one mutex. The count stays zero however much the connections allocate.
TEST_F(StoreTest, SqliteKeepsNoProcessWideMemoryCount) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  db.exec("CREATE TABLE t (s TEXT)");
  auto ins = db.prepare("INSERT INTO t VALUES (?)");
  for (int i = 0; i < 100; ++i) {
    ins.bind(1, std::string(1000, 'x')).run();
    ins.reset();
  }
  sqlite3_int64 current = -1, highest = -1;
  ASSERT_EQ(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &highest, 0), SQLITE_OK);
  EXPECT_EQ(current, 0);
  EXPECT_EQ(highest, 0);
}

TEST_F(StoreTest, MigrationCreatesTablesAndIsIdempotent) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  migrate(db);
  auto st = db.prepare("PRAGMA user_version");
  st.step();
  EXPECT_EQ(st.int64(0), static_cast<std::int64_t>(migrations().size()));
  EXPECT_EQ(count(db, "records"), 0);
  EXPECT_EQ(count(db, "accounts"), 0);
}

TEST_F(StoreTest, MigrationRefusesANewerDatabase) {
  Db db(db_path(), OpenMode::read_write_create);
  db.exec("PRAGMA user_version = 999");
  EXPECT_THROW(migrate(db), StoreError);
}

TEST_F(StoreTest, AFailedMigrationLeavesThePreviousVersionWhole) {
  // Arrange: a table in the way of migration 3 (tree_heads), created after its merkle_nodes.
  Db db(db_path(), OpenMode::read_write_create);
  db.exec("CREATE TABLE tree_heads (x)");
  // Act
  EXPECT_THROW(migrate(db), StoreError);
  // Assert: migrations 1 and 2 stay applied, nothing of migration 3 does.
  auto st = db.prepare("PRAGMA user_version");
  st.step();
  EXPECT_EQ(st.int64(0), 2);
  EXPECT_EQ(count(db, "records"), 0);
  EXPECT_THROW(count(db, "merkle_nodes"), StoreError);
}

TEST_F(StoreTest, OpeningAMissingDatabaseReadOnlyThrows) {
  EXPECT_THROW(Db(db_path(), OpenMode::read_only), StoreError);
}

TEST_F(StoreTest, LeafIsSortedCompactJson) {
  const auto leaf = canonical_leaf(3, "2026-01-01T00:00:00.000Z", "acc_1", "x.done", "obj_9", {{"b", 1}, {"a", "z"}});
  EXPECT_EQ(leaf,
            R"({"action":"x.done","actor":"acc_1","at":"2026-01-01T00:00:00.000Z","data":{"a":"z","b":1},"seq":3,"subject":"obj_9"})");
  EXPECT_THROW(canonical_leaf(1, "t", "a", "b", "c", json::array()), std::invalid_argument);
}

TEST_F(StoreTest, LeafIsTheDumpOfTheRecordObject) {
  // Escapes, control characters and non-ASCII text come out exactly as the object's own dump.
  const std::string tricky = "q\"b\\s/\n\t\x01\x1f\x7f 数据 é";
  const json data = {{"note", tricky}, {"n", -5}, {"list", {1, "x"}}};
  const json object = {{"action", tricky}, {"actor", "acc_" + tricky}, {"at", "2026-01-01T00:00:00.000Z"},
                       {"data", data},     {"seq", 42},               {"subject", tricky + "!"}};
  EXPECT_EQ(canonical_leaf(42, "2026-01-01T00:00:00.000Z", "acc_" + tricky, tricky, tricky + "!", data),
            object.dump(-1, ' ', false, json::error_handler_t::strict));
  EXPECT_THROW(canonical_leaf(1, "t", "a\xff", "b", "c", json::object()), json::type_error);  // not UTF-8
  // Every ASCII character, alone and inside plain text, in every string field.
  for (int c = 0; c < 0x80; ++c) {
    const std::string one(1, static_cast<char>(c)), inside = "acc_" + one + "_1";
    const json o = {{"action", one}, {"actor", inside}, {"at", inside}, {"data", json::object()}, {"seq", 1}, {"subject", one}};
    EXPECT_EQ(canonical_leaf(1, inside, inside, one, one, json::object()), o.dump(-1, ' ', false, json::error_handler_t::strict))
        << c;
  }
}

// Data written as text (JsonText, keys sorted) is what the json's dump would be: the chain that
// verification rebuilds from the parsed data holds.
TEST_F(StoreTest, RecordsWithDataWrittenAsTextVerify) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  for (const std::string purpose : {"research", "科研 \"quoted\" \\ back", "tab\tnew\nline\x01", ""}) {
    JsonText t;
    t.begin_object().key("price_fen").value(std::int64_t{90}).key("purpose").value(purpose);
    t.key("quantity").null().key("standing").value(false).end_object();
    const auto r = append_record_text(db, head, "2027-01-15T08:00:00.000Z", "acc_a", "order.accepted", "ord_1", t.take());
    EXPECT_EQ(r.data, json({{"price_fen", 90}, {"purpose", purpose}, {"quantity", nullptr}, {"standing", false}}).dump());
  }
  EXPECT_FALSE(verify_chain(db));
}

TEST_F(StoreTest, ChainHashFollowsThePreviousHash) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  db.exec("BEGIN");
  const auto r1 = append_record(db, head, fixed_clock()(), "a", "one", "s", json::object());
  const auto r2 = append_record(db, head, fixed_clock()(), "a", "two", "s", {{"k", 1}});
  db.exec("COMMIT");
  EXPECT_EQ(r1.hash, crypto::sha256(std::string(32, '\0') + r1.leaf));
  EXPECT_EQ(r2.hash, crypto::sha256(r1.hash + r2.leaf));
  EXPECT_EQ(load_chain_head(db).seq, 2);
  EXPECT_EQ(load_chain_head(db).hash, r2.hash);
  EXPECT_FALSE(verify_chain(db));
}

TEST_F(StoreTest, RecordsRefuseUpdateAndDelete) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  append_record(db, head, fixed_clock()(), "a", "one", "s", json::object());
  EXPECT_THROW(db.exec("UPDATE records SET actor = 'b'"), StoreError);
  EXPECT_THROW(db.exec("DELETE FROM records"), StoreError);
}

TEST_F(StoreTest, VerifyNamesAnEditedOrMissingRecord) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  for (int i = 0; i < 5; ++i) append_record(db, head, fixed_clock()(), "a", "act", "s", {{"i", i}});
  db.exec("DROP TRIGGER records_no_update; DROP TRIGGER records_no_delete;");
  db.exec(R"(UPDATE records SET data = '{"i":9}' WHERE seq = 3)");
  EXPECT_EQ(verify_chain(db), 3);
  db.exec("DELETE FROM records WHERE seq = 2");
  EXPECT_EQ(verify_chain(db), 2);
}

TEST_F(StoreTest, QueryFiltersAndPages) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  for (int i = 0; i < 6; ++i)
    append_record(db, head, fixed_clock()(), i % 2 ? "odd" : "even", "act" + std::to_string(i % 3), "s", json::object());
  RecordQuery q;
  q.actor = "odd";
  q.limit = 2;
  auto page = query_records(db, q);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].seq, 2);
  EXPECT_EQ(page[1].seq, 4);
  q.after_seq = page.back().seq;
  page = query_records(db, q);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].seq, 6);
  RecordQuery by_action;
  by_action.action = "act0";
  EXPECT_EQ(query_records(db, by_action).size(), 2u);
}

TEST_F(StoreTest, QueryFiltersBySubjectAndTimeRangeAndClampsTheLimit) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  const TimePoint t0(std::chrono::seconds(1'800'000'000));
  for (int i = 0; i < 5; ++i)
    append_record(db, head, t0 + std::chrono::minutes(i), "a", "x", i < 3 ? "obj_1" : "obj_2", json::object());
  RecordQuery range;
  range.from_at = to_rfc3339(t0 + std::chrono::minutes(1));
  range.to_at = to_rfc3339(t0 + std::chrono::minutes(3));
  range.subject = "obj_1";
  RecordQuery none;
  none.limit = 0;
  RecordQuery injected;
  injected.subject = "obj_1' OR '1'='1";

  const auto in_range = query_records(db, range);
  const auto at_least_one = query_records(db, none);
  const auto not_injected = query_records(db, injected);

  ASSERT_EQ(in_range.size(), 2u);
  EXPECT_EQ(in_range[0].seq, 2);
  EXPECT_EQ(in_range[1].seq, 3);
  EXPECT_EQ(at_least_one.size(), 1u);
  EXPECT_TRUE(not_injected.empty());
}

TEST_F(StoreTest, RecordsStoreAnEmptyLeafAndAreReadWithTheirCanonicalLeaf) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  const auto r1 = append_record(db, head, fixed_clock()(), "acc_1", "x.done", "obj_1", {{"k", "v"}});
  // A record as written before migration 8: its leaf stored whole.
  const std::string at = to_rfc3339(fixed_clock()());
  const auto leaf2 = canonical_leaf(2, at, "acc_2", "y.done", "obj_2", json::object());
  const auto hash2 = crypto::sha256(r1.hash + leaf2);
  auto legacy = db.prepare("INSERT INTO records VALUES (2, ?, 'acc_2', 'y.done', 'obj_2', '{}', ?, ?)");
  legacy.bind(1, at).bind_blob(2, leaf2).bind_blob(3, hash2).run();
  auto stored = db.prepare("SELECT length(leaf) FROM records ORDER BY seq");

  const auto read = query_records(db, RecordQuery{});

  ASSERT_TRUE(stored.step());
  EXPECT_EQ(stored.int64(0), 0);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].leaf, r1.leaf);
  EXPECT_EQ(read[0].leaf, canonical_leaf(1, r1.at, "acc_1", "x.done", "obj_1", {{"k", "v"}}));
  EXPECT_EQ(read[1].leaf, leaf2);
  EXPECT_FALSE(verify_chain(db));
  auto index = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'records_at'");
  index.step();
  EXPECT_EQ(index.int64(0), 0);
  // A stored leaf that no longer matches its columns is named.
  db.exec("DROP TRIGGER records_no_update; UPDATE records SET leaf = x'00' || leaf WHERE seq = 2");
  EXPECT_EQ(verify_chain(db), 2);
}

TEST_F(StoreTest, TimeRangesFindTheSameRecordsAsAScan) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  const TimePoint t0(std::chrono::seconds(1'800'000'000));
  std::vector<std::string> times;
  for (int i = 0; i < 97; ++i) {  // several records per minute, some minutes without any
    const auto at = t0 + std::chrono::minutes(i / 3 + (i > 40 ? 5 : 0));
    times.push_back(append_record(db, head, at, "a", "x", "s", json::object()).at);
  }
  for (int from = -2; from < 45; from += 3)
    for (int to = from; to < 48; to += 4) {
      RecordQuery q;
      q.from_at = to_rfc3339(t0 + std::chrono::minutes(from));
      q.to_at = to_rfc3339(t0 + std::chrono::minutes(to));
      q.limit = 500;
      std::vector<std::int64_t> expected, got;
      for (std::size_t i = 0; i < times.size(); ++i)
        if (times[i] >= *q.from_at && times[i] <= *q.to_at) expected.push_back(static_cast<std::int64_t>(i) + 1);
      for (const auto& r : query_records(db, q)) got.push_back(r.seq);
      EXPECT_EQ(got, expected) << from << ".." << to;
    }
}

TEST_F(StoreTest, BatchTimesNeverGoBackEvenAcrossARestart) {
  const TimePoint t0(std::chrono::seconds(1'800'000'000));
  auto now = std::make_shared<std::atomic<int>>(5);  // minutes after t0
  const Clock clock = [now, t0] { return t0 + std::chrono::minutes(now->load()); };
  const auto append = [](Sequencer& seq) {
    apply_sync(seq, [](Tx& tx) { return tx.record("a", "x", "s", json::object()).seq > 0; });
  };
  {
    Sequencer seq(db_path(), clock);
    append(seq);
    now->store(0);  // the host's clock set back
    append(seq);
  }
  {
    Sequencer seq(db_path(), clock);
    append(seq);
    now->store(10);
    append(seq);
  }
  Db db(db_path(), OpenMode::read_only);
  std::vector<std::string> at;
  for (const auto& r : query_records(db, RecordQuery{})) at.push_back(r.at);
  const auto m = [t0](int minutes) { return to_rfc3339(t0 + std::chrono::minutes(minutes)); };
  EXPECT_EQ(at, (std::vector<std::string>{m(5), m(5), m(5), m(10)}));
}

TEST_F(StoreTest, OnlySubtreesOfSixteenLeavesAndMoreAreStoredAndProofsStillHold) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  std::vector<std::string> leaves;
  for (int i = 0; i < 100; ++i)
    leaves.push_back(append_record(db, head, fixed_clock()(), "a", "x", "s", {{"i", i}}).leaf);
  const auto subtree = [&db](int l, std::uint64_t i) { return subtree_hash(db, l, i); };

  EXPECT_EQ(count(db, "merkle_subtrees"), 6 + 3 + 1);  // levels 4, 5 and 6 of 100 leaves
  merkle::Frontier reference;
  for (std::uint64_t size = 1; size <= leaves.size(); ++size) {
    reference.append(leaves[size - 1]);
    const auto root = merkle::root(size, subtree);
    ASSERT_EQ(root, reference.root()) << size;
    for (std::uint64_t i = 0; i < size; i += 7)
      EXPECT_TRUE(merkle::verify_inclusion(i, size, merkle::leaf_hash(leaves[i]),
                                           merkle::inclusion_path(i, size, subtree), root))
          << i << "/" << size;
  }
  const auto loaded = load_chain_head(db);
  EXPECT_EQ(loaded.frontier.size, 100u);
  EXPECT_EQ(loaded.frontier.root(), reference.root());
  EXPECT_EQ(loaded.at, to_rfc3339(fixed_clock()()));
}

TEST_F(StoreTest, IndexesNoQueryReadsAreDropped) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  auto st = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('records_at', 'ledger_entries_movement')");
  st.step();
  EXPECT_EQ(st.int64(0), 0);
}

// The order service's reads of a product's resting orders, of an offer's sold seats and of the
// books at start, shaped as there: none reads every order or trade the exchange ever took.
TEST_F(StoreTest, ProductAndBookQueriesReadOnlyWhatTheyNeed) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  const std::vector<std::pair<std::string, std::string>> queries = {
      {"SELECT seq FROM orders WHERE offer_id IN (SELECT id FROM offers WHERE product_id = ?) "
       "AND status IN ('open', 'partially_filled') ORDER BY seq",
       "SEARCH orders USING INDEX orders_resting (offer_id=?)"},
      {"SELECT id, account_id FROM orders WHERE offer_id IN (SELECT id FROM offers WHERE product_id = ?) "
       "AND side = 'buy' AND status IN ('open', 'partially_filled') ORDER BY seq",
       "SEARCH orders USING INDEX orders_resting (offer_id=?)"},
      {"SELECT COALESCE(SUM(quantity), 0) FROM trades WHERE product_id = ? AND offer_id = ?",
       "SEARCH trades USING INDEX trades_product (product_id=?)"},
      {"SELECT o.seq FROM orders o INDEXED BY orders_resting JOIN offers f ON f.id = o.offer_id "
       "JOIN accounts a ON a.id = o.account_id WHERE o.status IN ('open', 'partially_filled') ORDER BY o.seq",
       "SCAN o USING INDEX orders_resting"}};
  expect_plans(db, queries, false);
}

// Migration 12: the lists that page by rowid (the staff's queues, a seller's products, an
// account's identity submissions) read one range of an index per page, sorting nothing. An
// account's keys are listed through the account index since migration 14.
TEST_F(StoreTest, ListsPagedByRowidReadARangeAndSortNothing) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  const std::vector<std::pair<std::string, std::string>> queries = {
      {"SELECT id, rowid FROM products WHERE status = ? AND rowid > ? ORDER BY rowid LIMIT ?",
       "USING INDEX products_status (status=? AND rowid>?)"},
      {"SELECT id, rowid FROM products WHERE seller_id = ? AND (? IS NULL OR status = ?) AND rowid > ? "
       "ORDER BY rowid LIMIT ?",
       "USING INDEX products_seller (seller_id=? AND rowid>?)"},
      {"SELECT kind FROM kyc_submissions WHERE status = ? AND rowid > ? ORDER BY rowid LIMIT ?",
       "USING INDEX kyc_submissions_status (status=? AND rowid>?)"},
      {"SELECT kind FROM kyc_submissions WHERE account_id = ? AND status <> 'superseded' ORDER BY rowid DESC LIMIT 1",
       "USING INDEX kyc_submissions_account (account_id=?)"}};
  expect_plans(db, queries, true);
}

// Appends `n` records whose actors take turns among `actors`; returns each actor's seqs.
std::map<std::string, std::vector<std::int64_t>> append_by_turns(Db& db, ChainHead& head,
                                                                  const std::vector<std::string>& actors, int n,
                                                                  std::map<std::string, std::vector<std::int64_t>> seqs = {}) {
  for (int i = 0; i < n; ++i) {
    const auto& actor = actors[static_cast<std::size_t>(i) % actors.size()];
    seqs[actor].push_back(append_record(db, head, TimePoint(std::chrono::seconds(1'800'000'000)), actor, "act", "s",
                                        json::object()).seq);
  }
  return seqs;
}

// Pages through an owner's records `limit` at a time, in either direction, as the routes do.
std::vector<std::int64_t> all_pages(Db& db, const std::string& owner, bool descending, int limit) {
  std::vector<std::int64_t> all;
  OwnedQuery q;
  q.owner = owner;
  q.descending = descending;
  q.limit = limit;
  for (;;) {
    const auto page = owned_rows(db, Owned::records_by_actor, q);
    all.insert(all.end(), page.begin(), page.end());
    if (static_cast<int>(page.size()) < limit) return all;
    (descending ? q.before : q.after) = page.back();
  }
}

// An owner's rows are those the account index holds up to its mark and those after it, in order,
// whichever side of the mark a page starts or ends on, in both directions.
TEST_F(StoreTest, OwnedRowsAreFoundOnBothSidesOfTheAccountIndexMark) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  const std::vector<std::string> actors = {"acc_a", "acc_b", "acc_c"};
  std::map<std::string, std::vector<std::int64_t>> seqs;
  for (int round = 0; round < 8; ++round) {
    seqs = append_by_turns(db, head, actors, 7, seqs);
    catch_up_account_index(db, 10);  // as the writer does before each batch
  }
  // 56 records: moved at 14, 28, 42 and 56 (10 or more waiting each time).
  EXPECT_EQ(account_index_mark(db, Owned::records_by_actor), 56);
  seqs = append_by_turns(db, head, actors, 5, seqs);  // and a tail past the mark
  EXPECT_EQ(count(db, "account_index WHERE source = 'records'"), 4 * 3);  // a list per actor each time
  EXPECT_EQ(count(db, "account_index WHERE source = 'records.action'"), 4);  // and one for the action
  for (const auto& actor : actors) {
    const auto& mine = seqs[actor];
    const std::vector<std::int64_t> reversed(mine.rbegin(), mine.rend());
    for (const int limit : {1, 3, 7, 50}) {
      EXPECT_EQ(all_pages(db, actor, false, limit), mine) << actor << " " << limit;
      EXPECT_EQ(all_pages(db, actor, true, limit), reversed) << actor << " " << limit;
    }
    // Windows that straddle the mark, and one below it, in both directions.
    for (const auto& [after, before] : {std::pair{50, 60}, std::pair{20, 45}}) {
      OwnedQuery q;
      q.owner = actor;
      q.after = after;
      q.before = before;
      std::vector<std::int64_t> expected;
      std::copy_if(mine.begin(), mine.end(), std::back_inserter(expected),
                   [&](auto x) { return x > after && x < before; });
      EXPECT_EQ(owned_rows(db, Owned::records_by_actor, q), expected) << actor << " " << after;
      q.descending = true;
      std::reverse(expected.begin(), expected.end());
      EXPECT_EQ(owned_rows(db, Owned::records_by_actor, q), expected) << actor << " " << after;
    }
  }
  // The records query by actor, with another filter beside it.
  RecordQuery rq;
  rq.actor = "acc_b";
  rq.subject = "s";
  rq.limit = 500;
  const auto page = query_records(db, rq);
  ASSERT_EQ(page.size(), seqs["acc_b"].size());
  for (std::size_t k = 0; k < page.size(); ++k) EXPECT_EQ(page[k].seq, seqs["acc_b"][k]);
  rq.subject = "other";
  EXPECT_TRUE(query_records(db, rq).empty());
}

// A page of one owner's rows reads that owner's entries and the short tail past the mark, not
// the rows of every other owner: counted in SQLite VM steps, with 50 and with 3,000 others.
TEST_F(StoreTest, AnOwnersPageDoesNotReadOtherOwnersRows) {
  const auto steps_for_page = [this](int others) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Db db(db_path(), OpenMode::read_write_create);
    migrate(db);
    ChainHead head;
    append_by_turns(db, head, {"acc_mine"}, 3);
    std::vector<std::string> actors;
    for (int i = 0; i < 40; ++i) actors.push_back("acc_other" + std::to_string(i));
    append_by_turns(db, head, actors, others);
    catch_up_account_index(db, 16);
    append_by_turns(db, head, actors, 15);  // a tail shorter than the lag
    long steps = 0;
    sqlite3_progress_handler(db.handle(), 1, [](void* count) { return ++*static_cast<long*>(count), 0; }, &steps);
    OwnedQuery q;
    q.owner = "acc_mine";
    EXPECT_EQ(owned_rows(db, Owned::records_by_actor, q).size(), 3u);
    sqlite3_progress_handler(db.handle(), 0, nullptr, nullptr);
    return steps;
  };
  const long few = steps_for_page(50), many = steps_for_page(3000);
  EXPECT_LT(many, few + 100) << few << " steps with 50 other rows, " << many << " with 3,000";
}

// The writer moves rows into the index at the start of a batch once the lag is reached.
TEST_F(StoreTest, TheWriterMovesOwnedRowsIntoTheIndexOnceTheLagIsReached) {
  SequencerOptions options;
  options.account_index_lag = 4;
  Sequencer seq(db_path(), fixed_clock(), options);
  for (int i = 0; i < 9; ++i)
    ASSERT_TRUE(apply_sync(seq, [i](Tx& tx) { return tx.record(i % 2 ? "acc_x" : "acc_y", "act", "s", json::object()).seq > 0; }));
  seq.stop();
  Db db(db_path(), OpenMode::read_only);
  // Commands one per batch: the batch after the 4th record moved 1-4, the one after the 8th 5-8.
  EXPECT_EQ(account_index_mark(db, Owned::records_by_actor), 8);
  EXPECT_EQ(count(db, "account_index WHERE source = 'records'"), 2 * 2);  // a list per actor each time
  EXPECT_EQ(count(db, "account_index WHERE source = 'records.action'"), 2);  // and one for the action
  RecordQuery q;
  q.actor = "acc_x";
  const auto page = query_records(db, q);
  ASSERT_EQ(page.size(), 4u);
  EXPECT_EQ(page[0].seq, 2);
  EXPECT_EQ(page[3].seq, 8);
}

// The writer skips the index's check only while no source can have reached the lag: rows that
// waited at an earlier check still count, and rows of other tables only make it check sooner.
TEST_F(StoreTest, TheIndexCheckIsSkippedOnlyWhileNoSourceCanHaveReachedTheLag) {
  SequencerOptions options;
  options.account_index_lag = 4;
  Sequencer seq(db_path(), fixed_clock(), options);
  const auto command = [](int records, int other_rows) {
    return [records, other_rows](Tx& tx) {
      for (int i = 0; i < records; ++i) tx.record("acc_x", "act", "s", json::object());
      tx.db().exec("CREATE TABLE IF NOT EXISTS scratch (x)");
      for (int i = 0; i < other_rows; ++i) tx.db().exec("INSERT INTO scratch VALUES (1)");
      return true;
    };
  };
  // One command per batch; each batch checks (or not) before its command.
  ASSERT_TRUE(apply_sync(seq, command(3, 1)));
  ASSERT_TRUE(apply_sync(seq, command(0, 0)));  // four rows changed: checks, three records wait
  ASSERT_TRUE(apply_sync(seq, command(1, 0)));  // nothing changed since: skips
  ASSERT_TRUE(apply_sync(seq, command(0, 0)));  // three waited, one more: checks and moves 1-4
  seq.stop();
  Db db(db_path(), OpenMode::read_only);
  EXPECT_EQ(account_index_mark(db, Owned::records_by_actor), 4);
}

TEST_F(StoreTest, RowsWrittenBeforeMigrationThirteenAreInTheAccountIndexAfterIt) {
  // Arrange: the per-account indexes of migrations 11 and 12, and records written under them.
  {
    Db db(db_path(), OpenMode::read_write_create);
    migrate(db);
    db.exec(R"sql(
      DROP TABLE account_index;
      DROP TABLE account_index_marks;
      CREATE INDEX orders_account ON orders(substr(account_id, -8));
      CREATE INDEX records_actor ON records(substr(actor, -8));
      CREATE INDEX ledger_entries_owner ON ledger_entries(substr(owner, -8));
      CREATE INDEX records_action ON records(action, seq);
      ALTER TABLE offers DROP COLUMN call_quota;
      ALTER TABLE offers DROP COLUMN rate_limit_per_s;
      DROP TABLE gateway_batch_items;
      DROP TABLE gateway_batches;
      DROP TABLE gateway_usage;
      ALTER TABLE offers DROP COLUMN job_quota;
      DROP TABLE compute_datasets;
      DROP TABLE compute_jobs;
      PRAGMA user_version = 12;)sql");
    ChainHead head;
    append_by_turns(db, head, {"acc_00000001aaaaaaaaaaaa", "acc_00000002bbbbbbbbbbbb", "acc_00000002bbbbbbbbbbbb"}, 7);
    db.exec("INSERT INTO ledger_entries (movement, kind, bucket, owner, amount_fen, at) VALUES "
            "('m', 'deposit', 'outside_world', NULL, -5, 't'), ('m', 'deposit', 'available', 'acc_1', 5, 't')");
  }
  // Act: the migration, then the writer's start.
  RecordQuery q;
  q.actor = "acc_00000002bbbbbbbbbbbb";
  const auto seqs_of = [](const std::vector<Record>& page) {
    std::vector<std::int64_t> out;
    for (const auto& r : page) out.push_back(r.seq);
    return out;
  };
  const std::vector<std::int64_t> expected = {2, 3, 5, 6};
  {
    Db db(db_path(), OpenMode::read_write_create);
    migrate(db);
    EXPECT_EQ(account_index_mark(db, Owned::records_by_actor), 0);
    EXPECT_EQ(seqs_of(query_records(db, q)), expected) << "read from the table until indexed";
  }
  { Sequencer seq(db_path(), fixed_clock()); }
  // Assert: every record and owned posting is indexed, and the old indexes are gone.
  Db db(db_path(), OpenMode::read_only);
  EXPECT_EQ(account_index_mark(db, Owned::records_by_actor), 7);
  EXPECT_EQ(account_index_mark(db, Owned::ledger_entries), 2);
  EXPECT_EQ(account_index_mark(db, Owned::orders), 0);
  // Two actors' records and one account's posting; the records' one action.
  EXPECT_EQ(count(db, "account_index WHERE source IN ('records', 'ledger_entries')"), 2 + 1);
  EXPECT_EQ(count(db, "account_index WHERE source = 'records.action'"), 1);
  auto old = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('orders_account', 'records_actor', "
                        "'ledger_entries_owner')");
  old.step();
  EXPECT_EQ(old.int64(0), 0);
  EXPECT_EQ(seqs_of(query_records(db, q)), expected);
}

// Every combination of a subject, an actor and an action (and a time range) pages through the
// records it names once each, in order, whether an actor's records come from its lists or from
// past the mark.
TEST_F(StoreTest, EveryCombinationOfRecordFiltersPagesThroughExactlyItsRecords) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  const TimePoint t0(std::chrono::seconds(1'800'000'000));
  const std::vector<std::string> subjects = {"obj_1", "obj_2", "obj_3"}, actors = {"acc_a", "acc_b"},
                                 actions = {"x.done", "y.done"};
  std::vector<Record> all;
  for (int round = 0; round < 6; ++round) {
    for (int k = 0; k < 11; ++k) {
      const auto i = all.size();
      all.push_back(append_record(db, head, t0 + std::chrono::minutes(i / 4), actors[i % 2], actions[(i / 2) % 2],
                                  subjects[i % 3], json::object()));
    }
    if (round < 5) catch_up_account_index(db, 10);  // the last round stays past the mark
  }
  ASSERT_EQ(account_index_mark(db, Owned::records_by_actor), 55);
  ASSERT_EQ(account_index_mark(db, Owned::records_by_action), 55);
  const auto names = [](const std::vector<std::string>& v) {
    std::vector<std::optional<std::string>> out = {std::nullopt};
    out.insert(out.end(), v.begin(), v.end());
    return out;
  };
  int queries = 0;
  for (const auto& subject : names(subjects))
    for (const auto& actor : names(actors))
      for (const auto& action : names(actions))
        for (const bool timed : {false, true})
          for (const int limit : {1, 4, 50}) {
            RecordQuery q;
            q.subject = subject;
            q.actor = actor;
            q.action = action;
            if (timed) {
              q.from_at = to_rfc3339(t0 + std::chrono::minutes(3));
              q.to_at = to_rfc3339(t0 + std::chrono::minutes(14));
            }
            q.limit = limit;
            std::vector<std::int64_t> expected, got;
            for (const auto& r : all)
              if ((!subject || r.subject == *subject) && (!actor || r.actor == *actor) &&
                  (!action || r.action == *action) && (!timed || (r.at >= *q.from_at && r.at <= *q.to_at)))
                expected.push_back(r.seq);
            for (;;) {
              const auto page = query_records(db, q);
              for (const auto& r : page) got.push_back(r.seq);
              if (static_cast<int>(page.size()) < limit) break;
              q.after_seq = page.back().seq;
            }
            EXPECT_EQ(got, expected) << subject.value_or("-") << " " << actor.value_or("-") << " "
                                     << action.value_or("-") << " " << timed << " " << limit;
            ++queries;
          }
  EXPECT_EQ(queries, 4 * 3 * 3 * 2 * 3);
}

// Applies the migrations up to `version` as the runner does (the schema cookie moved after each).
void migrate_to(Db& db, std::size_t version) {
  for (std::size_t i = 0; i < version; ++i) {
    db.exec(migrations()[i]);
    auto cookie = db.prepare("PRAGMA schema_version");
    cookie.step();
    db.exec("PRAGMA schema_version = " + std::to_string(cookie.int64(0) + 1));
  }
  db.exec("PRAGMA user_version = " + std::to_string(version));
}

TEST_F(StoreTest, RowsWrittenBeforeMigrationFourteenAreListedByActionAndAccountAfterIt) {
  // Arrange: a database at version 13 (indexes by action and by key owner), with records, the
  // actors' lists and API keys, one of them revoked.
  {
    Db db(db_path(), OpenMode::read_write_create);
    migrate_to(db, 13);
    db.exec("INSERT INTO accounts (id, email, password_hash, kind, display_name, jurisdiction, created_at) VALUES "
            "('acc_a', 'a@x', 'h', 'person', 'A', 'CN', 't'), ('acc_b', 'b@x', 'h', 'person', 'B', 'CN', 't')");
    for (int i = 0; i < 5; ++i) {
      auto key = db.prepare("INSERT INTO api_keys (id, account_id, name, key_hash, created_at, revoked_at) "
                            "VALUES (?, ?, 'k', ?, 't', ?)");
      key.bind(1, "key_" + std::to_string(i)).bind(2, i % 2 ? "acc_a" : "acc_b").bind_blob(3, std::string(1, char('0' + i)));
      if (i == 3) key.bind(4, "t"); else key.bind_null(4);
      key.run();
    }
    ChainHead head;
    std::map<std::string, std::vector<std::int64_t>> by_actor;
    for (int i = 0; i < 9; ++i) {
      const std::string actor = i % 2 ? "acc_a" : "acc_b";
      by_actor[actor].push_back(
          append_record(db, head, fixed_clock()(), actor, i % 3 ? "x.done" : "y.done", "obj_1", json::object()).seq);
    }
    for (const auto& [actor, seqs] : by_actor) {
      auto add = db.prepare("INSERT INTO account_index VALUES ('records', ?, ?, ?, ?)");
      add.bind(1, actor).bind(2, seqs.back()).bind(3, seqs.front()).bind_blob(4, encode_rowids(seqs)).run();
    }
    db.exec("UPDATE account_index_marks SET upto = 9 WHERE source = 'records'");
  }
  RecordQuery by_action, by_actor;
  by_action.action = "y.done";
  by_actor.actor = "acc_a";
  const auto seqs_of = [](const std::vector<Record>& page) {
    std::vector<std::int64_t> out;
    for (const auto& r : page) out.push_back(r.seq);
    return out;
  };
  const std::vector<std::int64_t> action_seqs = {1, 4, 7}, actor_seqs = {2, 4, 6, 8};
  // Act: the migration, then the writer's start.
  {
    Db db(db_path(), OpenMode::read_write_create);
    migrate(db);
    EXPECT_EQ(account_index_mark(db, Owned::records_by_actor), 9) << "the lists already written are kept";
    EXPECT_EQ(account_index_mark(db, Owned::records_by_action), 0);
    EXPECT_EQ(seqs_of(query_records(db, by_action)), action_seqs) << "read from the table until listed";
    EXPECT_EQ(seqs_of(query_records(db, by_actor)), actor_seqs);
  }
  { Sequencer seq(db_path(), fixed_clock()); }
  // Assert: listed, the indexes gone, the keys' rowids kept, and the sources still checked.
  Db db(db_path(), OpenMode::read_write_create);
  EXPECT_EQ(account_index_mark(db, Owned::records_by_action), 9);
  EXPECT_EQ(account_index_mark(db, Owned::api_keys), 5);
  OwnedQuery keys;
  keys.owner = "acc_a";
  keys.where = "t.revoked_at IS NULL";
  EXPECT_EQ(owned_rows(db, Owned::api_keys, keys), (std::vector<std::int64_t>{2}));
  keys.owner = "acc_b";
  EXPECT_EQ(owned_rows(db, Owned::api_keys, keys), (std::vector<std::int64_t>{1, 3, 5}));
  auto kept = db.prepare("SELECT group_concat(seq || ':' || id) FROM api_keys");
  kept.step();
  EXPECT_EQ(kept.text(0), "1:key_0,2:key_1,3:key_2,4:key_3,5:key_4");
  EXPECT_EQ(count(db, "sqlite_schema WHERE name = 'api_keys_account'"), 0);
  EXPECT_EQ(count(db, "api_keys WHERE found_by_id = 0"), 5);
  // Keys made from now on are found by id, the earlier ones by the index on what was stored.
  expect_plans(db,
               {{"SELECT account_id, key_hash FROM api_keys WHERE id = ? AND found_by_id = 1 AND revoked_at IS NULL",
                 "USING INDEX sqlite_autoindex_api_keys_1 (id=?)"},
                {"SELECT account_id FROM api_keys WHERE key_hash = ? AND found_by_id = 0 AND revoked_at IS NULL",
                 "USING INDEX api_keys_key_hash (key_hash=?)"}},
               true);
  EXPECT_THROW(db.exec("INSERT INTO api_keys (id, account_id, name, key_hash, created_at) VALUES ('key_0', 'acc_a', 'k', x'ff', 't')"),
               StoreError);
  EXPECT_EQ(count(db, "account_index WHERE source = 'records'"), 2);
  EXPECT_EQ(count(db, "account_index WHERE source = 'records.action'"), 2);
  EXPECT_EQ(count(db, "sqlite_schema WHERE name = 'records_action'"), 0);
  EXPECT_EQ(seqs_of(query_records(db, by_action)), action_seqs);
  EXPECT_EQ(seqs_of(query_records(db, by_actor)), actor_seqs);
  EXPECT_THROW(db.exec("INSERT INTO account_index_marks (source, upto) VALUES ('records.other', 0)"), StoreError);
  EXPECT_THROW(db.exec("INSERT INTO account_index (source, owner, last_ref, first_ref, refs) "
                       "VALUES ('records.other', 'o', 1, 1, x'')"),
               StoreError);
}

TEST(AccountIndex, RowidListsRoundTrip) {
  const std::vector<std::vector<std::int64_t>> lists = {
      {7}, {1, 2, 3}, {5, 133, 134, 20000, 1LL << 40, (1LL << 62) + 5}, {0, 127, 128, 16511, 16512}};
  for (const auto& rowids : lists) EXPECT_EQ(decode_rowids(rowids.front(), encode_rowids(rowids)), rowids);
  EXPECT_EQ(encode_rowids({1, 2, 3}).size(), 2u) << "a byte per small step";
}

TEST_F(StoreTest, HotChecksAreEqualitiesAndStillRefuseBadValues) {
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  Db other(db_path(), OpenMode::read_write_create);
  auto schema = db.prepare("SELECT group_concat(sql, ';') FROM sqlite_schema WHERE name IN ('orders', 'ledger_entries', 'trades')");
  schema.step();
  const auto sql = schema.text(0);
  auto check = db.prepare("PRAGMA integrity_check");
  check.step();

  EXPECT_EQ(sql.find("status IN ("), std::string::npos) << sql;
  EXPECT_EQ(sql.find("bucket IN ("), std::string::npos) << sql;
  EXPECT_EQ(sql.find("time_in_force IN ("), std::string::npos) << sql;
  EXPECT_EQ(sql.find("delivery_mode IN ("), std::string::npos) << sql;
  EXPECT_NE(sql.find("status = 'open' OR status = 'partially_filled'"), std::string::npos) << sql;
  EXPECT_EQ(check.text(0), "ok");
  for (Db* conn : {&db, &other}) {
    const auto posting = [conn](const char* bucket) {
      conn->prepare(std::string("INSERT INTO ledger_entries (movement, kind, bucket, amount_fen, at) VALUES ('m', 'k', '") +
                    bucket + "', 1, 't')")
          .run();
    };
    EXPECT_NO_THROW(posting("outside_world"));
    EXPECT_THROW(posting("pocket"), StoreError);
  }
}

TEST_F(StoreTest, TheWalIsCopiedInTheBackgroundAndRestartedAtTheConfiguredLength) {
  // The longest the WAL grew, and the database file's size.
  const auto longest_wal = [this](int checkpoint_pages, int restart_pages) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    SequencerOptions options;
    options.checkpoint_pages = checkpoint_pages;
    options.wal_restart_pages = restart_pages;
    Sequencer seq(db_path(), fixed_clock(), options);
    for (int i = 0; i < 6000; ++i)
      seq.submit([i](Tx& tx) { return tx.record("a", "x", "s" + std::to_string(i), {{"pad", std::string(300, 'p')}}).seq > 0; },
                 [](bool) {});
    seq.stop();  // the connection stays open, so the WAL is as long as it grew
    const auto wal = fs::file_size(fs::path(db_path().string() + "-wal"));
    Db db(db_path(), OpenMode::read_only);
    EXPECT_EQ(count(db, "records"), 6000);
    EXPECT_FALSE(verify_chain(db));
    return std::pair{wal, fs::file_size(db_path())};
  };
  // 6,000 such commands fill a database of more than 2 MiB. Copied every 64 pages and restarted
  // at 256, the WAL stayed near 600 KiB; never copied (so never started again: SQLite also
  // restarts it once everything is copied), it holds every page written, the whole database.
  const auto [restarted, restarted_db] = longest_wal(64, 256);
  const auto [never, never_db] = longest_wal(100000, 100000);
  EXPECT_GT(restarted_db, 2u << 20);
  EXPECT_LT(restarted, 2u << 20);
  EXPECT_GT(never, never_db);
}

// Completions handed over from several threads at once run once each, each thread's in the order
// it handed them over, on the answering thread; finish() returns once all of them ran.
TEST_F(StoreTest, WalSyncRunsEveryCompletionOnceInOrderBeforeFinishReturns) {
  { Db db(db_path(), OpenMode::read_write_create); db.exec("PRAGMA journal_mode=WAL; CREATE TABLE t (x)"); }
  Db keep_open(db_path(), OpenMode::read_write_create);  // the -wal file stays while WalSync runs
  WalSync sync(fs::path(db_path().string() + "-wal"));
  constexpr int kThreads = 3, kEach = 2000;
  std::vector<std::vector<int>> ran(kThreads);
  std::thread::id runner;
  std::atomic<bool> one_runner{true};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i)
        sync.after_flush([&, t, i] {
          if (runner == std::thread::id()) runner = std::this_thread::get_id();
          if (runner != std::this_thread::get_id()) one_runner = false;
          ran[t].push_back(i);
        });
    });
  for (auto& th : threads) th.join();
  sync.finish();
  EXPECT_TRUE(one_runner);
  EXPECT_NE(runner, std::this_thread::get_id());
  std::vector<int> expected(kEach);
  std::iota(expected.begin(), expected.end(), 0);
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(ran[t], expected) << t;
  EXPECT_GE(sync.flushes(), 1u);
}

TEST_F(StoreTest, CommandsApplyInSubmissionOrder) {
  Sequencer seq(db_path(), fixed_clock());
  for (int i = 0; i < 50; ++i)
    seq.submit([i](Tx& tx) {
      tx.record("a", "n", std::to_string(i), json::object());
      return true;
    }, [](bool) {});
  seq.stop();
  Db db(db_path(), OpenMode::read_only);
  auto st = db.prepare("SELECT seq, subject FROM records ORDER BY seq");
  for (int i = 0; st.step(); ++i) EXPECT_EQ(st.text(1), std::to_string(i));
}

TEST_F(StoreTest, RefusedOrThrowingCommandLeavesNoTrace) {
  Sequencer seq(db_path(), fixed_clock());
  auto write = [](const char* id, bool keep, bool throws) {
    return [=](Tx& tx) {
      tx.db().exec(std::string("INSERT INTO sessions VALUES (x'") + crypto::hex(id) + "', 'acc', 't', 't')");
      tx.record("a", "write", id, json::object());
      if (throws) throw std::runtime_error("boom");
      return keep;
    };
  };
  // Foreign keys: make the account the sessions refer to.
  EXPECT_TRUE(apply_sync(seq, [](Tx& tx) {
    tx.db().exec("INSERT INTO accounts (id, email, password_hash, kind, display_name, jurisdiction, created_at) "
                 "VALUES ('acc', 'e', 'h', 'person', 'n', 'CN', 't')");
    return true;
  }));
  EXPECT_TRUE(apply_sync(seq, write("keep1", true, false)));
  EXPECT_FALSE(apply_sync(seq, write("refused", false, false)));
  EXPECT_FALSE(apply_sync(seq, write("thrown", true, true)));
  EXPECT_TRUE(apply_sync(seq, write("keep2", true, false)));
  seq.stop();
  Db db(db_path(), OpenMode::read_only);
  EXPECT_EQ(count(db, "sessions"), 2);
  EXPECT_EQ(count(db, "records"), 2);
  EXPECT_FALSE(verify_chain(db));  // contiguous seqs, intact chain
}

// Submits `commands` so that they all run in one batch (the sequencer is held in the batch before
// it) and returns their answers.
using Commands = std::vector<std::pair<Sequencer::Apply, Isolation>>;
std::vector<bool> run_as_one_batch(Sequencer& seq, const Commands& commands) {
  std::promise<void> started, release;
  seq.submit([&](Tx&) {
    started.set_value();
    release.get_future().wait();
    return false;
  }, [](bool) {});
  started.get_future().wait();
  std::vector<std::promise<bool>> answers(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i)
    seq.submit(commands[i].first, [&answers, i](bool ok) { answers[i].set_value(ok); },
               commands[i].second);
  release.set_value();
  std::vector<bool> out;
  for (auto& a : answers) out.push_back(a.get_future().get());
  return out;
}

// A command writing a session row named `id` and a record; `refuse` returns false after (or, with
// `before`, instead of) writing.
Sequencer::Apply session_write(std::string id, bool refuse = false, bool before = false,
                               bool throws = false) {
  return [=](Tx& tx) {
    if (refuse && before) return false;
    tx.db().exec("INSERT INTO sessions VALUES (x'" + crypto::hex(id) + "', 'acc', 't', 't')");
    tx.record("a", "write", id, json::object());
    if (throws) throw std::runtime_error("boom");
    return !refuse;
  };
}

const Sequencer::Apply make_account = [](Tx& tx) {
  tx.db().exec(
      "INSERT INTO accounts (id, email, password_hash, kind, display_name, jurisdiction, "
      "created_at) VALUES ('acc', 'e', 'h', 'person', 'n', 'CN', 't')");
  return true;
};

TEST_F(StoreTest, CommandsWithoutASavepointKeepTheirWritesOrRefuseBeforeWriting) {
  int rebuilds = 0;
  Sequencer seq(db_path(), fixed_clock(), {}, {}, [&rebuilds](Db&) { ++rebuilds; });
  ASSERT_TRUE(apply_sync(seq, make_account));

  const auto refused = session_write("refused", true, true);
  const auto answers = run_as_one_batch(seq, {{session_write("a"), Isolation::batch},
                                              {refused, Isolation::batch},
                                              {session_write("b", true), Isolation::savepoint},
                                              {session_write("c"), Isolation::batch}});
  seq.stop();

  EXPECT_EQ(answers, (std::vector<bool>{true, false, false, true}));
  EXPECT_EQ(rebuilds, 0);
  Db db(db_path(), OpenMode::read_only);
  auto st = db.prepare("SELECT subject FROM records ORDER BY seq");
  std::vector<std::string> subjects;
  while (st.step()) subjects.push_back(st.text(0));
  EXPECT_EQ(subjects, (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(count(db, "sessions"), 2);
  EXPECT_FALSE(verify_chain(db));
}

TEST_F(StoreTest, ACommandWithoutASavepointThatRefusesAfterWritingOrThrowsFailsItsWholeBatch) {
  for (const bool throws : {false, true}) {
    SCOPED_TRACE(throws ? "throws" : "refuses after writing");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    int rebuilds = 0;
    Sequencer seq(db_path(), fixed_clock(), {}, {}, [&rebuilds](Db&) { ++rebuilds; });
    ASSERT_TRUE(apply_sync(seq, make_account));

    const auto bad = session_write("bad", !throws, false, throws);
    const auto answers = run_as_one_batch(seq, {{session_write("a"), Isolation::savepoint},
                                                {bad, Isolation::batch},
                                                {session_write("c"), Isolation::batch}});
    const bool next = apply_sync(
        seq, [](Tx& tx) { return tx.record("a", "next", "s", json::object()).seq == 1; });
    seq.stop();

    EXPECT_EQ(answers, (std::vector<bool>{false, false, false}));
    EXPECT_EQ(rebuilds, 1);  // in-memory state is loaded again from the rolled-back database
    EXPECT_TRUE(next);       // the chain goes on from where the batch began
    Db db(db_path(), OpenMode::read_only);
    EXPECT_EQ(count(db, "sessions"), 0);
    EXPECT_EQ(count(db, "records"), 1);
    EXPECT_FALSE(verify_chain(db));
  }
}

TEST_F(StoreTest, DoneRunsOnlyOnceTheChangeIsVisibleToReaders) {
  Sequencer seq(db_path(), fixed_clock());
  ReadPool reads(db_path());
  std::atomic<int> seen{-1};
  std::promise<void> done;
  seq.submit([](Tx& tx) {
    tx.record("a", "x", "s", json::object());
    return true;
  }, [&](bool) {
    auto db = reads.acquire();
    seen = static_cast<int>(count(*db, "records"));
    done.set_value();
  });
  done.get_future().get();
  EXPECT_EQ(seen, 1);
}

TEST_F(StoreTest, ConcurrentSubmittersShareCommits) {
  Sequencer seq(db_path(), fixed_clock());
  constexpr int kThreads = 8, kEach = 200;
  std::atomic<int> durable{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        std::promise<void> p;
        seq.submit([](Tx& tx) {
          tx.record("a", "x", "s", json::object());
          return true;
        }, [&](bool ok) {
          durable += ok;
          p.set_value();
        });
        p.get_future().get();
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(durable, kThreads * kEach);
  EXPECT_EQ(seq.commands_committed(), static_cast<std::uint64_t>(kThreads * kEach));
  EXPECT_LT(seq.batches_committed(), seq.commands_committed());  // group commit happened
  seq.stop();
  Db db(db_path(), OpenMode::read_only);
  EXPECT_EQ(count(db, "records"), kThreads * kEach);
}

TEST_F(StoreTest, ReadersSeeEveryAnsweredCommandWhileTheWalIsCopiedAndRestarted) {
  // Tiny WAL lengths, so that checkpoints and restarts of the WAL happen many times meanwhile.
  SequencerOptions options;
  options.checkpoint_pages = 16;
  options.wal_restart_pages = 64;
  Sequencer seq(db_path(), fixed_clock(), options);
  ReadPool reads(db_path());
  constexpr int kThreads = 4, kEach = 300;
  std::atomic<int> answered{0}, unseen{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string subject = std::to_string(t) + "-" + std::to_string(i);
        std::promise<void> p;
        seq.submit([subject](Tx& tx) {
          tx.record("a", "x", subject, {{"padding", std::string(200, 'p')}});
          return true;
        }, [&, subject](bool ok) {
          answered += ok;
          auto db = reads.acquire();
          auto st = db->prepare("SELECT count(*) FROM records WHERE subject = ?");
          st.bind(1, subject);
          st.step();
          unseen += st.int64(0) != 1;
          p.set_value();
        });
        p.get_future().get();
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(answered, kThreads * kEach);
  EXPECT_EQ(unseen, 0);
  EXPECT_GT(seq.wal_flushes(), 0u);
  EXPECT_GT(seq.wal_checkpoints(), 0u);
  const auto wal_bytes = fs::file_size(fs::path(db_path().string() + "-wal"));
  seq.stop();
  Db db(db_path(), OpenMode::read_only);
  EXPECT_EQ(count(db, "records"), kThreads * kEach);
  EXPECT_FALSE(verify_chain(db));
  // Without restarts this run leaves about 10 MiB of WAL (each of some 300 commits rewrites a
  // dozen pages); restarted every 64 pages it stays a few hundred KiB.
  EXPECT_LT(wal_bytes, 2u << 20) << "the WAL was not started again from its beginning";
}

TEST_F(StoreTest, UpdatesAndDeletesOfWatchedTablesAdvanceTheEpochOnceCommitted) {
  SequencerOptions options;
  options.watched_tables = {"accounts", "sessions"};
  Sequencer seq(db_path(), fixed_clock(), options);
  const auto run = [&seq](const std::string& sql, bool keep = true) {
    return apply_sync(seq, [sql, keep](Tx& tx) {
      tx.db().exec(sql);
      return keep;
    });
  };
  const std::uint64_t start = seq.changes_epoch();
  // Inserts change no existing row: nothing cached from one can be wrong.
  ASSERT_TRUE(run("INSERT INTO accounts (id, email, password_hash, kind, display_name, jurisdiction, created_at) "
                  "VALUES ('acc', 'e', 'h', 'person', 'n', 'CN', 't')"));
  ASSERT_TRUE(run("INSERT INTO sessions VALUES (x'01', 'acc', 't', 't')"));
  EXPECT_EQ(seq.changes_epoch(), start);
  ASSERT_TRUE(run("UPDATE accounts SET suspended = 1 WHERE id = 'acc'"));
  EXPECT_EQ(seq.changes_epoch(), start + 1);
  ASSERT_TRUE(run("DELETE FROM sessions WHERE token_hash = x'01'"));
  EXPECT_EQ(seq.changes_epoch(), start + 2);
  ASSERT_TRUE(run("UPDATE tree_heads SET root_hash = root_hash WHERE 0"));  // not watched
  EXPECT_EQ(seq.changes_epoch(), start + 2);
}

TEST_F(StoreTest, StopDrainsTheQueueAndLaterSubmissionsFail) {
  Sequencer seq(db_path(), fixed_clock());
  std::atomic<int> durable{0};
  for (int i = 0; i < 100; ++i)
    seq.submit([](Tx& tx) {
      tx.record("a", "x", "s", json::object());
      return true;
    }, [&](bool ok) { durable += ok; });
  seq.stop();
  EXPECT_EQ(durable, 100);
  bool after = true;
  seq.submit([](Tx&) { return true; }, [&](bool ok) { after = ok; });
  EXPECT_FALSE(after);
}

TEST_F(StoreTest, DataSurvivesReopening) {
  {
    Sequencer seq(db_path(), fixed_clock());
    EXPECT_TRUE(apply_sync(seq, [](Tx& tx) {
      tx.record("a", "x", "s", json::object());
      return true;
    }));
  }
  Sequencer again(db_path(), fixed_clock());
  EXPECT_TRUE(apply_sync(again, [](Tx& tx) { return tx.record("a", "y", "s", json::object()).seq == 2; }));
}

TEST_F(StoreTest, RunDeliversValueErrorOrUnavailable) {
  Sequencer seq(db_path(), fixed_clock());
  auto run = [&seq](std::function<Result<int>(Tx&)> fn) {
    std::promise<Result<int>> p;
    seq.run<int>(fn, [&p](Result<int> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  };
  auto value = run([](Tx&) { return Result<int>(7); });
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 7);
  auto error = run([](Tx&) { return Result<int>(make_error(Errc::email_taken, "taken")); });
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.error().code, Errc::email_taken);
  seq.stop();
  auto unavailable = run([](Tx&) { return Result<int>(1); });
  ASSERT_FALSE(unavailable.ok());
  EXPECT_EQ(unavailable.error().code, Errc::unavailable);
}

TEST_F(StoreTest, RunAnswersUnavailableWhenTheCommandThrows) {
  Sequencer seq(db_path(), fixed_clock());
  std::promise<Result<int>> p;
  seq.run<int>([](Tx&) -> Result<int> { throw std::logic_error("a bug in a command"); },
               [&p](Result<int> r) { p.set_value(std::move(r)); });
  const auto r = p.get_future().get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
}

TEST_F(StoreTest, AFailedCommitAnswersTheWholeBatchUnavailableAndTheChainGoesOn) {
  // Arrange: hold the sequencer in a first batch so the next two commands share one batch.
  Sequencer seq(db_path(), fixed_clock());
  std::promise<void> started, release;
  std::promise<bool> first;
  seq.submit([&](Tx& tx) {
    started.set_value();
    release.get_future().wait();
    tx.record("a", "first", "s", json::object());
    return true;
  }, [&](bool ok) { first.set_value(ok); });
  started.get_future().wait();
  std::promise<Result<int>> kept;
  seq.run<int>([](Tx& tx) {
    tx.record("a", "kept", "s", json::object());
    return Result<int>(7);
  }, [&kept](Result<int> r) { kept.set_value(std::move(r)); });
  // A deferred foreign key is checked only at COMMIT, which it makes fail.
  std::promise<bool> dangling;
  seq.submit([](Tx& tx) {
    tx.db().exec("PRAGMA defer_foreign_keys = ON; INSERT INTO sessions VALUES (x'01', 'nobody', 't', 't')");
    tx.record("a", "dangling", "s", json::object());
    return true;
  }, [&](bool ok) { dangling.set_value(ok); });

  // Act
  release.set_value();
  const bool first_ok = first.get_future().get();
  const auto kept_result = kept.get_future().get();
  const bool dangling_ok = dangling.get_future().get();
  const bool next_ok = apply_sync(seq, [](Tx& tx) { return tx.record("a", "next", "s", json::object()).seq == 2; });
  seq.stop();

  // Assert
  EXPECT_TRUE(first_ok);
  ASSERT_FALSE(kept_result.ok());
  EXPECT_EQ(kept_result.error().code, Errc::unavailable);
  EXPECT_FALSE(dangling_ok);
  EXPECT_TRUE(next_ok);
  Db db(db_path(), OpenMode::read_only);
  EXPECT_EQ(count(db, "records"), 2);
  EXPECT_EQ(count(db, "sessions"), 0);
  EXPECT_FALSE(verify_chain(db));
}

TEST_F(StoreTest, ABatchSizeOfZeroStillAppliesCommands) {
  Sequencer seq(db_path(), fixed_clock(), SequencerOptions{0, {}});
  EXPECT_TRUE(apply_sync(seq, [](Tx& tx) { return tx.record("a", "x", "s", json::object()).seq == 1; }));
}

// Whether this process has one of SQLite's temporary files open (the unix VFS names them
// "etilqs_..."; they are unlinked at once, so only /proc/self/fd still shows them).
bool sqlite_temp_file_open() {
  for (const auto& fd : fs::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const auto target = fs::read_symlink(fd.path(), ec);
    if (!ec && target.string().find("etilqs_") != std::string::npos) return true;
  }
  return false;
}

// A command that changes far more than 64 KiB of pages inside its savepoint: SQLite keeps the
// pages' first images in memory rather than writing them to a temporary file (db.cpp).
TEST_F(StoreTest, ACommandsSavepointJournalStaysInMemory) {
  Sequencer seq(db_path(), fixed_clock());
  bool temp_file = true;
  EXPECT_TRUE(apply_sync(seq, [&temp_file](Tx& tx) {
    tx.db().exec("CREATE TABLE big (v TEXT)");
    auto ins = tx.db().prepare("INSERT INTO big VALUES (?)");
    for (int i = 0; i < 300; ++i) {
      ins.bind(1, std::string(900, static_cast<char>('a' + i % 26))).run();
      ins.reset();
    }
    tx.db().exec("UPDATE big SET v = upper(v)");  // every page changed again, still in the savepoint
    temp_file = sqlite_temp_file_open();
    return true;
  }));
  EXPECT_FALSE(temp_file);
}

TEST_F(StoreTest, ReadPoolSeesCommitsAfterAHalfReadStatement) {
  Sequencer seq(db_path(), fixed_clock());
  ReadPool reads(db_path());
  apply_sync(seq, [](Tx& tx) {
    tx.record("a", "x", "s", json::object());
    tx.record("a", "x", "s", json::object());
    return true;
  });
  {
    auto db = reads.acquire();
    auto& st = db->cached("SELECT seq FROM records ORDER BY seq");
    ASSERT_TRUE(st.step());  // left mid-result
  }
  apply_sync(seq, [](Tx& tx) {
    tx.record("a", "x", "s", json::object());
    return true;
  });
  auto db = reads.acquire();
  EXPECT_EQ(count(*db, "records"), 3);
}

// MTH straight from RFC 9162 2.1.1, over in-memory leaves.
merkle::Hash naive_root(const std::vector<std::string>& leaves, std::size_t b, std::size_t e) {
  if (e == b) return crypto::sha256("");
  if (e - b == 1) return merkle::leaf_hash(leaves[b]);
  std::size_t k = 1;
  while (k * 2 < e - b) k *= 2;
  return merkle::node_hash(naive_root(leaves, b, b + k), naive_root(leaves, b + k, e));
}

TEST(Merkle, FrontierRootsAndStoredSubtreesAgreeWithTheRfcDefinition) {
  std::vector<std::string> leaves;
  merkle::Frontier f;
  std::map<std::pair<int, std::uint64_t>, merkle::Hash> nodes;
  auto subtree = [&nodes](int level, std::uint64_t index) { return nodes.at({level, index}); };
  for (int n = 1; n <= 70; ++n) {
    leaves.push_back("leaf " + std::to_string(n));
    for (const auto& node : f.append(leaves.back())) nodes[{node.level, node.index}] = node.hash;
    const auto expected = naive_root(leaves, 0, leaves.size());
    ASSERT_EQ(f.root(), expected) << n;
    ASSERT_EQ(merkle::root(leaves.size(), subtree), expected) << n;
  }
  EXPECT_EQ(merkle::Frontier{}.root(), crypto::sha256(""));
}

TEST(Merkle, EveryProofVerifiesAndAWrongLeafDoesNot) {
  std::vector<std::string> leaves;
  merkle::Frontier f;
  std::map<std::pair<int, std::uint64_t>, merkle::Hash> nodes;
  auto subtree = [&nodes](int level, std::uint64_t index) { return nodes.at({level, index}); };
  for (int n = 1; n <= 33; ++n) {
    leaves.push_back(std::to_string(n));
    for (const auto& node : f.append(leaves.back())) nodes[{node.level, node.index}] = node.hash;
  }
  for (std::uint64_t size = 1; size <= leaves.size(); ++size) {
    const auto root = merkle::root(size, subtree);
    for (std::uint64_t i = 0; i < size; ++i) {
      const auto path = merkle::inclusion_path(i, size, subtree);
      EXPECT_TRUE(merkle::verify_inclusion(i, size, merkle::leaf_hash(leaves[i]), path, root)) << i << "/" << size;
      EXPECT_FALSE(merkle::verify_inclusion(i, size, merkle::leaf_hash("x"), path, root));
    }
    for (std::uint64_t first = 1; first <= size; ++first) {
      const auto path = merkle::consistency_path(first, size, subtree);
      EXPECT_TRUE(merkle::verify_consistency(first, size, merkle::root(first, subtree), root, path))
          << first << "->" << size;
    }
  }
}

TEST_F(StoreTest, TreeNodesAreRebuiltForALogWrittenWithoutThem) {
  {
    Sequencer seq(db_path(), fixed_clock());
    for (int i = 0; i < 5; ++i)
      apply_sync(seq, [](Tx& tx) { return tx.record("a", "x", "s", json::object()).seq > 0; });
  }
  const auto before = [&] {
    Db db(db_path(), OpenMode::read_only);
    return merkle::root(5, [&db](int l, std::uint64_t i) { return subtree_hash(db, l, i); });
  }();
  {
    Db db(db_path(), OpenMode::read_write_create);
    db.exec("DROP TRIGGER merkle_subtrees_no_delete; DELETE FROM merkle_subtrees;");
    auto head = load_chain_head(db);
    EXPECT_EQ(head.frontier.size, 5u);
    EXPECT_EQ(head.frontier.root(), before);
  }
}

TEST_F(StoreTest, TreeNodesKeyedByLevelAreMovedByMigrationSeven) {
  // Arrange: 37 records, then the tree put back in the layout of migrations 3 to 6.
  {
    Sequencer seq(db_path(), fixed_clock());
    for (int i = 0; i < 37; ++i)
      apply_sync(seq, [](Tx& tx) { return tx.record("a", "x", "s", json::object()).seq > 0; });
  }
  const auto root_of = [](Db& db, std::uint64_t size) {
    return merkle::root(size, [&db](int l, std::uint64_t i) { return subtree_hash(db, l, i); });
  };
  merkle::Hash before;
  {
    Db db(db_path(), OpenMode::read_write_create);
    before = root_of(db, 37);
    db.exec(R"sql(
      CREATE TABLE merkle_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
                                 PRIMARY KEY (level, idx)) WITHOUT ROWID;
      INSERT INTO merkle_nodes SELECT level, ((last_leaf + 1) >> level) - 1, hash FROM merkle_subtrees;
      DROP TABLE merkle_subtrees;
      DROP TABLE account_index;
      DROP TABLE account_index_marks;
      CREATE INDEX orders_account ON orders(account_id, seq);
      CREATE INDEX records_actor ON records(actor, seq);
      CREATE INDEX ledger_entries_owner ON ledger_entries(owner, id);
      CREATE INDEX records_action ON records(action, seq);
      CREATE INDEX api_keys_account ON api_keys(account_id, created_at);
      ALTER TABLE offers DROP COLUMN call_quota;
      ALTER TABLE offers DROP COLUMN rate_limit_per_s;
      DROP TABLE gateway_batch_items;
      DROP TABLE gateway_batches;
      DROP TABLE gateway_usage;
      ALTER TABLE offers DROP COLUMN job_quota;
      DROP TABLE compute_datasets;
      DROP TABLE compute_jobs;
      PRAGMA user_version = 6;)sql");
  }
  // Act
  Db db(db_path(), OpenMode::read_write_create);
  migrate(db);
  // Assert: the same tree, every node moved, appending goes on from it.
  EXPECT_EQ(root_of(db, 37), before);
  EXPECT_EQ(count(db, "merkle_subtrees"), 2 + 1);  // every stored subtree (16 leaves and more)
  EXPECT_THROW(count(db, "merkle_nodes"), StoreError);
  auto head = load_chain_head(db);
  EXPECT_EQ(head.frontier.size, 37u);
  EXPECT_EQ(head.frontier.root(), before);
}


TEST_F(StoreTest, AThrowingCommandCostsNoRebuildWhenMemoryDidNotMove) {
  int rebuilds = 0;
  std::uint64_t version = 0;
  Sequencer seq(db_path(), fixed_clock(), {}, {}, [&rebuilds](Db&) { ++rebuilds; }, [&version] { return version; });
  ASSERT_TRUE(apply_sync(seq, make_account));
  const auto answers = run_as_one_batch(seq, {{session_write("a"), Isolation::savepoint},
                                              {session_write("bad", false, false, true), Isolation::savepoint},
                                              {session_write("c"), Isolation::savepoint}});
  EXPECT_EQ(answers, (std::vector<bool>{true, false, true})) << "the others of its batch commit";
  EXPECT_EQ(rebuilds, 0);
  // A command that changed memory before throwing has it loaded again.
  EXPECT_FALSE(apply_sync(seq, [&version](Tx& tx) -> bool {
    ++version;
    tx.record("a", "moved", "m", json::object());
    throw std::runtime_error("boom after a change");
  }));
  seq.stop();
  EXPECT_EQ(rebuilds, 1);
  Db db(db_path(), OpenMode::read_only);
  EXPECT_EQ(count(db, "sessions"), 2);
  EXPECT_FALSE(verify_chain(db));
}

TEST_F(StoreTest, RollbackActionsRunWhenTheCommandOrItsBatchIsRolledBackAndOnlyThen) {
  Sequencer seq(db_path(), fixed_clock());
  ASSERT_TRUE(apply_sync(seq, make_account));
  std::vector<std::string> undone;
  auto with_undo = [&undone](std::string id, bool throws) -> Sequencer::Apply {
    return [&undone, id, throws](Tx& tx) {
      tx.on_rollback([&undone, id] { undone.push_back(id); });
      tx.record("a", "write", id, json::object());
      if (throws) throw std::runtime_error("boom");
      return true;
    };
  };
  // Kept: nothing undone. Thrown in its savepoint: its own action only.
  auto answers = run_as_one_batch(seq, {{with_undo("kept", false), Isolation::savepoint},
                                        {with_undo("thrown", true), Isolation::savepoint}});
  EXPECT_EQ(answers, (std::vector<bool>{true, false}));
  EXPECT_EQ(undone, (std::vector<std::string>{"thrown"}));
  // A batch that fails as a whole undoes what its kept commands did too, newest first.
  undone.clear();
  answers = run_as_one_batch(seq, {{with_undo("first", false), Isolation::savepoint},
                                   {with_undo("second", false), Isolation::savepoint},
                                   {session_write("bad", false, false, true), Isolation::batch}});
  seq.stop();
  EXPECT_EQ(answers, (std::vector<bool>{false, false, false}));
  EXPECT_EQ(undone, (std::vector<std::string>{"second", "first"}));
}

}  // namespace
}  // namespace dx::store
