// The screening engine (issue "Listing data products"): a pure function from a product, the scan
// of its data file and the rules to findings. Run at every submission; any `block` finding
// rejects the submission at once, `review` findings go to the listing reviewer.
#pragma once

#include <chrono>
#include <vector>

#include "compliance/finding.hpp"
#include "compliance/product.hpp"
#include "compliance/rules.hpp"
#include "compliance/scanner.hpp"

namespace dx::compliance {

// `scan` is the data file's scan, or nullptr when the product names no data file (then O9 finds
// it). `today` is the exchange's date (China), for authorization validity.
std::vector<Finding> screen(const Product& product, const ScanResult* scan, const Rules& rules,
                            std::chrono::year_month_day today);

}  // namespace dx::compliance
