#include "core/strict_json.hpp"

#include <set>
#include <vector>

namespace dx {

StrictJson parse_strict_json(std::string_view text) {
  StrictJson out;
  std::vector<std::set<std::string>> open;  // the keys seen in each object being read
  using Event = nlohmann::json::parse_event_t;
  auto callback = [&](int, Event event, nlohmann::json& parsed) {
    if (event == Event::object_start) {
      open.emplace_back();
    } else if (event == Event::object_end) {
      open.pop_back();
    } else if (event == Event::key && !open.back().insert(parsed.get<std::string>()).second &&
               out.fault == JsonFault::none) {
      out.fault = JsonFault::duplicate_key;
      out.duplicate = parsed.get<std::string>();
    }
    return true;
  };
  out.value = nlohmann::json::parse(text.begin(), text.end(), callback, false);
  if (out.value.is_discarded()) out.fault = JsonFault::syntax;
  if (out.fault != JsonFault::none) out.value = nlohmann::json(nlohmann::json::value_t::discarded);
  return out;
}

}  // namespace dx
