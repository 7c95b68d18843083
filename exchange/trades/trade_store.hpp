// What other folders read of a trade: its row and the repository's lookup of it by id, under the
// names they have always used. Inside this folder, trades/repository.hpp.
#pragma once

#include "trades/repository.hpp"
#include "trades/trade.hpp"

namespace dx::trades {

using repository::load_trade;

}  // namespace dx::trades
