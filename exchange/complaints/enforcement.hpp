// What a complaint does to its product and trades (O13, CQO-41: "where necessary the product is
// suspended at once; the outcome is withdraw, restore, or fix-then-reopen"). Each function changes
// the product, its orders and its trades in the caller's sequencer command, records every move
// (O3) and tells the seller and the buyers concerned (notifications.hpp). Sequencer thread only.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "complaints/context.hpp"
#include "complaints/repository.hpp"
#include "core/error.hpp"

namespace dx::store {
class Tx;
}

namespace dx::complaints {

// The complaint acting, and who acts: a complaints officer, or "exchange" when the rules act at
// filing.
struct Case {
  const ComplaintRow& complaint;
  std::string actor;
};

enum class Suspension { at_filing, by_officer };

// Why a product or trade moved, for its record: the complaint, its type and O13 (CQO-41).
nlohmann::json why(const Case& k);

// The title of the complaint's product, or its id when the product is gone.
std::string product_title(store::Tx& tx, const Context& c, const std::string& product_id);

// Suspends the complaint's product: off the catalogue, resting orders cancelled with their
// reservations released, unsettled trades frozen with their timers paused. True when the
// complaint now holds the product (also when another complaint had suspended it already); false
// at filing when the product is not listed; 409 for an officer when it is neither listed nor
// suspended.
Result<bool> suspend_product(store::Tx& tx, const Context& c, const Case& k, Suspension how);

// Freezes the complaint's one trade. 409 when the trade is settled, refunded or frozen already
// by an officer's request; false at filing in that case.
Result<bool> freeze_trade(store::Tx& tx, const Context& c, const Case& k, Suspension how);

// Dismissed: the product is listed again, back in the catalogue with its standing asks, when this
// complaint suspended it and no other open complaint holds it; its frozen trades resume.
void restore_product(store::Tx& tx, const Context& c, const Case& k);

// Upheld with `withdraw`: the product is withdrawn, its orders cancelled, every unsettled trade
// (frozen or not) refunded to its buyer.
void withdraw_product(store::Tx& tx, const Context& c, const Case& k);

// Upheld with `fix_then_reopen`: the product goes back to its seller as rejected, with the
// complaint as a block finding citing the rule of its type, to be fixed and reviewed again; its
// frozen trades resume. 409 when the product is not for sale or in review.
Status return_for_fix(store::Tx& tx, const Context& c, const Case& k, const std::string& note);

// A complaint about one trade: upheld refunds it (a settled trade stays settled: its money has
// reached the seller), dismissed resumes it when nothing else holds it.
void refund_trade(store::Tx& tx, const Context& c, const Case& k);
void release_trade(store::Tx& tx, const Context& c, const Case& k);

// Resumes the product's frozen trades that no other open complaint holds.
void release_product_trades(store::Tx& tx, const Context& c, const Case& k,
                            const std::string& title);
// Refunds every unsettled trade of the product.
void refund_product_trades(store::Tx& tx, const Context& c, const Case& k,
                           const std::string& title);
// Freezes every unsettled trade of the product.
void freeze_product_trades(store::Tx& tx, const Context& c, const Case& k,
                           const std::string& title);

}  // namespace dx::complaints
