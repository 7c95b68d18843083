#include "complaints/notifications.hpp"

#include "crypto/crypto.hpp"
#include "store/sequencer.hpp"

namespace dx::complaints {

void notify(store::Tx& tx, const Notice& n) {
  repository::insert_notification(tx, {0, new_id("ntf"), tx.now_text(), n});
}

}  // namespace dx::complaints
