// The product document of API.md "Products and review" at the JSON edge: parsed and checked into a
// compliance::Product (422 naming each bad field), and written back in the API's shape.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "compliance/product.hpp"
#include "core/error.hpp"

namespace dx::listing {

// Types, lengths and enumerations are checked here; whether the product may trade is screening's
// question (a draft may still lack what submission needs). A seller's edit passes
// `edit_min_group_size` (config compliance.min_k_anonymity): a compute product then needs its
// compute block, with min_group_size at least that, and its data dictionary. A stored document
// is read without it, as it was accepted (one stored before compute products had terms still
// reads; screening blocks it at its next submission).
Result<compliance::Product> parse_product(
    const nlohmann::json& body, std::optional<std::int64_t> edit_min_group_size = std::nullopt);

// The whole document as the seller wrote it, offers with their ids and the gateway's credentials:
// what is sealed at rest, never an answer.
nlohmann::json document_json(const compliance::Product& p);

// What the seller and staff see: the document with `credentials_set` in place of the credentials.
nlohmann::json owner_product_json(const compliance::Product& p);

// What anyone may see of a listed product: no file ids, evidence, grantor identity, findings or
// upstream (a gateway's routes and timeout only).
nlohmann::json public_product_json(const compliance::Product& p);

// Every file the document names, with the dotted field that names it.
std::vector<std::pair<std::string, std::string>> referenced_files(const compliance::Product& p);

}  // namespace dx::listing
