// Internal to dx_compute: the syntax tree of a buyer's query and the parser that builds it
// (query_parse.cpp). The parser accepts only the grammar of API.md "The data plane" (one
// SELECT over table `data`); anything outside it is refused here, with a message naming the
// construct, before any role is looked at. The role rules and the SQL written back out live in
// query.cpp. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace dx::compute::detail {

enum class ExprKind {
  literal,    // text: the literal as written back ('it''s', 12.5, NULL, TRUE)
  column,     // text: the column's name as the buyer spelt it (query.cpp resolves it)
  unary,      // text: "-", "+" or "NOT"; args: the operand
  binary,     // text: the operator ("||", "*", "AND", "IS NOT", ...); args: both operands
  like,       // text: "LIKE" or "GLOB"; negated; args: value, pattern[, escape]
  in_list,    // negated; args: the value, then the list
  between,    // negated; args: value, low, high
  is_null,    // negated (IS NOT NULL); args: the value
  case_when,  // has_operand, has_else; args: [operand] when, then, ... [else]
  cast,       // text: the type name, upper case; args: the value
  call,       // text: the function's name, lower case; distinct; star (COUNT(*)); args
};

struct Expr {
  ExprKind kind = ExprKind::literal;
  std::string text;
  std::string qualifier;  // columns: the table name or alias written before the dot, if any
  std::vector<Expr> args;
  int height = 1;  // of the tree below and including this node, bounded by kMaxExprDepth
  bool negated = false;
  bool distinct = false;
  bool star = false;
  bool has_operand = false;
  bool has_else = false;
};

struct ResultColumn {
  Expr expr;
  std::optional<std::string> alias;
};

struct OrderTerm {
  Expr expr;
  bool descending = false;
  std::optional<bool> nulls_first;
};

struct Select {
  bool distinct = false;
  std::vector<ResultColumn> columns;
  std::optional<std::string> table_alias;
  std::optional<Expr> where;
  std::vector<Expr> group_by;
  std::optional<Expr> having;
  std::vector<OrderTerm> order_by;
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> offset;
};

// Limits on the text itself, so that a query cannot make the checker or SQLite's parser work
// without bound.
inline constexpr std::size_t kMaxQueryBytes = 64 * 1024;
inline constexpr int kMaxExprDepth = 64;
inline constexpr std::size_t kMaxOutputs = 100;

// A function of the allow-list (API.md "The data plane"): the aggregates COUNT, SUM, AVG, TOTAL,
// MIN, MAX and a few scalar functions on text, numbers and dates. Left out on purpose: any
// function reaching outside the query (load_extension, readfile, sqlite_*), randomness, and
// printf/format, whose widths can build a string of any size from a short text.
struct Function {
  std::string_view name;  // lower case
  int min_args = 0;
  int max_args = 0;
  bool aggregate = false;
};
const Function* find_function(std::string_view lower_name);
// Whether SQLite may call `name` (any case) while running a checked query: the allow-list, and
// the functions SQLite calls for LIKE and GLOB. The engine's authorizer asks this.
bool sqlite_function_allowed(std::string_view name);

enum class TokenKind { end, word, quoted_name, string, number, symbol, parameter, blob };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;  // words and numbers as written, names and strings unquoted, symbols
  std::size_t offset = 0;
};

// The tokens of `text`, comments skipped, ending with one TokenKind::end; or a refusal for an
// unterminated string, name or comment, or a character outside the grammar (query_lex.cpp).
Result<std::vector<Token>> tokenize(std::string_view text);

// The one SELECT in `text`, or query_not_permitted (rule O15) naming what is not allowed.
Result<Select> parse_select(std::string_view text);

// The expression as SQL: every identifier quoted, every literal re-emitted, every operation in
// parentheses, so that precedence is explicit and two equal trees give the same text.
std::string to_sql(const Expr& e);

// The error every refusal of the grammar carries (O15, CQO-13).
Error grammar_error(std::string detail);

}  // namespace dx::compute::detail
