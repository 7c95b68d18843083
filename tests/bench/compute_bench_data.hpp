// The compute benchmark's dataset (compute_bench.sh): its data dictionary, one column of each
// role, shared by the program that loads it and the one that runs jobs on it.
#pragma once

#include <vector>

#include "compliance/product.hpp"

namespace dx::bench {

inline std::vector<compliance::Column> compute_dictionary() {
  using compliance::ColumnRole;
  using compliance::ColumnType;
  const auto column = [](const char* name, ColumnType type, ColumnRole role) {
    return compliance::Column{.name = name, .type = type, .description = "", .role = role};
  };
  auto income = column("income", ColumnType::real, ColumnRole::sensitive);
  income.min = 0;
  income.max = 1e6;
  return {column("person_id", ColumnType::text, ColumnRole::identifier),
          column("district", ColumnType::text, ColumnRole::quasi_identifier),
          column("age", ColumnType::integer, ColumnRole::quasi_identifier),
          income,
          column("diagnosis", ColumnType::text, ColumnRole::sensitive),
          column("visit_date", ColumnType::date, ColumnRole::attribute)};
}

}  // namespace dx::bench
