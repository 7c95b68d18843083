#include "matching/events.hpp"

namespace dx::matching {

std::string_view to_string(RejectReason reason) {
  switch (reason) {
    case RejectReason::non_positive_price:
      return "non_positive_price";
    case RejectReason::non_positive_quantity:
      return "non_positive_quantity";
    case RejectReason::amount_overflow:
      return "amount_overflow";
    case RejectReason::duplicate_order_id:
      return "duplicate_order_id";
    case RejectReason::level_overflow:
      return "level_overflow";
    case RejectReason::unknown_order_id:
      return "unknown_order_id";
  }
  return "unknown";
}

std::string_view to_string(CancelReason reason) {
  switch (reason) {
    case CancelReason::requested:
      return "requested";
    case CancelReason::ioc_remainder:
      return "ioc_remainder";
    case CancelReason::fok_unfillable:
      return "fok_unfillable";
    case CancelReason::self_trade_prevented:
      return "self_trade_prevented";
  }
  return "unknown";
}

}  // namespace dx::matching
