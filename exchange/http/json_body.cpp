#include "http/json_body.hpp"

#include <algorithm>

#include "core/strict_json.hpp"
#include "core/utf8.hpp"

namespace dx::http {

Result<nlohmann::json> json_object_body(const Request& req) {
  if (req.json_body) return *req.json_body;
  if (req.body.empty()) return nlohmann::json::object();
  const std::string* ct = req.header("content-type");
  std::string media = ct ? ct->substr(0, ct->find(';')) : "";
  media.erase(std::remove(media.begin(), media.end(), ' '), media.end());
  std::transform(media.begin(), media.end(), media.begin(), ::tolower);
  if (media != "application/json")
    return make_error(Errc::unsupported_media_type, "Send the body as application/json.");
  auto parsed = parse_strict_json(req.body);
  switch (parsed.fault) {
    case JsonFault::none: break;
    case JsonFault::syntax: return make_error(Errc::malformed_json, "The body is not valid JSON.");
    case JsonFault::duplicate_key:
      return make_error(Errc::malformed_json, "The body names the key \"" +
                                                  std::string(utf8_prefix(parsed.duplicate, 100)) + "\" twice.");
  }
  if (!parsed.value.is_object()) return make_error(Errc::malformed_json, "The body must be a JSON object.");
  return std::move(parsed.value);
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (std::string_view rest = s; !rest.empty(); ++n) {
    const std::size_t len = utf8_sequence_length(rest);
    if (len == 0) return std::string::npos;
    rest.remove_prefix(len);
  }
  return n;
}

Fields::Fields(const nlohmann::json& obj, std::string prefix) : obj_(obj), prefix_(std::move(prefix)) {}

std::string Fields::name(const std::string& key) const {
  return prefix_.empty() ? key : prefix_ + "." + key;
}

void Fields::add_error(const std::string& key, std::string message) {
  errors_.push_back({name(key), std::move(message)});
}

const nlohmann::json* Fields::find(const std::string& key, Need need) {
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) {
    if (need == Need::required) add_error(key, "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> Fields::string(const std::string& key, Need need, std::size_t min_chars,
                                          std::size_t max_chars) {
  const auto* v = find(key, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    add_error(key, "must be a string");
    return std::nullopt;
  }
  auto s = v->get<std::string>();
  const auto len = utf8_length(s);
  if (len == std::string::npos) {
    add_error(key, "must be valid UTF-8");
    return std::nullopt;
  }
  if (len < min_chars || len > max_chars) {
    add_error(key, "must be " + std::to_string(min_chars) + " to " + std::to_string(max_chars) +
                       " characters long");
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> Fields::integer(const std::string& key, Need need, std::int64_t min,
                                            std::int64_t max) {
  const auto* v = find(key, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer() || (v->is_number_unsigned() && v->get<std::uint64_t>() > INT64_MAX)) {
    add_error(key, "must be an integer");
    return std::nullopt;
  }
  const auto n = v->get<std::int64_t>();
  if (n < min || n > max) {
    add_error(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> Fields::boolean(const std::string& key, Need need) {
  const auto* v = find(key, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    add_error(key, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> Fields::string_list(const std::string& key, Need need,
                                                            std::size_t max_items,
                                                            std::size_t max_chars) {
  const auto* v = find(key, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array() || v->size() > max_items) {
    add_error(key, "must be a list of at most " + std::to_string(max_items) + " strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *v) {
    if (!item.is_string() || utf8_length(item.get<std::string>()) > max_chars ||
        item.get<std::string>().empty()) {
      add_error(key, "must hold non-empty strings of at most " + std::to_string(max_chars) +
                         " characters");
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<std::string> Fields::one_of(const std::string& key, Need need,
                                          const std::vector<std::string>& allowed) {
  auto s = string(key, need, 0, 200);
  if (!s) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *s) != allowed.end()) return s;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  add_error(key, "must be one of: " + list);
  return std::nullopt;
}

const nlohmann::json* Fields::object(const std::string& key, Need need) {
  const auto* v = find(key, need);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    add_error(key, "must be an object");
    return nullptr;
  }
  return v;
}

Status Fields::finish() const {
  if (errors_.empty()) return ok_status();
  Error e = make_error(Errc::validation_failed, "The request has invalid fields.");
  e.errors = errors_;
  return e;
}

Result<int> parse_limit(const Request& req, int default_limit, int max_limit) {
  const std::string* s = req.query_param("limit");
  if (s == nullptr) return default_limit;
  if (s->empty() || s->size() > 6 || s->find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(*s) < 1 || std::stoi(*s) > max_limit)
    return field_error("limit", "must be an integer from 1 to " + std::to_string(max_limit));
  return std::stoi(*s);
}

namespace {

// The `cursor` of a list whose cursors are row numbers; 0 when absent, 422 when not one of ours.
Result<std::int64_t> parse_row_cursor(const Request& req) {
  const std::string* c = req.query_param("cursor");
  if (c == nullptr) return std::int64_t{0};
  if (c->empty() || c->size() > 18 || c->find_first_not_of("0123456789") != std::string::npos)
    return field_error("cursor", "is not a cursor from this list");
  return std::stoll(*c);
}

}  // namespace

Result<Decision> parse_decision(const Request& req) {
  auto body = json_object_body(req);
  if (!body) return body.error();
  Fields f(*body);
  auto decision = f.one_of("decision", Need::required, {"approve", "reject"});
  auto reason = f.string("reason", Need::required, 1, 2000);
  if (auto st = f.finish(); !st) return st.error();
  return Decision{*decision == "approve", *reason};
}

nlohmann::json decision_schema() {
  return {{"type", "object"},
          {"required", {"decision", "reason"}},
          {"properties",
           {{"decision", {{"type", "string"}, {"enum", {"approve", "reject"}}}}, {"reason", {{"type", "string"}}}}}};
}

Result<PageQuery> parse_page(const Request& req) {
  const auto limit = parse_limit(req);
  if (!limit) return limit.error();
  PageQuery q;
  q.limit = *limit;
  auto cursor = parse_row_cursor(req);
  if (!cursor) return cursor.error();
  q.cursor = *cursor;
  return q;
}

}  // namespace dx::http
