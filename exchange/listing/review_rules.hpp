// What a reviewer's decision does to a product in review: a pure function, so the rules (one
// approval, two different reviewers for important data, nobody reviews their own product) are
// tested without a server.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"

namespace dx::listing {

struct ReviewState {
  std::string status;
  std::string seller_id;
  bool important = false;              // P9, CQ-14: two approvals by different reviewers
  std::vector<std::string> approvers;  // of the current version so far
};

struct ReviewOutcome {
  enum class Next { rejected, awaits_second_approval, listed };
  Next next = Next::rejected;
  std::size_t approvals = 0;  // counting this decision
  std::size_t approvals_needed = 1;
  bool operator==(Next n) const { return next == n; }
};

Result<ReviewOutcome> review_outcome(const ReviewState& state, const std::string& reviewer, bool approve);

}  // namespace dx::listing
