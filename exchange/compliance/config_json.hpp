// Internal to dx_compliance: reading the JSON files of config/compliance/, with errors that name
// the file and the key ("keywords.json: national_security[3]: must be a non-empty string").
#pragma once

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace dx::compliance::detail {

Error config_error(const std::filesystem::path& file, const std::string& key,
                   const std::string& what);

// The file's top-level JSON object.
Result<nlohmann::json> read_json(const std::filesystem::path& file);

// The non-empty array at doc[key].
Result<nlohmann::json> array_at(const std::filesystem::path& file, const nlohmann::json& doc,
                                const std::string& key);

// "rules[3].basis"; "rules[3]" when `member` is empty.
std::string key_of(const std::string& array, std::size_t i, const std::string& member);

// The non-empty string at item[member], or nullopt.
std::optional<std::string> text_at(const nlohmann::json& item, const std::string& member);

// item[member] as a flag; false when absent, nullopt when not a boolean.
std::optional<bool> flag_at(const nlohmann::json& item, const std::string& member);

// Refuses a member of `object` not in `known`; `where` prefixes the key in the error.
Status known_keys(const std::filesystem::path& file, const nlohmann::json& object,
                  std::initializer_list<const char*> known, const std::string& where);

// The non-empty array of non-empty strings at doc[key] (`where` + key in errors).
Result<std::vector<std::string>> strings_at(const std::filesystem::path& file,
                                            const nlohmann::json& doc, const std::string& key,
                                            const std::string& where = "");

}  // namespace dx::compliance::detail
