#include "http/body_schema.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace dx::http {

namespace {

using nlohmann::json;

// Optional members may be null (absent): `type` gains "null" and `enum` gains null, all the way down.
json nulls_as_absent(json schema) {
  if (!schema.is_object()) return schema;
  if (auto it = schema.find("items"); it != schema.end()) *it = nulls_as_absent(*it);
  auto props = schema.find("properties");
  if (props == schema.end()) return schema;
  const json required = schema.value("required", json::array());
  for (auto& [name, sub] : props->items()) {
    sub = nulls_as_absent(sub);
    if (std::find(required.begin(), required.end(), name) != required.end() || !sub.is_object()) continue;
    if (auto t = sub.find("type"); t != sub.end() && t->is_string()) *t = json::array({*t, "null"});
    if (auto e = sub.find("enum"); e != sub.end() && e->is_array()) e->push_back(nullptr);
  }
  return schema;
}

// valijson's context ["<root>", "[items]", "[2]", "[name]"] as a field name "items[2].name"; an
// item that is no object is named by its list, as Fields names it ("roles", not "roles[0]").
std::string field_name(const std::vector<std::string>& context) {
  std::string out;
  for (std::size_t i = 1; i < context.size(); ++i) {
    if (i + 1 == context.size() && i > 1 && context[i].find_first_not_of("[0123456789]") == std::string::npos) break;
    const std::string key = context[i].substr(1, context[i].size() - 2);
    const bool index = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
    if (index) out += "[" + key + "]";
    else out += (out.empty() ? "" : ".") + key;
  }
  return out;
}

// The part of the schema and of the body a field name points at.
struct Spot {
  const json* schema = nullptr;
  const json* value = nullptr;
};

Spot locate(const json& schema, const json& body, const std::vector<std::string>& context) {
  Spot s{&schema, &body};
  for (std::size_t i = 1; i < context.size() && s.schema && s.value; ++i) {
    const std::string key = context[i].substr(1, context[i].size() - 2);
    if (s.value->is_array()) {
      s.schema = s.schema->contains("items") ? &(*s.schema)["items"] : nullptr;
      const auto n = std::stoul(key);
      s.value = n < s.value->size() ? &(*s.value)[n] : nullptr;
    } else {
      const json* props = s.schema->contains("properties") ? &(*s.schema)["properties"] : nullptr;
      s.schema = props && props->contains(key) ? &(*props)[key] : nullptr;
      s.value = s.value->contains(key) ? &(*s.value)[key] : nullptr;
    }
  }
  return s;
}

// "1 to 200", "at least 12" or "at most 500": the bounds the schema gives, in words.
std::string range(const json& schema, const char* low, const char* high, const char* between) {
  const bool lo = schema.contains(low), hi = schema.contains(high);
  if (lo && hi) return schema[low].dump() + between + schema[high].dump();
  if (lo) return "at least " + schema[low].dump();
  return "at most " + (hi ? schema[high].dump() : std::string("the limit"));
}

// A message in the words Fields uses, from the constraint that failed and the schema's bounds.
std::string message(const json& schema, const json* value, const std::string& description) {
  const std::string type = schema.value("type", json()).is_string() ? schema["type"].get<std::string>() : "";
  if (value == nullptr || value->is_null()) return "is required";
  if (schema.contains("enum")) {
    std::string list;
    for (const auto& v : schema["enum"])
      if (v.is_string()) list += (list.empty() ? "" : ", ") + v.get<std::string>();
    return "must be one of: " + list;
  }
  if (description.starts_with("String should be a valid")) return "must be a valid " + schema.value("format", "value");
  if (description.starts_with("String should be"))
    return "must be " + range(schema, "minLength", "maxLength", " to ") + " characters long";
  if (description.starts_with("Expected number")) {
    const bool both = schema.contains("minimum") && schema.contains("maximum");
    return std::string("must be ") + (both ? "between " : "") + range(schema, "minimum", "maximum", " and ");
  }
  if (description.starts_with("Array should contain"))
    return "must be a list of " + range(schema, "minItems", "maxItems", " to ") + " items";
  if (description.starts_with("Failed to match regex")) return "is not in the expected format";
  if (type == "string") return "must be a string";
  if (type == "integer") return "must be an integer";
  if (type == "number") return "must be a number";
  if (type == "boolean") return "must be true or false";
  if (type == "array") return "must be a list";
  if (type == "object") return "must be an object";
  return "is not valid here";
}

}  // namespace

BodySchema::BodySchema(const json& schema) : schema_(schema), compiled_(std::make_unique<valijson::Schema>()) {
  const json permissive = nulls_as_absent(schema);
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
    parser.populateSchema(valijson::adapters::NlohmannJsonAdapter(permissive), *compiled_);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("unreadable request schema: ") + e.what());
  }
}

BodySchema::~BodySchema() = default;

Status BodySchema::check(const json& body) const {
  const valijson::adapters::NlohmannJsonAdapter target(body);
  if (valijson::Validator().validate(*compiled_, target, nullptr)) return ok_status();
  valijson::ValidationResults results;
  valijson::Validator().validate(*compiled_, target, &results);
  Error e = make_error(Errc::validation_failed, "The request has invalid fields.");
  std::set<std::string> named;
  for (const auto& r : results) {
    if (r.description.starts_with("Failed to validate")) continue;  // a wrapper of a deeper error
    std::vector<std::string> context = r.context;
    const bool missing = r.description.starts_with("Missing required property '");
    const bool unknown = r.description.starts_with("Object contains a property");
    if (missing || unknown) {  // the description names the member, the context its object
      const auto end = r.description.rfind('\'');
      const auto start = r.description.rfind('\'', end - 1) + 1;
      context.push_back("[" + r.description.substr(start, end - start) + "]");
    }
    const std::string field = field_name(context);
    if (!named.insert(field).second) continue;
    const Spot spot = locate(schema_, body, context);
    e.errors.push_back({field, unknown ? "is not a field of this request"
                                       : message(spot.schema ? *spot.schema : json::object(), spot.value, r.description)});
  }
  return e;
}

}  // namespace dx::http
