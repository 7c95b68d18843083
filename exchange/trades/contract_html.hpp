// The data-use agreement as a document people read (issue 6: "also rendered as a readable
// document (HTML) for people"): every item O12 requires (CQ-29, CQO-25, CQ-30), with every value
// HTML-escaped. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dx::trades {

// Whether an Accept header prefers text/html to application/json (RFC 9110 §12.5.1: the most
// specific matching range gives a type its weight; a tie or no header answers JSON).
bool prefers_html(std::string_view accept);

// A complete HTML page for the stored agreement `doc` (the JSON open_trade made) whose stored
// text has SHA-256 `sha256_hex`.
std::string contract_html(const nlohmann::json& doc, const std::string& sha256_hex);

// Escapes & < > " ' for HTML text and attribute values.
std::string escape_html(std::string_view text);

// 123456 fen → "¥1,234.56".
std::string yuan(std::int64_t fen);

}  // namespace dx::trades
