// Answering from handlers: JSON documents and problems.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/message.hpp"

namespace dx::http {

inline void send_json(const Reply& reply, int status, const nlohmann::json& body) {
  reply(json_response(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

inline void send_problem(const Reply& reply, const Error& error) { reply(problem_response(error)); }

// Sends a Result<json>: the value with `status`, or the error as a problem.
inline void send_result(const Reply& reply, int status, const Result<nlohmann::json>& result) {
  if (result) send_json(reply, status, *result);
  else send_problem(reply, result.error());
}

// A list (API.md "Lists"): {"items": [...], "next_cursor": cursor or null}. The one envelope, as a
// JSON tree, or as text for lists whose items are JSON text already (the hot lists: catalogue,
// orders), which are joined without being parsed again.
inline nlohmann::json page(nlohmann::json items, const std::optional<std::string>& next_cursor) {
  return {{"items", std::move(items)},
          {"next_cursor", next_cursor ? nlohmann::json(*next_cursor) : nlohmann::json(nullptr)}};
}
inline std::string page_text(const std::vector<std::string>& items,
                             const std::optional<std::string>& next_cursor) {
  std::string out = "{\"items\":[";
  for (std::size_t i = 0; i < items.size(); ++i) out.append(i ? "," : "").append(items[i]);
  return out + "],\"next_cursor\":" + (next_cursor ? nlohmann::json(*next_cursor).dump() : "null") +
         "}";
}

}  // namespace dx::http
