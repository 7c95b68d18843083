#include "listing/review_rules.hpp"

#include <algorithm>

namespace dx::listing {

Result<ReviewOutcome> review_outcome(const ReviewState& state, const std::string& reviewer, bool approve) {
  if (state.status != "in_review")
    return make_error(Errc::invalid_state, "Only a product in review can be decided; this one is " + state.status + ".");
  if (reviewer == state.seller_id) return make_error(Errc::forbidden, "Nobody reviews their own product.");
  ReviewOutcome out;
  out.approvals_needed = state.important ? 2 : 1;
  out.approvals = state.approvers.size();
  if (!approve) return out;
  if (std::find(state.approvers.begin(), state.approvers.end(), reviewer) != state.approvers.end())
    return make_error(Errc::invalid_state,
                      "You approved this version already; important data needs a second approval by another reviewer.");
  out.approvals += 1;
  out.next = out.approvals >= out.approvals_needed ? ReviewOutcome::Next::listed
                                                   : ReviewOutcome::Next::awaits_second_approval;
  return out;
}

}  // namespace dx::listing
