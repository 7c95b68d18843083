// check_query (query.hpp): the parsed SELECT (query_parse.cpp) is resolved against the data
// dictionary, every column checked against its role (API.md "The data plane"; P5, TJ-29), the
// outputs classified for noise, and the statement written back out with the hidden columns the
// engine needs. Like the parser, a refusal found deep in a tree is thrown as a Refusal and
// returned as a Result at check_query().

#include "compute/query.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "compute/query_syntax.hpp"
#include "crypto/crypto.hpp"

namespace dx::compute {
namespace {

using compliance::ColumnRole;
using detail::Expr;
using detail::ExprKind;
using detail::to_sql;

struct Refusal {
  Error error;
};

[[noreturn]] void refuse_grammar(std::string detail) {
  throw Refusal{detail::grammar_error(std::move(detail))};
}

// P5 (TJ-29): what may leave the exchange is only data that identifies no one.
[[noreturn]] void refuse_privacy(std::string detail) {
  throw Refusal{legal_error(Errc::query_not_permitted, std::move(detail), "P5", "TJ-29")};
}

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

bool is_aggregate(const Expr& e) {
  if (e.kind != ExprKind::call) return false;
  const detail::Function* f = detail::find_function(e.text);
  return f != nullptr && f->aggregate;
}

bool has_aggregate(const Expr& e) {
  return is_aggregate(e) || std::any_of(e.args.begin(), e.args.end(), has_aggregate);
}

bool counts_or_sums(const std::string& aggregate) {
  return aggregate == "count" || aggregate == "sum" || aggregate == "avg";
}

std::string number_sql(double v) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return "(" + std::string(buf, end) + ")";
}

Output kind_of(OutputKind kind, std::optional<double> lo = {}, std::optional<double> hi = {}) {
  Output out;
  out.kind = kind;
  out.lo = lo;
  out.hi = hi;
  return out;
}

std::string quoted_name(std::string_view s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

class Checker {
 public:
  Checker(detail::Select s, const Policy& p) : s_(std::move(s)), policy_(p) {}

  CheckedQuery run() {
    resolve_all();
    for (const Expr& key : s_.group_by) check_group_key(key);
    if (s_.where) check_where(*s_.where);
    for (const auto& c : s_.columns) check_output(c.expr);
    if (s_.having) check_output(*s_.having);
    for (const auto& t : s_.order_by) check_output(t.expr);
    check_not_row_level();
    if (policy_.private_aggregates) check_private();
    return write();
  }

 private:
  // ---- names ----
  const compliance::Column& dictionary_column(const Expr& e) const {
    if (!e.qualifier.empty() && !same_name(e.qualifier, "data") &&
        !(s_.table_alias && same_name(e.qualifier, *s_.table_alias))) {
      refuse_grammar("Only table data may be read; \"" + e.qualifier + "." + e.text +
                     "\" names another table.");
    }
    for (const auto& c : policy_.dictionary) {
      if (same_name(c.name, e.text)) return c;
    }
    refuse_grammar("The data dictionary has no column \"" + e.text + "\"; the columns are " +
                   column_list() + ".");
  }

  std::string column_list() const {
    std::string list;
    for (const auto& c : policy_.dictionary) list += (list.empty() ? "" : ", ") + c.name;
    return list;
  }

  const compliance::Column* find_column(const std::string& name) const {
    for (const auto& c : policy_.dictionary) {
      if (same_name(c.name, name)) return &c;
    }
    return nullptr;
  }

  // Columns take the dictionary's spelling; with `aliases`, a bare name that is no column but
  // an output's alias stands for that output's expression, as SQLite reads it.
  void resolve(Expr& e, bool aliases) const {
    if (e.kind == ExprKind::column) {
      if (aliases && e.qualifier.empty() && find_column(e.text) == nullptr) {
        if (const Expr* out = output_named(e.text)) return void(e = *out);
      }
      e.text = dictionary_column(e).name;
      e.qualifier.clear();
      return;
    }
    for (Expr& a : e.args) resolve(a, aliases);
  }

  const Expr* output_named(const std::string& alias) const {
    for (const auto& c : s_.columns) {
      if (c.alias && same_name(*c.alias, alias)) return &c.expr;
    }
    return nullptr;
  }

  // GROUP BY 2 and ORDER BY 2 name the second output, as in SQLite.
  void resolve_term(Expr& e, const char* clause) const {
    std::int64_t n = 0;
    const char* end = e.text.data() + e.text.size();
    if (e.kind != ExprKind::literal || std::from_chars(e.text.data(), end, n).ptr != end) {
      return resolve(e, true);
    }
    if (n < 1 || n > static_cast<std::int64_t>(s_.columns.size())) {
      refuse_grammar(std::string(clause) + " " + e.text + " names no output; there are " +
                     std::to_string(s_.columns.size()) + ".");
    }
    e = s_.columns[static_cast<std::size_t>(n - 1)].expr;
  }

  void resolve_all() {
    for (auto& c : s_.columns) resolve(c.expr, false);
    if (s_.where) resolve(*s_.where, false);
    for (Expr& key : s_.group_by) resolve_term(key, "GROUP BY");
    if (s_.having) resolve(*s_.having, true);
    for (auto& t : s_.order_by) resolve_term(t.expr, "ORDER BY");
    for (const Expr& key : s_.group_by) keys_.push_back(to_sql(key));
  }

  // ---- roles ----
  void check_group_key(const Expr& key) const {
    if (has_aggregate(key)) refuse_grammar("GROUP BY cannot hold an aggregate: " + to_sql(key));
    walk_plain(key, "GROUP BY", true);
  }

  void check_where(const Expr& where) const {
    if (has_aggregate(where)) {
      refuse_grammar("WHERE cannot hold an aggregate; filter groups with HAVING.");
    }
    walk_plain(where, "WHERE", false);
  }

  // Columns outside any aggregate, in WHERE or in a GROUP BY key.
  void walk_plain(const Expr& e, const char* clause, bool group_key) const {
    if (e.kind == ExprKind::column) {
      const compliance::Column& c = dictionary_column(e);
      if (c.role == ColumnRole::identifier) refuse_identifier(c);
      if (c.role == ColumnRole::sensitive) refuse_sensitive(c, clause);
      if (c.role == ColumnRole::quasi_identifier && !group_key) refuse_quasi(c, clause);
    }
    for (const Expr& a : e.args) walk_plain(a, clause, group_key);
  }

  [[noreturn]] static void refuse_identifier(const compliance::Column& c) {
    refuse_privacy("The column \"" + c.name +
                   "\" is an identifier: it may only be counted, as "
                   "COUNT(DISTINCT " +
                   c.name + ").");
  }
  [[noreturn]] static void refuse_sensitive(const compliance::Column& c, const std::string& at) {
    refuse_privacy("The column \"" + c.name +
                   "\" is sensitive: it may appear only inside "
                   "COUNT, SUM or AVG, not " +
                   at + ".");
  }
  [[noreturn]] static void refuse_quasi(const compliance::Column& c, const std::string& at) {
    refuse_privacy("The column \"" + c.name +
                   "\" is a quasi-identifier: it may appear only as "
                   "a GROUP BY key or inside COUNT, SUM or AVG, not " +
                   at + ".");
  }

  // An output, HAVING or ORDER BY term: group keys as a whole, aggregates, literals.
  void check_output(const Expr& e) const {
    if (is_key(e)) return;
    if (is_aggregate(e)) return check_aggregate(e);
    if (e.kind == ExprKind::column) {
      const compliance::Column& c = dictionary_column(e);
      const char* at =
          s_.group_by.empty() ? "outside an aggregate" : "outside an aggregate or GROUP BY key";
      if (c.role == ColumnRole::identifier) refuse_identifier(c);
      if (c.role == ColumnRole::sensitive) refuse_sensitive(c, at);
      if (c.role == ColumnRole::quasi_identifier) refuse_quasi(c, at);
      refuse_grammar("The column \"" + c.name + "\" would be returned record by record; " +
                     (s_.group_by.empty() ? "put it inside an aggregate such as COUNT or SUM."
                                          : "add it to GROUP BY or put it inside an aggregate."));
    }
    for (const Expr& a : e.args) check_output(a);
  }

  bool is_key(const Expr& e) const {
    return !keys_.empty() && std::find(keys_.begin(), keys_.end(), to_sql(e)) != keys_.end();
  }

  // An aggregate takes COUNT(*) or one column. An expression inside one could single out
  // records the group-size rule never sees: AVG(CASE WHEN <one person's attributes> THEN income
  // END) averages one record of a large group. Each column aggregated for its values is counted
  // too (its non-null records), so that every value that leaves covers the group size.
  void check_aggregate(const Expr& call) const {
    if (call.star) return;
    for (const Expr& a : call.args) {
      if (is_aggregate(a)) refuse_grammar("Aggregates cannot be nested: " + to_sql(a));
    }
    if (call.args.size() != 1 || call.args[0].kind != ExprKind::column) {
      refuse_privacy(
          "An aggregate takes one column, as in COUNT(*), COUNT(DISTINCT column), "
          "SUM(column) or AVG(column); \"" +
          to_sql(call) +
          "\" aggregates an expression, which can single out records. Compute from "
          "the result instead, or filter with WHERE.");
    }
    const Expr& column = call.args[0];
    if (call.text == "count" && call.distinct) return;  // any role may be counted
    walk_aggregated(column, call.text);
    counted_columns_.push_back(dictionary_column(column).name);
  }

  void walk_aggregated(const Expr& e, const std::string& aggregate) const {
    if (is_aggregate(e)) refuse_grammar("Aggregates cannot be nested: " + to_sql(e));
    if (e.kind == ExprKind::column) {
      const compliance::Column& c = dictionary_column(e);
      const std::string at = "inside " + aggregate + "()";
      if (c.role == ColumnRole::identifier) refuse_identifier(c);
      if (!counts_or_sums(aggregate) && c.role == ColumnRole::sensitive) refuse_sensitive(c, at);
      if (!counts_or_sums(aggregate) && c.role == ColumnRole::quasi_identifier) {
        refuse_quasi(c, at);
      }
    }
    for (const Expr& a : e.args) walk_aggregated(a, aggregate);
  }

  // Without GROUP BY every output is an aggregate, or the query returns one row per record.
  void check_not_row_level() const {
    if (!s_.group_by.empty()) return;
    const bool any = std::any_of(s_.columns.begin(), s_.columns.end(),
                                 [](const auto& c) { return has_aggregate(c.expr); });
    if (!any) {
      refuse_grammar(
          "Without GROUP BY the query must return aggregates (COUNT, SUM, AVG, ...); "
          "as written it returns one row per record.");
    }
  }

  // ---- differential privacy ----
  // Only what noise can cover leaves: group keys, COUNT, and SUM or AVG over one column with
  // declared bounds. Exact aggregates in HAVING or ORDER BY would leak through the filter or
  // the order, so they are refused too.
  void check_private() {
    for (const auto& c : s_.columns) outputs_.push_back(private_output(c.expr));
    if (s_.having && has_aggregate(*s_.having)) {
      refuse_privacy(
          "This product adds noise to its results: HAVING cannot filter on exact "
          "aggregates; filter the result yourself.");
    }
    for (const auto& t : s_.order_by) {
      if (has_aggregate(t.expr)) {
        refuse_privacy(
            "This product adds noise to its results: ORDER BY cannot sort by exact "
            "aggregates; sort the result yourself.");
      }
    }
  }

  Output private_output(const Expr& e) const {
    if (!has_aggregate(e)) return {};
    if (is_aggregate(e) && e.text == "count") return kind_of(OutputKind::count);
    if (is_aggregate(e) && (e.text == "sum" || e.text == "avg") &&
        e.args[0].kind == ExprKind::column) {
      const compliance::Column& c = dictionary_column(e.args[0]);
      if (c.min && c.max) {
        return kind_of(e.text == "sum" ? OutputKind::sum : OutputKind::avg, c.min, c.max);
      }
      refuse_privacy("This product adds noise to its results, so " + e.text + "(" + c.name +
                     ") needs the column's bounds (min, max) in the data dictionary; it has "
                     "none. COUNT is available.");
    }
    refuse_privacy(
        "This product adds noise to its results, so each output must be a group "
        "key, COUNT(...), or SUM or AVG of one column with bounds; \"" +
        to_sql(e) +
        "\" is none of these (MIN, MAX, TOTAL and arithmetic on aggregates cannot be "
        "noised).");
  }

  // ---- writing ----
  CheckedQuery write() {
    CheckedQuery q;
    std::vector<std::string> hidden{"COUNT(*)"};
    for (std::size_t i = 0; i < s_.columns.size(); ++i) {
      const auto& c = s_.columns[i];
      Output out = i < outputs_.size() ? outputs_[i] : plain_output(c.expr);
      out.carries_values = !has_aggregate(c.expr) ||
                           (is_aggregate(c.expr) && (c.expr.text == "min" || c.expr.text == "max"));
      out.name = c.alias                           ? *c.alias
                 : c.expr.kind == ExprKind::column ? c.expr.text
                                                   : to_sql(c.expr);
      std::string sql = to_sql(c.expr);
      if (policy_.private_aggregates &&
          (out.kind == OutputKind::sum || out.kind == OutputKind::avg)) {
        sql = clamped_sum(c.expr, out);
        if (out.kind == OutputKind::avg) {
          out.count_column = static_cast<int>(s_.columns.size() + hidden.size());
          hidden.push_back("COUNT(" + to_sql(c.expr.args[0]) + ")");
        }
      }
      q.sql += (i == 0 ? "SELECT " + std::string(s_.distinct ? "DISTINCT " : "") : ", ") + sql +
               " AS " + quoted_name(out.name);
      q.outputs.push_back(std::move(out));
    }
    q.record_counts.push_back(static_cast<int>(s_.columns.size()));
    for (const std::string& column : counted_columns_) {
      const std::string count = "COUNT(" + quoted_name(column) + ")";
      const auto at = std::find(hidden.begin(), hidden.end(), count);
      q.record_counts.push_back(static_cast<int>(s_.columns.size() + (at - hidden.begin())));
      if (at == hidden.end()) hidden.push_back(count);
    }
    for (std::size_t i = 0; i < hidden.size(); ++i) {
      q.sql += ", " + hidden[i] + " AS \"dx hidden " + std::to_string(i) + "\"";
    }
    q.hidden_columns = static_cast<int>(hidden.size());
    q.sql += " FROM \"data\"" + clauses();
    return q;
  }

  static Output plain_output(const Expr& e) {
    if (!has_aggregate(e)) return {};
    if (!is_aggregate(e)) return kind_of(OutputKind::other_aggregate);
    if (e.text == "count") return kind_of(OutputKind::count);
    if (e.text == "sum") return kind_of(OutputKind::sum);
    if (e.text == "avg") return kind_of(OutputKind::avg);
    return kind_of(OutputKind::other_aggregate);
  }

  // SUM over the values clamped to the column's bounds, so one record moves it by at most
  // max(|min|, |max|): the sensitivity the noise is scaled to.
  static std::string clamped_sum(const Expr& call, const Output& out) {
    const std::string v = to_sql(call.args[0]);
    const std::string lo = number_sql(*out.lo);
    const std::string hi = number_sql(*out.hi);
    return std::string("SUM(") + (call.distinct ? "DISTINCT " : "") + "CASE WHEN " + v + " < " +
           lo + " THEN " + lo + " WHEN " + v + " > " + hi + " THEN " + hi + " ELSE " + v + " END)";
  }

  std::string clauses() const {
    std::string sql;
    if (s_.where) sql += " WHERE " + to_sql(*s_.where);
    for (std::size_t i = 0; i < s_.group_by.size(); ++i) {
      sql += (i == 0 ? " GROUP BY " : ", ") + to_sql(s_.group_by[i]);
    }
    if (s_.having) sql += " HAVING " + to_sql(*s_.having);
    for (std::size_t i = 0; i < s_.order_by.size(); ++i) {
      const auto& t = s_.order_by[i];
      sql += (i == 0 ? " ORDER BY " : ", ") + to_sql(t.expr) + (t.descending ? " DESC" : " ASC");
      if (t.nulls_first) sql += *t.nulls_first ? " NULLS FIRST" : " NULLS LAST";
    }
    if (s_.limit) sql += " LIMIT " + std::to_string(*s_.limit);
    if (s_.offset) sql += " OFFSET " + std::to_string(*s_.offset);
    return sql;
  }

  detail::Select s_;
  const Policy& policy_;
  std::vector<std::string> keys_;  // the GROUP BY keys as written back
  std::vector<Output> outputs_;    // with private_aggregates: each output's kind and bounds
  // Columns aggregated for their values or counted (all but COUNT(*) and COUNT(DISTINCT ...)),
  // found while checking.
  mutable std::vector<std::string> counted_columns_;
};

}  // namespace

Result<CheckedQuery> check_query(std::string_view text, const Policy& policy) {
  auto select = detail::parse_select(text);
  if (!select) return select.error();
  try {
    CheckedQuery q = Checker(std::move(*select), policy).run();
    q.query_sha256 = crypto::hex(crypto::sha256(text));
    return q;
  } catch (const Refusal& r) {
    return r.error;
  }
}

}  // namespace dx::compute
