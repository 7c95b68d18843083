#include "matching/book_set.hpp"

namespace dx::matching {

OrderBook* BookSet::find(OfferId offer) {
  const auto it = books_.find(offer);
  return it == books_.end() ? nullptr : &it->second;
}

const OrderBook* BookSet::find(OfferId offer) const {
  const auto it = books_.find(offer);
  return it == books_.end() ? nullptr : &it->second;
}

}  // namespace dx::matching
