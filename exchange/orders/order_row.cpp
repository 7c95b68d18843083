#include "orders/order_row.hpp"

#include <array>
#include <utility>

namespace dx::orders {

namespace {

template <typename E, std::size_t N>
std::optional<E> parse(const std::array<std::pair<E, const char*>, N>& names,
                       std::string_view text) {
  for (const auto& [value, name] : names)
    if (text == name) return value;
  return std::nullopt;
}

template <typename E, std::size_t N>
const char* name_of(const std::array<std::pair<E, const char*>, N>& names, E value) {
  return names[static_cast<std::size_t>(value)].second;
}

// In the enums' order, so that a value indexes its name.
constexpr std::array<std::pair<Side, const char*>, 2> kSides{
    {{Side::buy, "buy"}, {Side::sell, "sell"}}};
constexpr std::array<std::pair<OrderStatus, const char*>, 4> kStatuses{
    {{OrderStatus::open, "open"},
     {OrderStatus::partially_filled, "partially_filled"},
     {OrderStatus::filled, "filled"},
     {OrderStatus::cancelled, "cancelled"}}};
constexpr std::array<std::pair<TimeInForce, const char*>, 3> kTimesInForce{
    {{TimeInForce::gtc, "GTC"}, {TimeInForce::ioc, "IOC"}, {TimeInForce::fok, "FOK"}}};

}  // namespace

const char* to_string(Side side) { return name_of(kSides, side); }
const char* to_string(OrderStatus status) { return name_of(kStatuses, status); }
const char* to_string(TimeInForce time_in_force) { return name_of(kTimesInForce, time_in_force); }
std::optional<Side> parse_side(std::string_view text) { return parse(kSides, text); }
std::optional<OrderStatus> parse_status(std::string_view text) { return parse(kStatuses, text); }
std::optional<TimeInForce> parse_time_in_force(std::string_view text) {
  return parse(kTimesInForce, text);
}

}  // namespace dx::orders
