#include "listing/compute_json.hpp"

#include <cmath>

namespace dx::listing {

namespace {

using compliance::Compute;
using http::Fields;
using http::Need;
using nlohmann::json;

constexpr std::int64_t kMaxGroupSize = 1'000'000;
constexpr std::size_t kMaxComputeColumns = 200;
constexpr double kMaxEpsilon = 100;

std::string plain(double v) {
  json j = v;
  return j.dump();
}

Compute read_compute(const json& obj, Fields& parent, std::int64_t min_group_floor) {
  Fields f(obj, "compute");
  Compute c;
  c.min_group_size = f.integer("min_group_size", Need::required, min_group_floor, kMaxGroupSize)
                         .value_or(c.min_group_size);
  const auto approval = f.one_of("approval", Need::required, {"automatic", "seller"});
  c.approval = approval ? *compliance::parse_approval(*approval) : compliance::Approval::automatic;
  c.epsilon_per_licence = number_field(f, obj, "epsilon_per_licence", {0, kMaxEpsilon, true});
  parent.merge(f);
  return c;
}

void require_dictionary(Fields& f, const compliance::Product& p) {
  if (p.data_dictionary.empty())
    f.add_error("data_dictionary",
                "is required, with at least one column, for a product whose delivery_mode is "
                "compute");
  else if (p.data_dictionary.size() > kMaxComputeColumns)
    f.add_error("data_dictionary", "must have at most " + std::to_string(kMaxComputeColumns) +
                                       " columns for a product whose delivery_mode is compute");
}

}  // namespace

std::optional<double> number_field(Fields& f, const json& obj, const std::string& key,
                                   NumberRange range) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  const bool number = it->is_number() && std::isfinite(it->get<double>());
  const double v = number ? it->get<double>() : 0;
  if (number && (range.above_min ? v > range.min : v >= range.min) && v <= range.max) return v;
  f.add_error(key, "must be a number " + std::string(range.above_min ? "above " : "from ") +
                       plain(range.min) + (range.above_min ? " up to " : " to ") +
                       plain(range.max));
  return std::nullopt;
}

void parse_compute(Fields& f, const json& body, compliance::Product& p,
                   std::optional<std::int64_t> edit_min_group_size) {
  const bool compute_mode = p.delivery_mode == compliance::DeliveryMode::compute;
  auto it = body.find("compute");
  const bool given = it != body.end() && !it->is_null();
  if (!compute_mode) {
    if (given) f.add_error("compute", "is only for products whose delivery_mode is compute");
    return;
  }
  if (edit_min_group_size) require_dictionary(f, p);
  if (!given && edit_min_group_size)
    return f.add_error("compute", "is required for a product whose delivery_mode is compute");
  if (!given) return;
  if (!it->is_object()) return f.add_error("compute", "must be an object");
  p.compute = read_compute(*it, f, edit_min_group_size.value_or(1));
}

json compute_json(const std::optional<Compute>& c) {
  if (!c) return nullptr;
  return {{"min_group_size", c->min_group_size},
          {"approval", compliance::to_string(c->approval)},
          {"epsilon_per_licence",
           c->epsilon_per_licence ? json(*c->epsilon_per_licence) : json(nullptr)}};
}

}  // namespace dx::listing
