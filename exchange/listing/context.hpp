// What the listing handlers share. Built once in app.cpp; lives as long as the router.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "compliance/rules.hpp"
#include "listing/product_store.hpp"

namespace dx {
struct Services;
namespace files {
class BlobStore;
}
namespace http {
struct Principal;
}
}  // namespace dx

namespace dx::listing {

struct Context {
  Services& s;
  const files::BlobStore& blobs;
  const compliance::Rules& rules;
};

// The product as its seller and staff see it: the whole document, status, findings, reviews,
// the versions so far.
nlohmann::json owner_view(store::Db& db, const Context& c, const ProductRow& row);
// The product as anyone sees it in the catalogue (API.md: no evidence, file ids or findings).
nlohmann::json public_view(store::Db& db, const Context& c, const ProductRow& row);
// The caller may see everything: the seller or staff.
bool sees_all(const http::Principal* who, const ProductRow& row);
// "交通 / Traffic" names of a category code, for search terms and views; empty when unknown.
std::string category_names(const compliance::Rules& rules, const std::string& code);

}  // namespace dx::listing
