// Parsing and checking JSON request bodies at the edge: the body becomes typed values here, or a
// 400/415/422 problem that names each bad field. Nothing past this point sees nlohmann::json.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/message.hpp"

namespace dx::http {

// Content-Type must be application/json (415) and the body one JSON object (400). An empty body
// reads as {}.
Result<nlohmann::json> json_object_body(const Request& req);

enum class Need { required, optional };

// Reads fields of one object, collecting every problem before answering.
class Fields {
 public:
  explicit Fields(const nlohmann::json& obj, std::string prefix = "");

  std::optional<std::string> string(const std::string& key, Need need, std::size_t min_chars = 0,
                                    std::size_t max_chars = 1000);
  std::optional<std::int64_t> integer(const std::string& key, Need need, std::int64_t min,
                                      std::int64_t max);
  std::optional<bool> boolean(const std::string& key, Need need);
  std::optional<std::vector<std::string>> string_list(const std::string& key, Need need,
                                                      std::size_t max_items = 100,
                                                      std::size_t max_chars = 200);
  // One of `allowed`; anything else is a field error listing them.
  std::optional<std::string> one_of(const std::string& key, Need need,
                                    const std::vector<std::string>& allowed);
  const nlohmann::json* object(const std::string& key, Need need);

  void add_error(const std::string& key, std::string message);
  // Takes over the errors of a nested object's reader (their names are already dotted).
  void merge(const Fields& nested) {
    errors_.insert(errors_.end(), nested.errors_.begin(), nested.errors_.end());
  }
  bool ok() const { return errors_.empty(); }
  // 422 validation_failed with every field error, or success.
  Status finish() const;
  const std::vector<FieldError>& errors() const { return errors_; }

 private:
  const nlohmann::json* find(const std::string& key, Need need);
  std::string name(const std::string& key) const;

  const nlohmann::json& obj_;
  std::string prefix_;
  std::vector<FieldError> errors_;
};

std::size_t utf8_length(const std::string& s);  // code points; npos when not valid UTF-8
// `limit` of a list: 1 to max_limit, default_limit when absent, or the 422 naming it.
Result<int> parse_limit(const Request& req, int default_limit = 50, int max_limit = 500);
// A staff decision `{decision: "approve" | "reject", reason}` (identity and listing review).
struct Decision {
  bool approve = false;
  std::string reason;
};
Result<Decision> parse_decision(const Request& req);
// Its JSON Schema, for the route table.
nlohmann::json decision_schema();

// `limit` and a row-number `cursor` of a list (API.md "Lists"), or the 422 naming the bad one.
struct PageQuery {
  int limit = 50;
  std::int64_t cursor = 0;  // 0: from the start
};
Result<PageQuery> parse_page(const Request& req);

}  // namespace dx::http
