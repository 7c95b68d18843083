#include "compliance/finding.hpp"

#include <algorithm>

namespace dx::compliance {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::block:
      return "block";
    case Severity::review:
      return "review";
  }
  return "block";
}

bool any_block(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::block; });
}

}  // namespace dx::compliance
