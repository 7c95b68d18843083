// Parsing JSON from outside (request bodies, the configuration) without ambiguity: a document in
// which one object names a key twice is refused, since readers disagree on what it says (nlohmann
// keeps the last value, others the first).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dx {

enum class JsonFault { none, syntax, duplicate_key };

struct StrictJson {
  nlohmann::json value;  // discarded unless fault == none
  JsonFault fault = JsonFault::none;
  std::string duplicate;  // the key named twice
};

StrictJson parse_strict_json(std::string_view text);

}  // namespace dx
