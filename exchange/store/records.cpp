#include "store/records.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "store/account_index.hpp"
#include "store/db.hpp"

namespace dx::store {

namespace {

// As nlohmann's dump writes `s`, refusing invalid UTF-8. Printable ASCII other than the quote and
// the backslash is written as it is, which is all an id, an action or a time holds; anything else
// goes through nlohmann.
void append_json_string(std::string& out, const std::string& s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  if (!plain) {
    out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

}  // namespace

std::string canonical_leaf_of_text(std::int64_t seq, const std::string& at, const std::string& actor,
                                   const std::string& action, const std::string& subject,
                                   std::string_view data_json) {
  // The dump of the object {"action", "actor", "at", "data", "seq", "subject"} (nlohmann::json
  // keeps keys sorted, so its dump is the canonical form), put together without building it.
  std::string leaf;
  leaf.reserve(96 + at.size() + actor.size() + action.size() + subject.size() + data_json.size());
  leaf += "{\"action\":";
  append_json_string(leaf, action);
  leaf += ",\"actor\":";
  append_json_string(leaf, actor);
  leaf += ",\"at\":";
  append_json_string(leaf, at);
  leaf += ",\"data\":";
  leaf += data_json;
  leaf += ",\"seq\":";
  leaf += std::to_string(seq);
  leaf += ",\"subject\":";
  append_json_string(leaf, subject);
  leaf += '}';
  return leaf;
}

std::string canonical_leaf(std::int64_t seq, const std::string& at, const std::string& actor,
                           const std::string& action, const std::string& subject,
                           const nlohmann::json& data) {
  if (!data.is_object()) throw std::invalid_argument("record data must be a JSON object");
  return canonical_leaf_of_text(seq, at, actor, action, subject,
                                data.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict));
}

namespace {

// Subtrees of 2^kLowestStoredLevel leaves and larger are stored: one node per eight records.
// Smaller ones are computed from the records when a proof or the tree's edge needs them (at most
// 2^kLowestStoredLevel - 1 leaves read per proof), instead of storing two nodes per record.
constexpr int kLowestStoredLevel = 4;

// The SQL of the statements used on every append or proof: static so that looking up the cached
// statement does not build a std::string (a heap allocation) each time.
// Subtree (level L, index i) covers leaves i*2^L .. (i+1)*2^L - 1 and is keyed by the last one.
const std::string kInsertNode = "INSERT INTO merkle_subtrees (last_leaf, level, hash) VALUES (?, ?, ?)";
const std::string kSelectNode = "SELECT hash FROM merkle_subtrees WHERE last_leaf = ? AND level = ?";
const std::string kSelectRecords =
    "SELECT seq, at, actor, action, subject, data, leaf, hash FROM records WHERE seq > ? ORDER BY seq LIMIT ?";
const std::string kTreeSize = "SELECT coalesce(max(seq), 0) FROM records";
const std::string kFirstAtOrAfter = "SELECT at FROM records WHERE seq >= ? ORDER BY seq LIMIT 1";
// The leaf is stored empty: it is the canonical form of the other columns (read_record).
const std::string kInsertRecord =
    "INSERT INTO records (seq, at, actor, action, subject, data, leaf, hash) VALUES (?, ?, ?, ?, ?, ?, X'', ?)";

std::int64_t last_leaf(int level, std::uint64_t index) {
  return static_cast<std::int64_t>(((index + 1) << level) - 1);
}

void insert_nodes(Db& db, const std::vector<merkle::Frontier::Node>& nodes) {
  for (const auto& n : nodes) {
    if (n.level < kLowestStoredLevel) continue;
    auto& st = db.cached(kInsertNode);
    st.bind(1, last_leaf(n.level, n.index)).bind(2, n.level).bind_blob_borrowed(3, n.hash).run();
    st.reset();
  }
}

// The leaves covered by the stored subtrees: the last leaf of the last one, + 1 (one seek in the
// primary key). Every leaf before it is covered; the few after it are only in the records.
std::uint64_t stored_leaves(Db& db) {
  auto st = db.prepare("SELECT coalesce(max(last_leaf) + 1, 0) FROM merkle_subtrees");
  st.step();
  return static_cast<std::uint64_t>(st.int64(0));
}

// The hash of a subtree too small to be stored, from its records.
merkle::Hash computed_subtree(Db& db, int level, std::uint64_t index) {
  const std::uint64_t count = std::uint64_t{1} << level;
  auto& st = db.cached(kSelectRecords);
  st.bind(1, static_cast<std::int64_t>(index << level)).bind(2, static_cast<std::int64_t>(count));
  std::vector<merkle::Hash> hashes;
  hashes.reserve(count);
  while (st.step()) hashes.push_back(merkle::leaf_hash(read_record(st).leaf));
  st.reset();
  if (hashes.size() != count)
    throw StoreError("missing record under Merkle node " + std::to_string(level) + "/" + std::to_string(index), 0);
  for (; hashes.size() > 1; hashes.resize(hashes.size() / 2))
    for (std::size_t i = 0; i < hashes.size() / 2; ++i) hashes[i] = merkle::node_hash(hashes[2 * i], hashes[2 * i + 1]);
  return hashes.front();
}

// Appends the records after the first `from` to the frontier, storing the subtrees they complete
// (none for a log written by append_record, whose stored nodes end fewer than 2^kLowestStoredLevel
// records before its end; all of them for a log written before the tree existed).
void extend_tree(Db& db, merkle::Frontier& frontier, std::uint64_t from) {
  db.exec("BEGIN IMMEDIATE");
  try {
    auto st = db.prepare("SELECT seq, at, actor, action, subject, data, leaf, hash FROM records WHERE seq > ? ORDER BY seq");
    st.bind(1, static_cast<std::int64_t>(from));
    while (st.step()) insert_nodes(db, frontier.append(read_record(st).leaf));
  } catch (...) {
    // The connection must not stay inside the transaction. A failing ROLLBACK (SQLite may have
    // rolled back already) must not hide the error that caused it.
    try {
      db.exec("ROLLBACK");
    } catch (const StoreError&) {
    }
    throw;
  }
  db.exec("COMMIT");
}

// The first seq from `seq` on and its time; nullopt past the end.
std::optional<std::string> at_of_first(Db& db, std::int64_t seq) {
  auto& st = db.cached(kFirstAtOrAfter);
  st.bind(1, seq);
  std::optional<std::string> at;
  if (st.step()) at = st.text(0);
  st.reset();
  return at;
}

// The first seq whose time is at or after `bound` (after it when `strictly`), or size + 1. Record
// times never decrease along seq (the sequencer's clock only moves forward), so this bisects seq
// where an index on the time would cost a B-tree insert on every record.
std::int64_t first_seq_from(Db& db, const std::string& bound, bool strictly) {
  std::int64_t lo = 1, hi = tree_size(db) + 1;
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    const auto at = at_of_first(db, mid);
    if (at && (strictly ? *at > bound : *at >= bound))
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

}  // namespace

Record read_record(const Stmt& st) {
  Record r{st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.blob(6), st.blob(7)};
  if (r.leaf.empty()) r.leaf = canonical_leaf_of_text(r.seq, r.at, r.actor, r.action, r.subject, r.data);
  return r;
}

merkle::Hash subtree_hash(Db& db, int level, std::uint64_t index) {
  if (level < kLowestStoredLevel) return computed_subtree(db, level, index);
  auto& st = db.cached(kSelectNode);
  st.bind(1, last_leaf(level, index)).bind(2, level);
  if (!st.step()) {
    st.reset();
    throw StoreError("missing Merkle node " + std::to_string(level) + "/" + std::to_string(index), 0);
  }
  auto h = st.blob(0);
  st.reset();
  return h;
}

std::int64_t tree_size(Db& db) {
  auto& st = db.cached(kTreeSize);
  st.step();
  const auto n = st.int64(0);
  st.reset();
  return n;
}

ChainHead load_chain_head(Db& db) {
  auto st = db.prepare("SELECT seq, hash, at FROM records ORDER BY seq DESC LIMIT 1");
  ChainHead head;
  if (st.step()) {
    head.seq = st.int64(0);
    head.hash = st.blob(1);
    head.at = st.text(2);
  }
  // The right edge after the stored subtrees: at each level with an odd count of complete
  // subtrees, the last one waits. Then the records after them.
  const auto n = stored_leaves(db);
  head.frontier.size = n;
  for (int level = 0; (n >> level) > 0; ++level) {
    head.frontier.pending.emplace_back();
    if ((n >> level) & 1) head.frontier.pending.back() = subtree_hash(db, level, (n >> level) - 1);
  }
  if (static_cast<std::int64_t>(n) < head.seq) extend_tree(db, head.frontier, n);
  return head;
}

Record append_record(Db& db, ChainHead& head, TimePoint at, const std::string& actor,
                     const std::string& action, const std::string& subject,
                     const nlohmann::json& data) {
  return append_record(db, head, to_rfc3339(at), actor, action, subject, data);
}

Record append_record(Db& db, ChainHead& head, const std::string& at, const std::string& actor,
                     const std::string& action, const std::string& subject,
                     const nlohmann::json& data) {
  if (!data.is_object()) throw std::invalid_argument("record data must be a JSON object");
  return append_record_text(db, head, at, actor, action, subject,
                            data.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict));
}

Record append_record_text(Db& db, ChainHead& head, const std::string& at, const std::string& actor,
                          const std::string& action, const std::string& subject, std::string data_text) {
  Record r;
  r.seq = head.seq + 1;
  r.at = at;
  r.actor = actor;
  r.action = action;
  r.subject = subject;
  r.data = std::move(data_text);
  r.leaf = canonical_leaf_of_text(r.seq, r.at, actor, action, subject, r.data);
  r.hash = crypto::sha256(head.hash + r.leaf);
  auto& st = db.cached(kInsertRecord);
  st.bind(1, r.seq).bind_borrowed(2, r.at).bind_borrowed(3, r.actor).bind_borrowed(4, r.action);
  st.bind_borrowed(5, r.subject).bind_borrowed(6, r.data).bind_blob_borrowed(7, r.hash);
  st.run();
  st.reset();
  insert_nodes(db, head.frontier.append(r.leaf));
  head.seq = r.seq;
  head.hash = r.hash;
  head.at = r.at;
  return r;
}

std::vector<Record> query_records(Db& db, const RecordQuery& q) {
  std::int64_t after = q.after_seq, before = std::numeric_limits<std::int64_t>::max();
  if (q.from_at) after = std::max(after, first_seq_from(db, *q.from_at, false) - 1);
  if (q.to_at) before = first_seq_from(db, *q.to_at, true);
  const int limit = std::clamp(q.limit, 1, 500);
  // A subject's records are found through its index; failing a subject, an actor's or an
  // action's through the account index (store/account_index.hpp), by the first the query names.
  struct Filter {
    const std::optional<std::string>* value;
    const char* condition;
    std::optional<Owned> listed_by;
  };
  const Filter filters[] = {{&q.actor, " AND t.actor = ?", Owned::records_by_actor},
                            {&q.action, " AND t.action = ?", Owned::records_by_action},
                            {&q.subject, " AND t.subject = ?", std::nullopt},
                            {&q.from_at, " AND t.at >= ?", std::nullopt},
                            {&q.to_at, " AND t.at <= ?", std::nullopt}};
  const Filter* listed = nullptr;
  if (!q.subject)
    for (const auto& f : filters)
      if (*f.value && f.listed_by) {
        listed = &f;
        break;
      }
  // The other filters, their parameters numbered from `first` on.
  const auto conditions = [&](int first) {
    std::string sql;
    for (const auto& f : filters)
      if (*f.value && &f != listed) sql += f.condition + std::to_string(first++);
    return sql;
  };
  const auto bind_filters = [&](Stmt& st, int first) {
    for (const auto& f : filters)
      if (*f.value && &f != listed) st.bind(first++, **f.value);
  };
  std::vector<Record> out;
  if (listed) {
    OwnedQuery owned;
    owned.owner = **listed->value;
    owned.after = after;
    owned.before = before;
    owned.limit = limit;
    // Appended rather than "1" + conditions(6): GCC 12 at -O3 reports a false -Wrestrict for that.
    owned.where = "1";
    owned.where += conditions(6);
    owned.bind = [&bind_filters](Stmt& st) { bind_filters(st, 6); };
    const auto seqs = owned_rows(db, *listed->listed_by, owned);
    auto& st = db.cached(kSelectRecords);
    for (const auto seq : seqs) {
      st.bind(1, seq - 1).bind(2, 1);
      if (st.step()) out.push_back(read_record(st));
      st.reset();
    }
    return out;
  }
  auto& st = db.cached("SELECT seq, at, actor, action, subject, data, leaf, hash FROM records t WHERE seq > ?1 AND "
                       "seq < ?2" + conditions(4) + " ORDER BY seq LIMIT ?3");
  st.bind(1, after).bind(2, before).bind(3, limit);
  bind_filters(st, 4);
  while (st.step()) out.push_back(read_record(st));
  st.reset();
  return out;
}

std::optional<std::int64_t> verify_chain(Db& db) {
  auto st = db.prepare("SELECT seq, at, actor, action, subject, data, leaf, hash FROM records ORDER BY seq");
  std::string prev(32, '\0');
  std::int64_t expected = 1;
  while (st.step()) {
    const std::int64_t seq = st.int64(0);
    if (seq != expected) return expected;
    auto data = nlohmann::json::parse(st.text(5), nullptr, false);
    if (data.is_discarded() || !data.is_object()) return seq;
    const auto leaf = canonical_leaf(seq, st.text(1), st.text(2), st.text(3), st.text(4), data);
    if (const auto stored = st.blob(6); !stored.empty() && leaf != stored) return seq;
    prev = crypto::sha256(prev + leaf);
    if (prev != st.blob(7)) return seq;
    ++expected;
  }
  return std::nullopt;
}

}  // namespace dx::store
