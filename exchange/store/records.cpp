#include "store/records.hpp"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "store/db.hpp"

namespace dx::store {

namespace {

void append_json_string(std::string& out, const std::string& s) {
  out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
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

// The SQL of the statements used on every append or proof: static so that looking up the cached
// statement does not build a std::string (a heap allocation) each time.
// Subtree (level L, index i) covers leaves i*2^L .. (i+1)*2^L - 1 and is keyed by the last one.
const std::string kInsertNode = "INSERT INTO merkle_subtrees (last_leaf, level, hash) VALUES (?, ?, ?)";
const std::string kSelectNode = "SELECT hash FROM merkle_subtrees WHERE last_leaf = ? AND level = ?";

std::int64_t last_leaf(int level, std::uint64_t index) {
  return static_cast<std::int64_t>(((index + 1) << level) - 1);
}
const std::string kTreeSize = "SELECT coalesce(max(seq), 0) FROM records";
const std::string kInsertRecord =
    "INSERT INTO records (seq, at, actor, action, subject, data, leaf, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

void insert_nodes(Db& db, const std::vector<merkle::Frontier::Node>& nodes) {
  auto& st = db.cached(kInsertNode);
  for (const auto& n : nodes) {
    st.bind(1, last_leaf(n.level, n.index)).bind(2, n.level).bind_blob(3, n.hash).run();
    st.reset();
  }
}

// Leaves are appended with contiguous indexes from 0 and each has its level-0 node, which is the
// last node completed by it: the count is the largest key + 1, one seek in the primary key where
// count(*) would walk every node at start-up.
std::int64_t leaf_nodes(Db& db) {
  auto st = db.prepare("SELECT coalesce(max(last_leaf) + 1, 0) FROM merkle_subtrees");
  st.step();
  return st.int64(0);
}

// Builds the nodes for the records that have none yet, in one transaction.
void build_missing_nodes(Db& db, merkle::Frontier& frontier, std::int64_t from_seq) {
  db.exec("BEGIN IMMEDIATE");
  try {
    auto st = db.prepare("SELECT leaf FROM records WHERE seq > ? ORDER BY seq");
    st.bind(1, from_seq);
    while (st.step()) insert_nodes(db, frontier.append(st.blob(0)));
  } catch (...) {
    // The connection must not stay inside the transaction. A failing ROLLBACK (SQLite may have
    // rolled back already) must not hide the error that caused it.
    try {
      db.exec("ROLLBACK");
    } catch (const Error&) {
    }
    throw;
  }
  db.exec("COMMIT");
}

}  // namespace

merkle::Hash subtree_hash(Db& db, int level, std::uint64_t index) {
  auto& st = db.cached(kSelectNode);
  st.bind(1, last_leaf(level, index)).bind(2, level);
  if (!st.step()) {
    st.reset();
    throw Error("missing Merkle node " + std::to_string(level) + "/" + std::to_string(index), 0);
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
  auto st = db.prepare("SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1");
  ChainHead head;
  if (st.step()) {
    head.seq = st.int64(0);
    head.hash = st.blob(1);
  }
  const auto n = static_cast<std::uint64_t>(leaf_nodes(db));
  // The right edge: at each level with an odd count of complete subtrees, the last one waits.
  head.frontier.size = n;
  for (int level = 0; (n >> level) > 0; ++level) {
    head.frontier.pending.emplace_back();
    if ((n >> level) & 1) head.frontier.pending.back() = subtree_hash(db, level, (n >> level) - 1);
  }
  if (static_cast<std::int64_t>(n) < head.seq) build_missing_nodes(db, head.frontier, static_cast<std::int64_t>(n));
  return head;
}

Record append_record(Db& db, ChainHead& head, TimePoint at, const std::string& actor,
                     const std::string& action, const std::string& subject,
                     const nlohmann::json& data) {
  Record r;
  r.seq = head.seq + 1;
  r.at = to_rfc3339(at);
  r.actor = actor;
  r.action = action;
  r.subject = subject;
  if (!data.is_object()) throw std::invalid_argument("record data must be a JSON object");
  r.data = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  r.leaf = canonical_leaf_of_text(r.seq, r.at, actor, action, subject, r.data);
  r.hash = crypto::sha256(head.hash + r.leaf);
  auto& st = db.cached(kInsertRecord);
  st.bind(1, r.seq).bind(2, r.at).bind(3, r.actor).bind(4, r.action).bind(5, r.subject).bind(6, r.data);
  st.bind_blob(7, r.leaf).bind_blob(8, r.hash);
  st.run();
  st.reset();
  insert_nodes(db, head.frontier.append(r.leaf));
  head.seq = r.seq;
  head.hash = r.hash;
  return r;
}

std::vector<Record> query_records(Db& db, const RecordQuery& q) {
  std::string sql = "SELECT seq, at, actor, action, subject, data, leaf, hash FROM records WHERE seq > ?";
  if (q.subject) sql += " AND subject = ?";
  if (q.actor) sql += " AND actor = ?";
  if (q.action) sql += " AND action = ?";
  if (q.from_at) sql += " AND at >= ?";
  if (q.to_at) sql += " AND at <= ?";
  sql += " ORDER BY seq LIMIT ?";
  auto& st = db.cached(sql);
  int i = 1;
  st.bind(i++, q.after_seq);
  for (const auto* v : {&q.subject, &q.actor, &q.action, &q.from_at, &q.to_at})
    if (*v) st.bind(i++, **v);
  st.bind(i, std::clamp(q.limit, 1, 500));
  std::vector<Record> out;
  while (st.step())
    out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.blob(6), st.blob(7)});
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
    if (leaf != st.blob(6)) return seq;
    prev = crypto::sha256(prev + leaf);
    if (prev != st.blob(7)) return seq;
    ++expected;
  }
  return std::nullopt;
}

}  // namespace dx::store
