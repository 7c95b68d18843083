// The product document of API.md "Products and review" at the JSON edge: parsed and checked into a
// compliance::Product (422 naming each bad field), and written back in the API's shape.
#pragma once

#include <nlohmann/json.hpp>

#include "compliance/product.hpp"
#include "core/error.hpp"

namespace dx::listing {

// Types, lengths and enumerations are checked here; whether the product may trade is screening's
// question (a draft may still lack what submission needs).
Result<compliance::Product> parse_product(const nlohmann::json& body);

// The whole document as the seller wrote it, offers with their ids.
nlohmann::json product_json(const compliance::Product& p);

// What anyone may see of a listed product: no file ids, evidence, grantor identity or findings.
nlohmann::json public_product_json(const compliance::Product& p);

// Every file the document names, with the dotted field that names it.
std::vector<std::pair<std::string, std::string>> referenced_files(const compliance::Product& p);

}  // namespace dx::listing
