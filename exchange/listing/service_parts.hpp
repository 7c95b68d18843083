// What the service files of listing share (service.cpp, review_service.cpp, screening_job.cpp).
#pragma once

#include <initializer_list>
#include <string>

#include "listing/service.hpp"

namespace dx::listing {

Error product_not_found();

// The actor's product in one of `statuses`: not_found when it is not theirs, invalid_state in any
// other state ("A product that is listed cannot be <what>.").
Result<ProductRow> own_product(store::Db& db, const Context& c, const ProductCommand& cmd,
                               std::initializer_list<const char*> statuses, const char* what);

}  // namespace dx::listing
