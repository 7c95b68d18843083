#include "store/account_index.hpp"

#include <algorithm>
#include <iterator>
#include <map>

#include "store/db.hpp"

namespace dx::store {

namespace {

struct Source {
  const char* name;    // account_index.source
  const char* table;
  const char* rowid;   // the table's INTEGER PRIMARY KEY
  const char* column;  // the listed column (never updated)
};

constexpr Owned kAll[] = {Owned::orders, Owned::records_by_actor, Owned::ledger_entries, Owned::records_by_action,
                          Owned::api_keys};

const Source& source_of(Owned o) {
  static const Source kSources[] = {{"orders", "orders", "seq", "account_id"},
                                    {"records", "records", "seq", "actor"},
                                    {"ledger_entries", "ledger_entries", "id", "owner"},
                                    {"records.action", "records", "seq", "action"},
                                    {"api_keys", "api_keys", "seq", "account_id"}};
  return kSources[static_cast<int>(o)];
}

// Writes the lists of the rows of `s` in (mark, end]: one per owner.
void index_rows(Db& db, const Source& s, std::int64_t mark, std::int64_t end) {
  std::map<std::string, std::vector<std::int64_t>> lists;
  auto& rows = db.cached(std::string("SELECT ") + s.column + ", " + s.rowid + " FROM " + s.table + " WHERE " + s.rowid +
                         " > ? AND " + s.rowid + " <= ? AND " + s.column + " IS NOT NULL ORDER BY " + s.rowid);
  rows.bind(1, mark).bind(2, end);
  while (rows.step()) lists[rows.text(0)].push_back(rows.int64(1));
  rows.reset();
  auto& add = db.cached("INSERT INTO account_index (source, owner, last_ref, first_ref, refs) VALUES (?, ?, ?, ?, ?)");
  for (const auto& [owner, rowids] : lists) {
    add.bind(1, s.name).bind(2, owner).bind(3, rowids.back()).bind(4, rowids.front()).bind_blob(5, encode_rowids(rowids));
    add.run();
    add.reset();
  }
  auto& move = db.cached("UPDATE account_index_marks SET upto = ? WHERE source = ?");
  move.bind(1, end).bind(2, s.name).run();
  move.reset();
}

// Collects an owner's rows from the lists up to the mark, in the query's order.
class ListReader {
 public:
  ListReader(Db& db, const Source& s, const OwnedQuery& q, std::int64_t before, std::vector<std::int64_t>& out)
      : db_(db), s_(s), q_(q), before_(before), out_(out) {}

  void read() {
    if (q_.after >= before_ - 1) return;
    if (!q_.descending) {
      auto& st = lists("last_ref > ?3 ORDER BY last_ref");
      st.bind(3, q_.after);
      while (!full() && st.step() && st.int64(0) < before_) take(st);
      st.reset();
      return;
    }
    // Lists cover disjoint ranges of rowids: at most one holds rowids on both sides of `before`.
    auto& straddling = lists("last_ref >= ?3 ORDER BY last_ref LIMIT 1");
    straddling.bind(3, before_);
    if (straddling.step() && straddling.int64(0) < before_) take(straddling);
    straddling.reset();
    auto& st = lists("last_ref < ?3 AND last_ref > ?4 ORDER BY last_ref DESC");
    st.bind(3, before_).bind(4, q_.after);
    while (!full() && st.step()) take(st);
    st.reset();
  }

 private:
  Stmt& lists(const std::string& condition) {
    auto& st = db_.cached("SELECT first_ref, refs FROM account_index WHERE source = ?1 AND owner = ?2 AND " + condition);
    st.bind(1, s_.name).bind(2, q_.owner);
    return st;
  }
  bool full() const { return static_cast<int>(out_.size()) >= q_.limit; }

  // Takes the rowids of the list `st` is on that lie in the range and meet the conditions.
  void take(Stmt& st) {
    auto rowids = decode_rowids(st.int64(0), st.blob(1));
    if (q_.descending) std::reverse(rowids.begin(), rowids.end());
    for (const auto r : rowids) {
      if (full()) return;
      if (r <= q_.after || r >= before_) continue;
      if (meets_conditions(r)) out_.push_back(r);
    }
  }

  bool meets_conditions(std::int64_t rowid) {
    if (q_.where == "1") return true;
    auto& st = db_.cached(std::string("SELECT 1 FROM ") + s_.table + " t WHERE t." + s_.rowid + " = ?1 AND (" + q_.where + ")");
    st.bind(1, rowid);
    if (q_.bind) q_.bind(st);
    const bool found = st.step();
    st.reset();
    return found;
  }

  Db& db_;
  const Source& s_;
  const OwnedQuery& q_;
  std::int64_t before_;
  std::vector<std::int64_t>& out_;
};

// Appends the owner's rows past the mark, read from the table by rowid range.
void read_tail(Db& db, const Source& s, const OwnedQuery& q, std::int64_t after, std::vector<std::int64_t>& out) {
  const int limit = q.limit - static_cast<int>(out.size());
  if (limit <= 0 || after >= q.before - 1) return;
  const std::string key = std::string("t.") + s.rowid;
  auto& st = db.cached("SELECT " + key + " FROM " + s.table + " t WHERE " + key + " > ?1 AND " + key + " < ?3 AND t." +
                       s.column + " = ?2 AND (" + q.where + ") ORDER BY " + key + (q.descending ? " DESC" : "") +
                       " LIMIT ?4");
  st.bind(1, after).bind(2, q.owner).bind(3, q.before).bind(4, limit);
  if (q.bind) q.bind(st);
  while (st.step()) out.push_back(st.int64(0));
  st.reset();
}

}  // namespace

std::string encode_rowids(const std::vector<std::int64_t>& rowids) {
  std::string out;
  for (std::size_t i = 1; i < rowids.size(); ++i) {
    auto delta = static_cast<std::uint64_t>(rowids[i] - rowids[i - 1]);
    do {
      const auto low = static_cast<unsigned char>(delta & 0x7f);
      delta >>= 7;
      out.push_back(static_cast<char>(delta ? low | 0x80 : low));
    } while (delta);
  }
  return out;
}

std::vector<std::int64_t> decode_rowids(std::int64_t first, std::string_view deltas) {
  std::vector<std::int64_t> out{first};
  std::uint64_t delta = 0;
  int shift = 0;
  for (const char c : deltas) {
    const auto byte = static_cast<unsigned char>(c);
    if (shift < 64) delta |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    shift += 7;
    if (byte & 0x80) continue;
    out.push_back(out.back() + static_cast<std::int64_t>(delta));
    delta = 0;
    shift = 0;
  }
  return out;
}

std::int64_t account_index_mark(Db& db, Owned source) {
  auto& st = db.cached("SELECT upto FROM account_index_marks WHERE source = ?");
  st.bind(1, source_of(source).name);
  const std::int64_t mark = st.step() ? st.int64(0) : 0;
  st.reset();
  return mark;
}

std::int64_t catch_up_account_index(Db& db, std::int64_t lag) {
  // One statement per check: each source's last rowid and mark.
  static const std::string kEnds = [] {
    std::string sql = "SELECT ";
    for (const Owned o : kAll) {
      const Source& s = source_of(o);
      sql += std::string(o == kAll[0] ? "" : ", ") + "(SELECT coalesce(max(" + s.rowid + "), 0) FROM " + s.table +
             "), (SELECT upto FROM account_index_marks WHERE source = '" + s.name + "')";
    }
    return sql;
  }();
  constexpr int kSources = static_cast<int>(std::size(kAll));
  auto& ends = db.cached(kEnds);
  ends.step();
  std::int64_t at[2 * kSources];
  for (int i = 0; i < 2 * kSources; ++i) at[i] = ends.int64(i);
  ends.reset();
  std::int64_t waiting = 0;
  for (const Owned o : kAll) {
    const std::int64_t end = at[2 * static_cast<int>(o)], mark = at[2 * static_cast<int>(o) + 1];
    if (end - mark >= lag)
      index_rows(db, source_of(o), mark, end);
    else
      waiting = std::max(waiting, end - mark);
  }
  return waiting;
}

std::vector<std::int64_t> owned_rows(Db& db, Owned source, const OwnedQuery& q) {
  const Source& s = source_of(source);
  const std::int64_t mark = account_index_mark(db, source);
  std::vector<std::int64_t> out;
  if (q.limit <= 0) return out;
  ListReader indexed(db, s, q, std::min(q.before, mark + 1), out);
  if (q.descending) {
    read_tail(db, s, q, std::max(q.after, mark), out);
    indexed.read();
  } else {
    indexed.read();
    read_tail(db, s, q, std::max(q.after, mark), out);
  }
  return out;
}

}  // namespace dx::store
