// The compute product's parts of the product document (API.md "The data plane"): the `compute`
// block (the terms jobs run under), parsed into compliance values with each bad field named and
// written back; and the JSON numbers that block and the data dictionary's bounds carry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "compliance/product.hpp"
#include "http/json_body.hpp"

namespace dx::listing {

// Where a number field may lie; `above_min`: strictly greater than `min`.
struct NumberRange {
  double min = 0;
  double max = 0;
  bool above_min = false;
};

// A finite JSON number `key` of `obj` within `range`; absent or null is nullopt, anything else a
// field error of `f` (which reads `obj`).
std::optional<double> number_field(http::Fields& f, const nlohmann::json& obj,
                                   const std::string& key, NumberRange range);

// Reads `compute` (refused for other modes) into `p`; delivery_mode and data_dictionary must
// already be read. For a seller's edit (`edit_min_group_size` given: config
// compliance.min_k_anonymity) a compute product must have it, with min_group_size at least that,
// and the data dictionary its jobs are judged by.
void parse_compute(http::Fields& f, const nlohmann::json& body, compliance::Product& p,
                   std::optional<std::int64_t> edit_min_group_size);

nlohmann::json compute_json(const std::optional<compliance::Compute>& c);

}  // namespace dx::listing
