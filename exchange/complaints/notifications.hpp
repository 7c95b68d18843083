// Notifications: what happened to an account because of a complaint, in plain words with the rule
// cited, so that the objector gets feedback (O13, CQO-41) and the seller and the buyers concerned
// learn why their product, order or trade changed. Written in the same transaction as the change.
#pragma once

#include "complaints/repository.hpp"

namespace dx::store {
class Tx;
}

namespace dx::complaints {

// Stores `notice` for its account with a new id, at the transaction's time.
void notify(store::Tx& tx, const Notice& notice);

}  // namespace dx::complaints
