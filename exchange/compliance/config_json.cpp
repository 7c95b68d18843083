#include "compliance/config_json.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace dx::compliance::detail {

using nlohmann::json;
namespace fs = std::filesystem;

Error config_error(const fs::path& file, const std::string& key, const std::string& what) {
  Error e = field_error(file.filename().string() + ": " + key, what);
  e.detail = file.string() + ": " + key + ": " + what;
  return e;
}

Result<json> read_json(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error(Errc::internal, file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  json doc = json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) return config_error(file, "(document)", "is not valid JSON");
  if (!doc.is_object()) return config_error(file, "(document)", "must be a JSON object");
  return doc;
}

Result<json> array_at(const fs::path& file, const json& doc, const std::string& key) {
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_array() || it->empty()) {
    return config_error(file, key, "must be a non-empty array");
  }
  return *it;
}

std::string key_of(const std::string& array, std::size_t i, const std::string& member) {
  return array + "[" + std::to_string(i) + "]" + (member.empty() ? "" : "." + member);
}

std::optional<std::string> text_at(const json& item, const std::string& member) {
  const auto it = item.find(member);
  if (it == item.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<bool> flag_at(const json& item, const std::string& member) {
  const auto it = item.find(member);
  if (it == item.end()) return false;
  if (!it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

Status known_keys(const fs::path& file, const json& object,
                  std::initializer_list<const char*> known, const std::string& where) {
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    const bool ok = std::any_of(known.begin(), known.end(), [&key](const char* k) { return key == k; });
    if (!ok) return config_error(file, where + key, "is not a known key");
  }
  return ok_status();
}

Result<std::vector<std::string>> strings_at(const fs::path& file, const json& doc,
                                            const std::string& key, const std::string& where) {
  auto items = array_at(file, doc, key);
  if (!items) return config_error(file, where + key, "must be a non-empty array");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& item = (*items)[i];
    if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
      return config_error(file, key_of(where + key, i, ""), "must be a non-empty string");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace dx::compliance::detail
