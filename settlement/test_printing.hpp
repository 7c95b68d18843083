// Readable enumerations and amounts in GoogleTest failure messages.
#pragma once

#include <ostream>

#include "settlement/fen.hpp"
#include "settlement/ledger.hpp"
#include "settlement/trade_state.hpp"

namespace dx::settlement {

inline void PrintTo(Fen amount, std::ostream* os) { *os << amount.value() << " fen"; }
inline void PrintTo(LedgerError e, std::ostream* os) { *os << to_string(e); }
inline void PrintTo(TransitionError e, std::ostream* os) { *os << to_string(e); }
inline void PrintTo(TradeStatus s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(TradeEvent e, std::ostream* os) { *os << to_string(e); }
inline void PrintTo(TimerKind k, std::ostream* os) { *os << to_string(k); }
inline void PrintTo(Effect e, std::ostream* os) { *os << to_string(e); }

}  // namespace dx::settlement
