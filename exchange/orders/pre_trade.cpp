#include "orders/pre_trade.hpp"

#include <algorithm>

namespace dx::orders {

std::optional<Error> caller_refusal(const Caller& caller) {
  // O14, CQO-39: a suspended account's access is suspended pending rectification.
  if (caller.suspended)
    return legal_error(Errc::account_suspended, "This account is suspended; it may not trade until reinstated.",
                       "O14", "CQO-39");
  // O2, CQ-37(2): both parties to a trade are identity-verified.
  if (!caller.verified)
    return legal_error(Errc::kyc_required, "Verify your identity first (POST /api/v1/kyc) and wait for approval.",
                       "O2", "CQ-37(2)");
  return std::nullopt;
}

std::optional<Error> pre_trade_refusal(const Caller& caller, const OfferFacts& offer, Side side,
                                       const std::string& purpose) {
  if (auto refusal = caller_refusal(caller)) return refusal;
  if (offer.product_status != "listed" || !offer.current_version)
    return make_error(Errc::product_not_tradable, "This product is not listed, so its offers do not trade.");
  if (offer.seller_suspended)
    return legal_error(Errc::product_not_tradable,
                       "The seller of this product is suspended, so its offers do not trade until it is reinstated.",
                       "O14", "CQO-39");
  if (side == Side::sell && caller.account_id != offer.seller_id)
    return make_error(Errc::not_seller, "Only the product's seller may sell its licences.");
  if (side == Side::sell) return std::nullopt;
  // O12, CQ-29: use beyond the agreed purposes is forbidden.
  if (std::find(offer.purposes.begin(), offer.purposes.end(), purpose) == offer.purposes.end())
    return legal_error(Errc::purpose_not_permitted,
                       "The purpose \"" + purpose + "\" is not among this offer's purposes.", "O12", "CQ-29");
  // P8, CQ-10: personal information and important data leave the country only after a security
  // assessment; an offer not marked cross-border does not leave at all.
  if (caller.jurisdiction != "CN" && (!offer.cross_border || offer.important || offer.personal_information))
    return legal_error(Errc::cross_border_prohibited,
                       "This licence may not be sold to a buyer outside China: " +
                           std::string(!offer.cross_border ? "the offer is not cross-border"
                                                           : "it holds important data or personal information") +
                           ".",
                       "P8", "CQ-10");
  return std::nullopt;
}

}  // namespace dx::orders
