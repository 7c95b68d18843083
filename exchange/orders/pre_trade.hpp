// The pre-trade checks of API.md "Orders and matching", as a pure function over plain facts, in
// the order the issue fixes: the caller not suspended (O14), identity verified (O2), product
// listed and its seller not suspended (O14), only the seller sells, the declared purpose within
// the offer's (O12), cross-border (P8). Funds and seats are checked against the live ledger and
// book by the order service. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "matching/types.hpp"

namespace dx::orders {

// The book's side, so that an order reaches the book without a translation.
using Side = matching::Side;

struct Caller {
  std::string account_id;
  bool verified = false;
  bool suspended = false;
  std::string jurisdiction;  // ISO 3166 alpha-2
};

struct OfferFacts {
  std::string product_status;
  bool current_version = false;  // the offer belongs to the product's listed version
  std::string seller_id;
  std::vector<std::string> purposes;
  bool cross_border = false;
  bool important = false;             // classification important (or core)
  bool personal_information = false;  // anonymized or identified
  bool seller_suspended = false;      // O14: nothing trades against a suspended party
};

// The checks on the caller alone, which come before anything about the offer, even whether it
// exists: a suspended or unverified caller learns nothing of the offers.
std::optional<Error> caller_refusal(const Caller& caller);

std::optional<Error> pre_trade_refusal(const Caller& caller, const OfferFacts& offer, Side side,
                                       const std::string& purpose);

}  // namespace dx::orders
