// The tokenizer of the query grammar (query_syntax.hpp): SQLite's lexical rules for words,
// quoted names ("a", [a], `a`), strings, numbers and symbols. Comments are skipped; bound
// parameters and blob literals become tokens of their own so the parser can name them.

#include <cctype>

#include "compute/query_syntax.hpp"

namespace dx::compute::detail {
namespace {

bool word_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) != 0 || c == '_' || u >= 0x80;  // SQLite reads any non-ASCII byte
}

bool word_char(char c) {
  return word_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '$';
}

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  Result<std::vector<Token>> run() {
    while (true) {
      if (!skip_space_and_comments()) return grammar_error("A comment is never closed.");
      if (i_ >= s_.size()) break;
      if (auto failed = next(); !failed.empty()) return grammar_error(std::move(failed));
    }
    out_.push_back({TokenKind::end, "", s_.size()});
    return std::move(out_);
  }

 private:
  bool skip_space_and_comments() {
    while (i_ < s_.size()) {
      if (std::isspace(static_cast<unsigned char>(s_[i_])) != 0) {
        ++i_;
      } else if (s_.substr(i_, 2) == "--") {
        const std::size_t eol = s_.find('\n', i_);
        i_ = eol == std::string_view::npos ? s_.size() : eol + 1;
      } else if (s_.substr(i_, 2) == "/*") {
        const std::size_t close = s_.find("*/", i_ + 2);
        if (close == std::string_view::npos) return false;
        i_ = close + 2;
      } else {
        return true;
      }
    }
    return true;
  }

  // One token at i_; an empty string, or what is wrong.
  std::string next() {
    const char c = s_[i_];
    if ((c == 'x' || c == 'X') && i_ + 1 < s_.size() && s_[i_ + 1] == '\'') {
      ++i_;
      return quoted('\'', '\'', TokenKind::blob, "A blob literal");
    }
    if (word_start(c)) return word();
    if (digit(c) || (c == '.' && i_ + 1 < s_.size() && digit(s_[i_ + 1]))) return number();
    switch (c) {
      case '\'':
        return quoted('\'', '\'', TokenKind::string, "A string");
      case '"':
        return quoted('"', '"', TokenKind::quoted_name, "A quoted name");
      case '`':
        return quoted('`', '`', TokenKind::quoted_name, "A quoted name");
      case '[':
        return quoted('[', ']', TokenKind::quoted_name, "A bracketed name");
      case '?':
      case ':':
      case '@':
      case '$':
        return parameter();
      default:
        return symbol();
    }
  }

  std::string word() {
    const std::size_t start = i_;
    while (i_ < s_.size() && word_char(s_[i_])) ++i_;
    push(TokenKind::word, std::string(s_.substr(start, i_ - start)), start);
    return {};
  }

  std::string number() {
    const std::size_t start = i_;
    if (s_.substr(i_, 2) == "0x" || s_.substr(i_, 2) == "0X") {
      i_ += 2;
      while (i_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[i_])) != 0) ++i_;
    } else {
      digits();
      if (i_ < s_.size() && s_[i_] == '.') ++i_, digits();
      if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
        ++i_;
        if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
        if (i_ >= s_.size() || !digit(s_[i_])) return "A number's exponent has no digits.";
        digits();
      }
    }
    if (i_ < s_.size() && word_char(s_[i_])) {
      return "\"" + std::string(s_.substr(start, i_ + 1 - start)) + "\" is not a number.";
    }
    push(TokenKind::number, std::string(s_.substr(start, i_ - start)), start);
    return {};
  }

  void digits() {
    while (i_ < s_.size() && digit(s_[i_])) ++i_;
  }

  // Text between `open` and `close`, a doubled `close` standing for one.
  std::string quoted(char open, char close, TokenKind kind, const char* what) {
    const std::size_t start = i_;
    std::string value;
    for (++i_; i_ < s_.size(); ++i_) {
      if (s_[i_] != close) {
        value += s_[i_];
      } else if (open != '[' && i_ + 1 < s_.size() && s_[i_ + 1] == close) {
        value += close;
        ++i_;
      } else {
        ++i_;
        push(kind, std::move(value), start);
        return {};
      }
    }
    return std::string(what) + " is never closed.";
  }

  std::string parameter() {
    const std::size_t start = i_;
    for (++i_; i_ < s_.size() && word_char(s_[i_]);) ++i_;
    push(TokenKind::parameter, std::string(s_.substr(start, i_ - start)), start);
    return {};
  }

  std::string symbol() {
    static constexpr std::string_view kTwo[] = {
        "||", "<=", ">=", "==", "!=", "<>", "<<", ">>", "->"};
    for (std::string_view two : kTwo) {
      if (s_.substr(i_, 2) == two) {
        push(TokenKind::symbol, std::string(two), i_);
        i_ += 2;
        return {};
      }
    }
    static constexpr std::string_view kOne = "(),.;*/%+-<>=&|~";
    if (kOne.find(s_[i_]) == std::string_view::npos) {
      return "The character \"" + std::string(1, s_[i_]) + "\" has no place in a query.";
    }
    push(TokenKind::symbol, std::string(1, s_[i_]), i_);
    ++i_;
    return {};
  }

  void push(TokenKind kind, std::string text, std::size_t offset) {
    out_.push_back({kind, std::move(text), offset});
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::vector<Token> out_;
};

}  // namespace

Result<std::vector<Token>> tokenize(std::string_view text) { return Lexer(text).run(); }

}  // namespace dx::compute::detail
