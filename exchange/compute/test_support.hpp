// For the compute tests: a data dictionary's column in one call.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "compliance/product.hpp"

namespace dx::compute::test {

inline compliance::Column column(std::string name, compliance::ColumnType type,
                                 compliance::ColumnRole role,
                                 std::optional<double> min = std::nullopt,
                                 std::optional<double> max = std::nullopt) {
  compliance::Column c;
  c.name = std::move(name);
  c.type = type;
  c.role = role;
  c.min = min;
  c.max = max;
  return c;
}

}  // namespace dx::compute::test
