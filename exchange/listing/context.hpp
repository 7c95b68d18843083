// What the listing handlers share. Built once in app.cpp; lives as long as the router.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "compliance/rules.hpp"
#include "listing/product_store.hpp"

namespace dx {
struct Services;
namespace files {
class BlobStore;
}
}  // namespace dx

namespace dx::listing {

// What listing and delisting a product mean to trading, supplied by the order service so that
// listing knows nothing of books: run inside the same command as the status change.
struct TradingHooks {
  std::function<void(store::Tx&, const std::string& product_id)> listed;
  std::function<void(store::Tx&, const std::string& product_id, const std::string& reason)> delisted;
};

struct Context {
  Services& s;
  const files::BlobStore& blobs;
  const compliance::Rules& rules;
  TradingHooks trading;
};

// A product as the catalogue stores it: its public view without the seller (views.hpp).
nlohmann::json catalog_view(const compliance::Rules& rules, const ProductRow& row);
// "交通 / Traffic" names of a category code, for search terms and views; empty when unknown.
std::string category_names(const compliance::Rules& rules, const std::string& code);

}  // namespace dx::listing
