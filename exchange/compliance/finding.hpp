// A screening finding: which rule of LEGAL.md a product breaks or may break, and why.
#pragma once

#include <string>
#include <vector>

namespace dx::compliance {

// block: the product may not trade as described, and submission rejects it at once.
// review: a listing reviewer must look at it before approving.
enum class Severity { block, review };

struct Finding {
  std::string rule;     // "P3"
  std::string basis;    // "CQ-36(2), CD-25(3), SH-55(2)"
  Severity severity = Severity::block;
  std::string message;  // plain words for the seller; never a personal value from the data
  std::string field;    // the product field concerned, dotted ("rights.authorization.purposes")
};

const char* to_string(Severity s);
bool any_block(const std::vector<Finding>& findings);

}  // namespace dx::compliance
