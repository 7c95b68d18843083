// Request bodies checked against the JSON Schema of their route (Route::request_schema), the same
// document openapi.json serves: one source of truth for a body's shape, checked by a maintained
// validator (valijson) before the handler runs. Handlers still read the body through Fields, for
// the typed values and for the rules a schema cannot say (a date in the future, an existing id).
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace valijson {
class Schema;
}

namespace dx::http {

class BodySchema {
 public:
  // Throws std::invalid_argument when `schema` is no schema the validator can read (a programming
  // error in the route table, found at start). A member that is not required may also be null,
  // which reads as absent, as Fields reads it.
  explicit BodySchema(const nlohmann::json& schema);
  ~BodySchema();
  BodySchema(const BodySchema&) = delete;
  BodySchema& operator=(const BodySchema&) = delete;

  // Success, or 422 validation_failed naming each bad field once ("rights.holder", "items[2]").
  Status check(const nlohmann::json& body) const;

 private:
  nlohmann::json schema_;  // as read: the messages quote its bounds
  std::unique_ptr<valijson::Schema> compiled_;
};

}  // namespace dx::http
