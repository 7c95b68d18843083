// The recursive-descent parser of the query grammar (query_syntax.hpp) and the writer that turns
// its tree back into SQL. A refusal deep in an expression is thrown as a Refused and turned into
// a Result at parse_select(): every grammar rule would otherwise have to test and forward it.

#include <algorithm>
#include <cctype>
#include <charconv>

#include "compute/query_syntax.hpp"

namespace dx::compute::detail {
namespace {

struct Refused {
  std::string detail;
};

[[noreturn]] void refuse(std::string detail) { throw Refused{std::move(detail)}; }

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Words that end an expression or a clause, so they are never read as a column or an alias.
bool reserved(std::string_view upper_word) {
  static constexpr std::string_view kReserved[] = {
      "ALL",     "AND",     "AS",     "ASC",       "BETWEEN", "BY",      "CASE",   "CAST",
      "COLLATE", "CROSS",   "DESC",   "DISTINCT",  "ELSE",    "END",     "ESCAPE", "EXCEPT",
      "EXISTS",  "FALSE",   "FILTER", "FROM",      "FULL",    "GLOB",    "GROUP",  "HAVING",
      "IN",      "INDEXED", "INNER",  "INTERSECT", "IS",      "ISNULL",  "JOIN",   "LEFT",
      "LIKE",    "LIMIT",   "MATCH",  "NATURAL",   "NOT",     "NOTNULL", "NULL",   "OFFSET",
      "ON",      "OR",      "ORDER",  "OUTER",     "OVER",    "REGEXP",  "RIGHT",  "SELECT",
      "THEN",    "TRUE",    "UNION",  "WHEN",      "USING",   "WHERE",   "WINDOW", "WITH",
      "RAISE"};
  return std::find(std::begin(kReserved), std::end(kReserved), upper_word) != std::end(kReserved);
}

std::string quote(std::string_view s, char q) {
  std::string out(1, q);
  for (char c : s) {
    out += c;
    if (c == q) out += q;
  }
  return out + q;
}

Expr node(ExprKind kind, std::string text, std::vector<Expr> args) {
  Expr e;
  e.kind = kind;
  e.text = std::move(text);
  e.args = std::move(args);
  for (const Expr& a : e.args) e.height = std::max(e.height, a.height + 1);
  if (e.height > kMaxExprDepth) {
    refuse("An expression is nested more than " + std::to_string(kMaxExprDepth) +
           " levels deep; simplify it.");
  }
  return e;
}

constexpr Function kFunctions[] = {
    {"count", 0, 1, true},      {"sum", 1, 1, true},       {"avg", 1, 1, true},
    {"total", 1, 1, true},      {"min", 1, 1, true},       {"max", 1, 1, true},
    {"abs", 1, 1, false},       {"round", 1, 2, false},    {"lower", 1, 1, false},
    {"upper", 1, 1, false},     {"length", 1, 1, false},   {"substr", 2, 3, false},
    {"substring", 2, 3, false}, {"trim", 1, 2, false},     {"ltrim", 1, 2, false},
    {"rtrim", 1, 2, false},     {"replace", 3, 3, false},  {"coalesce", 2, 8, false},
    {"ifnull", 2, 2, false},    {"nullif", 2, 2, false},   {"instr", 2, 2, false},
    {"date", 1, 4, false},      {"strftime", 2, 5, false}, {"julianday", 1, 4, false},
};

std::string allowed_functions() {
  std::string list;
  for (const Function& f : kFunctions) list += (list.empty() ? "" : ", ") + std::string(f.name);
  return list;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Select statement() {
    statement_start();
    Select s;
    s.distinct = accept("DISTINCT");
    if (!s.distinct) accept("ALL");
    result_columns(s);
    from(s);
    if (accept("WHERE")) s.where = expr();
    if (accept("GROUP")) expect("BY"), s.group_by = expr_list();
    if (accept("HAVING")) s.having = expr();
    if (accept("WINDOW")) refuse("Window functions (WINDOW, OVER) are not allowed.");
    if (accept("ORDER")) expect("BY"), order_by(s);
    if (accept("LIMIT")) limit(s);
    statement_end();
    return s;
  }

 private:
  // ---- tokens ----
  const Token& peek(std::size_t ahead = 0) const { return t_[std::min(i_ + ahead, t_.size() - 1)]; }
  bool is(std::string_view word_or_symbol, std::size_t ahead = 0) const {
    const Token& t = peek(ahead);
    if (t.kind == TokenKind::symbol) return t.text == word_or_symbol;
    return t.kind == TokenKind::word && upper(t.text) == word_or_symbol;
  }
  bool accept(std::string_view word_or_symbol) {
    if (!is(word_or_symbol)) return false;
    ++i_;
    return true;
  }
  void expect(std::string_view word_or_symbol) {
    if (!accept(word_or_symbol)) refuse("Expected " + std::string(word_or_symbol) + where());
  }
  std::string where() const {
    const Token& t = peek();
    if (t.kind == TokenKind::end) return " but the query ends.";
    return " before \"" + shown(t) + "\" (at character " + std::to_string(t.offset + 1) + ").";
  }
  static std::string shown(const Token& t) {
    return t.kind == TokenKind::string ? quote(t.text, '\'') : t.text;
  }
  [[noreturn]] void unexpected() const {
    if (peek().kind == TokenKind::end) refuse("The query ends too early.");
    refuse("Unexpected \"" + shown(peek()) + "\" (at character " +
           std::to_string(peek().offset + 1) + ").");
  }

  // ---- the statement ----
  void statement_start() {
    if (accept("SELECT")) return;
    const std::string first = upper(peek().text);
    if (first == "WITH") {
      refuse(
          "WITH (common table expressions, RECURSIVE included) is not allowed: write one "
          "SELECT over table data.");
    }
    if (first == "ATTACH" || first == "DETACH") {
      refuse(first + " is not allowed: a query reads table data only.");
    }
    if (first == "PRAGMA") refuse("PRAGMA is not allowed: a query reads table data only.");
    refuse("Only one read-only SELECT over table data is allowed" +
           (first.empty() ? std::string(".") : "; \"" + peek().text + "\" is not."));
  }

  void statement_end() {
    if (is("UNION") || is("INTERSECT") || is("EXCEPT")) {
      refuse("Compound selects (UNION, INTERSECT, EXCEPT) are not allowed: write one SELECT.");
    }
    accept(";");
    if (peek().kind == TokenKind::end) return;
    if (t_[i_ - 1].text == ";") refuse("Only one statement is allowed; remove what follows ';'.");
    unexpected();
  }

  void result_columns(Select& s) {
    do {
      if (is("*") || (is(".", 1) && is("*", 2))) {
        refuse(
            "SELECT * returns the records themselves; name aggregates such as COUNT(*) or "
            "SUM(column) instead.");
      }
      ResultColumn c{expr(), std::nullopt};
      c.alias = alias();
      s.columns.push_back(std::move(c));
      if (s.columns.size() > kMaxOutputs) {
        refuse("A query may return at most " + std::to_string(kMaxOutputs) + " columns.");
      }
    } while (accept(","));
  }

  std::optional<std::string> alias() {
    const bool as = accept("AS");
    const Token& t = peek();
    if (t.kind == TokenKind::quoted_name || t.kind == TokenKind::string ||
        (t.kind == TokenKind::word && !reserved(upper(t.text)))) {
      ++i_;
      return t.text;
    }
    if (as) refuse("AS must be followed by a name" + where());
    return std::nullopt;
  }

  void from(Select& s) {
    if (!accept("FROM")) refuse("The query must read FROM data" + where());
    if (is("(")) refuse("Subqueries are not allowed: read FROM data directly.");
    const Token& table = peek();
    if (table.kind != TokenKind::word && table.kind != TokenKind::quoted_name) unexpected();
    if (lower(table.text) != "data" || is(".", 1)) {
      refuse("Only table data may be read; \"" + table.text + "\" is not it.");
    }
    ++i_;
    s.table_alias = alias();
    if (is(",")) refuse("Only one table may be read: table data, without joins.");
    for (const char* join : {"JOIN", "NATURAL", "LEFT", "RIGHT", "FULL", "INNER", "CROSS"}) {
      if (is(join)) refuse("Joins are not allowed: a query reads table data only.");
    }
    if (is("INDEXED") || (is("NOT") && is("INDEXED", 1))) refuse("INDEXED BY is not allowed.");
  }

  std::vector<Expr> expr_list() {
    std::vector<Expr> out;
    do out.push_back(expr());
    while (accept(","));
    return out;
  }

  void order_by(Select& s) {
    do {
      OrderTerm term{expr(), false, std::nullopt};
      if (accept("DESC"))
        term.descending = true;
      else
        accept("ASC");
      if (accept("NULLS")) {
        if (accept("FIRST"))
          term.nulls_first = true;
        else if (accept("LAST"))
          term.nulls_first = false;
        else
          unexpected();
      }
      if (is("COLLATE")) collate();
      s.order_by.push_back(std::move(term));
    } while (accept(","));
  }

  void limit(Select& s) {
    s.limit = count_literal("LIMIT");
    if (accept("OFFSET")) {
      s.offset = count_literal("OFFSET");
    } else if (accept(",")) {  // LIMIT offset, count
      s.offset = s.limit;
      s.limit = count_literal("LIMIT");
    }
  }

  std::int64_t count_literal(const char* clause) {
    const Token& t = peek();
    std::int64_t n = -1;
    const char* end = t.text.data() + t.text.size();
    if (t.kind != TokenKind::number || std::from_chars(t.text.data(), end, n).ptr != end || n < 0) {
      refuse(std::string(clause) + " takes a whole number written as digits" + where());
    }
    ++i_;
    return n;
  }

  [[noreturn]] void collate() {
    refuse("COLLATE is not allowed; compare lower(column) or upper(column) instead.");
  }

  // ---- expressions, loosest binding first ----
  struct Depth {
    explicit Depth(int& d) : d_(d) {
      if (++d_ > kMaxExprDepth) {
        refuse("An expression is nested more than " + std::to_string(kMaxExprDepth) +
               " levels deep; simplify it.");
      }
    }
    ~Depth() { --d_; }
    int& d_;
  };

  Expr expr() {
    Depth d(depth_);
    return disjunction();
  }

  Expr disjunction() {
    Expr e = conjunction();
    while (accept("OR")) e = node(ExprKind::binary, "OR", {std::move(e), conjunction()});
    return e;
  }

  Expr conjunction() {
    Expr e = negation();
    while (accept("AND")) e = node(ExprKind::binary, "AND", {std::move(e), negation()});
    return e;
  }

  Expr negation() {
    if (!accept("NOT")) return equality();
    Depth d(depth_);
    return node(ExprKind::unary, "NOT", {negation()});
  }

  Expr equality() {
    Expr e = comparison();
    while (true) {
      if (is("=") || is("==") || is("!=") || is("<>")) {
        const std::string op = peek().text == "==" ? "=" : peek().text == "!=" ? "<>" : peek().text;
        ++i_;
        e = node(ExprKind::binary, op, {std::move(e), comparison()});
      } else if (accept("IS")) {
        e = is_operator(std::move(e));
      } else if (accept("ISNULL")) {
        e = node(ExprKind::is_null, "", {std::move(e)});
      } else if (accept("NOTNULL") || not_null()) {
        e = node(ExprKind::is_null, "", {std::move(e)});
        e.negated = true;
      } else if (is("MATCH") || is("REGEXP")) {
        refuse(upper(peek().text) + " is not allowed; use LIKE or GLOB.");
      } else if (!negatable(e)) {
        return e;
      }
    }
  }

  bool not_null() {
    if (!is("NOT") || !is("NULL", 1)) return false;
    i_ += 2;
    return true;
  }

  Expr is_operator(Expr lhs) {
    const bool negated = accept("NOT");
    if (is("DISTINCT")) refuse("IS DISTINCT FROM is not allowed; use IS or IS NOT.");
    if (accept("NULL")) {
      Expr e = node(ExprKind::is_null, "", {std::move(lhs)});
      e.negated = negated;
      return e;
    }
    return node(ExprKind::binary, negated ? "IS NOT" : "IS", {std::move(lhs), comparison()});
  }

  // [NOT] IN, LIKE, GLOB, BETWEEN after `e`; false when none follows.
  bool negatable(Expr& e) {
    const std::size_t at = i_;
    const bool negated = accept("NOT");
    Expr made;
    if (accept("IN")) {
      made = in_list(std::move(e));
    } else if (is("LIKE") || is("GLOB")) {
      made = like(std::move(e));
    } else if (accept("BETWEEN")) {
      Expr low = comparison();
      expect("AND");
      made = node(ExprKind::between, "", {std::move(e), std::move(low), comparison()});
    } else {
      i_ = at;
      return false;
    }
    made.negated = negated;
    e = std::move(made);
    return true;
  }

  Expr in_list(Expr lhs) {
    if (!accept("(")) refuse("IN takes a list of values in parentheses, not a table.");
    if (is("SELECT") || is("WITH")) refuse("Subqueries are not allowed, IN (SELECT ...) too.");
    std::vector<Expr> args{std::move(lhs)};
    if (!is(")")) {
      for (Expr& v : expr_list()) args.push_back(std::move(v));
    }
    expect(")");
    return node(ExprKind::in_list, "", std::move(args));
  }

  Expr like(Expr lhs) {
    const std::string op = upper(peek().text);
    ++i_;
    std::vector<Expr> args{std::move(lhs), comparison()};
    if (accept("ESCAPE")) args.push_back(comparison());
    return node(ExprKind::like, op, std::move(args));
  }

  Expr comparison() {
    Expr e = bitwise();
    while (is("<") || is("<=") || is(">") || is(">=")) {
      const std::string op = peek().text;
      ++i_;
      e = node(ExprKind::binary, op, {std::move(e), bitwise()});
    }
    return e;
  }

  Expr bitwise() {
    Expr e = additive();
    if (is("&") || is("|") || is("<<") || is(">>")) {
      refuse("Bitwise operators (" + peek().text + ") are not allowed.");
    }
    return e;
  }

  Expr additive() {
    Expr e = multiplicative();
    while (is("+") || is("-")) {
      const std::string op = peek().text;
      ++i_;
      e = node(ExprKind::binary, op, {std::move(e), multiplicative()});
    }
    return e;
  }

  Expr multiplicative() {
    Expr e = concatenation();
    while (is("*") || is("/") || is("%")) {
      const std::string op = peek().text;
      ++i_;
      e = node(ExprKind::binary, op, {std::move(e), concatenation()});
    }
    return e;
  }

  Expr concatenation() {
    Expr e = unary();
    while (accept("||")) e = node(ExprKind::binary, "||", {std::move(e), unary()});
    return e;
  }

  Expr unary() {
    if (is("-") || is("+")) {
      const std::string op = peek().text;
      ++i_;
      Depth d(depth_);
      return node(ExprKind::unary, op, {unary()});
    }
    if (is("~")) refuse("Bitwise operators (~) are not allowed.");
    Expr e = primary();
    if (is("COLLATE")) collate();
    if (is("->")) refuse("JSON operators (->, ->>) are not allowed.");
    return e;
  }

  Expr primary() {
    const Token& t = peek();
    switch (t.kind) {
      case TokenKind::number:
        ++i_;
        return node(ExprKind::literal, t.text, {});
      case TokenKind::string:
        ++i_;
        return node(ExprKind::literal, quote(t.text, '\''), {});
      case TokenKind::parameter:
        refuse("Bound parameters (" + t.text + ") are not allowed; write the value itself.");
      case TokenKind::blob:
        refuse("Blob literals (X'...') are not allowed.");
      case TokenKind::quoted_name:
        return column();
      case TokenKind::word:
        return word();
      case TokenKind::symbol:
        if (accept("(")) return parenthesised();
        unexpected();
      case TokenKind::end:
        unexpected();
    }
    unexpected();
  }

  Expr parenthesised() {
    if (is("SELECT") || is("WITH")) refuse("Subqueries are not allowed.");
    Expr e = expr();
    if (is(",")) refuse("Row values (a, b) are not allowed.");
    expect(")");
    return e;
  }

  Expr word() {
    const std::string w = upper(peek().text);
    if (w == "NULL" || w == "TRUE" || w == "FALSE") return ++i_, node(ExprKind::literal, w, {});
    if (w == "CASE") return ++i_, case_when();
    if (w == "CAST") return ++i_, cast();
    if (w == "EXISTS") refuse("EXISTS (subqueries) is not allowed.");
    if (w == "RAISE") refuse("RAISE is not allowed.");
    if (w == "SELECT") refuse("Subqueries are not allowed.");
    if (is("(", 1)) return call();
    if (reserved(w)) unexpected();
    return column();
  }

  Expr column() {
    std::string name = peek().text;
    ++i_;
    std::string qualifier;
    if (accept(".")) {
      if (is("*")) {
        refuse("SELECT " + name + ".* returns the records themselves; name aggregates instead.");
      }
      const Token& t = peek();
      if (t.kind != TokenKind::word && t.kind != TokenKind::quoted_name) unexpected();
      qualifier = std::move(name);
      name = t.text;
      ++i_;
      if (is(".")) refuse("Only table data may be read; write data.column or column.");
    }
    Expr e = node(ExprKind::column, std::move(name), {});
    e.qualifier = std::move(qualifier);
    return e;
  }

  Expr case_when() {
    std::vector<Expr> args;
    const bool has_operand = !is("WHEN");
    if (has_operand) args.push_back(expr());
    if (!is("WHEN")) expect("WHEN");
    while (accept("WHEN")) {
      args.push_back(expr());
      expect("THEN");
      args.push_back(expr());
    }
    const bool has_else = accept("ELSE");
    if (has_else) args.push_back(expr());
    expect("END");
    Expr e = node(ExprKind::case_when, "", std::move(args));
    e.has_operand = has_operand;
    e.has_else = has_else;
    return e;
  }

  Expr cast() {
    expect("(");
    Expr value = expr();
    expect("AS");
    const std::string type = upper(peek().text);
    static constexpr std::string_view kTypes[] = {"TEXT", "INTEGER", "INT", "REAL", "NUMERIC"};
    if (peek().kind != TokenKind::word ||
        std::find(std::begin(kTypes), std::end(kTypes), type) == std::end(kTypes)) {
      refuse("CAST takes one of the types TEXT, INTEGER, INT, REAL, NUMERIC" + where());
    }
    ++i_;
    expect(")");
    return node(ExprKind::cast, type, {std::move(value)});
  }

  Expr call() {
    const std::string name = lower(peek().text);
    i_ += 2;  // the name and "("
    bool star = false;
    bool distinct = false;
    std::vector<Expr> args;
    if (accept("*")) {
      star = true;
    } else if (!is(")")) {
      distinct = accept("DISTINCT");
      args = expr_list();
    }
    expect(")");
    if (is("OVER") || is("FILTER")) {
      refuse("Window functions and aggregate filters (OVER, FILTER) are not allowed.");
    }
    check_call(name, args.size(), star, distinct);
    Expr e = node(ExprKind::call, name, std::move(args));
    e.star = star;
    e.distinct = distinct;
    return e;
  }

  static void check_call(const std::string& name, std::size_t n, bool star, bool distinct) {
    const Function* f = find_function(name);
    if (f == nullptr) {
      refuse("The function " + name + "() is not allowed; the functions allowed are " +
             allowed_functions() + ".");
    }
    if (star && name != "count") refuse("Only COUNT takes *.");
    if (distinct && (!f->aggregate || n != 1)) {
      refuse("DISTINCT goes only inside an aggregate of one argument, as in COUNT(DISTINCT x).");
    }
    const auto args = static_cast<int>(n);
    if (!star && (args < f->min_args || args > f->max_args)) {
      refuse(name + "() takes " + std::to_string(f->min_args) +
             (f->max_args == f->min_args ? "" : " to " + std::to_string(f->max_args)) +
             (f->max_args == 1 ? " argument." : " arguments."));
    }
  }

  std::vector<Token> t_;
  std::size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace

const Function* find_function(std::string_view lower_name) {
  for (const Function& f : kFunctions) {
    if (f.name == lower_name) return &f;
  }
  return nullptr;
}

bool sqlite_function_allowed(std::string_view name) {
  const std::string l = lower(name);
  return find_function(l) != nullptr || l == "like" || l == "glob";
}

Error grammar_error(std::string detail) {
  return legal_error(Errc::query_not_permitted, std::move(detail), "O15", "CQO-13");
}

Result<Select> parse_select(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    return grammar_error("The query is longer than " + std::to_string(kMaxQueryBytes / 1024) +
                         " KiB.");
  }
  auto tokens = tokenize(text);
  if (!tokens) return tokens.error();
  try {
    return Parser(std::move(*tokens)).statement();
  } catch (const Refused& r) {
    return grammar_error(r.detail);
  }
}

// ---- writing back ----
namespace {

std::string join_sql(const std::vector<Expr>& args, std::size_t from, std::string_view sep) {
  std::string out;
  for (std::size_t i = from; i < args.size(); ++i) {
    out += (i == from ? "" : std::string(sep)) + to_sql(args[i]);
  }
  return out;
}

std::string case_sql(const Expr& e) {
  std::string out = "CASE";
  std::size_t i = 0;
  if (e.has_operand) out += " " + to_sql(e.args[i++]);
  const std::size_t pairs_end = e.args.size() - (e.has_else ? 1 : 0);
  for (; i < pairs_end; i += 2) {
    out += " WHEN " + to_sql(e.args[i]) + " THEN " + to_sql(e.args[i + 1]);
  }
  if (e.has_else) out += " ELSE " + to_sql(e.args.back());
  return "(" + out + " END)";
}

std::string call_sql(const Expr& e) {
  if (e.star) return e.text + "(*)";
  return e.text + "(" + (e.distinct ? "DISTINCT " : "") + join_sql(e.args, 0, ", ") + ")";
}

}  // namespace

std::string to_sql(const Expr& e) {
  const char* no = e.negated ? "NOT " : "";
  switch (e.kind) {
    case ExprKind::literal:
      return e.text;
    case ExprKind::column:
      return quote(e.text, '"');
    case ExprKind::unary:
      return "(" + e.text + (e.text == "NOT" ? " " : "") + to_sql(e.args[0]) + ")";
    case ExprKind::binary:
      return "(" + to_sql(e.args[0]) + " " + e.text + " " + to_sql(e.args[1]) + ")";
    case ExprKind::like:
      return "(" + to_sql(e.args[0]) + " " + no + e.text + " " + to_sql(e.args[1]) +
             (e.args.size() > 2 ? " ESCAPE " + to_sql(e.args[2]) : "") + ")";
    case ExprKind::in_list:
      return "(" + to_sql(e.args[0]) + " " + no + "IN (" + join_sql(e.args, 1, ", ") + "))";
    case ExprKind::between:
      return "(" + to_sql(e.args[0]) + " " + no + "BETWEEN " + to_sql(e.args[1]) + " AND " +
             to_sql(e.args[2]) + ")";
    case ExprKind::is_null:
      return "(" + to_sql(e.args[0]) + (e.negated ? " IS NOT NULL)" : " IS NULL)");
    case ExprKind::case_when:
      return case_sql(e);
    case ExprKind::cast:
      return "CAST(" + to_sql(e.args[0]) + " AS " + e.text + ")";
    case ExprKind::call:
      return call_sql(e);
  }
  return e.text;
}

}  // namespace dx::compute::detail
