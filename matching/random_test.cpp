// Randomized comparison of OrderBook with ReferenceBook: the same operations must produce the same
// events, and the books the same depth, best prices and orders. Operations mix every time in force,
// unlimited asks, cancels of known and unknown ids, invalid and extreme inputs, a small id space
// (so ids are duplicated and reused after fills) and few owners (so self-trade prevention happens).
//
// The seed is fixed; set DX_MATCHING_SEED=<number> to explore others. A failure names the seed and
// the operation. The profiles run about 5 million operations in all (a quarter of that in a
// sanitizer build, see CMakeLists.txt); DX_MATCHING_RANDOM_SCALE=<factor> multiplies every
// profile's count instead (20 for a soak run).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <variant>

#include "matching/order_book.hpp"
#include "matching/reference_book.hpp"
#include "matching/test_support.hpp"

namespace dx::matching {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

struct Profile {
  const char* name;
  std::uint64_t operations;
  std::uint64_t id_space;  // also bounds the number of resting orders
  std::int64_t owners;
  Price min_price;
  Price max_price;
  Quantity max_quantity;
  int cancel_percent;
  int unlimited_permille;
  int invalid_permille;
  int extreme_permille;  // quantities near the int64 limits
  bool reaches_level_limit;
};

void PrintTo(const Profile& profile, std::ostream* os) { *os << profile.name; }

struct CancelRequest {
  OrderId id;
};
using Operation = std::variant<LimitOrder, UnlimitedAsk, CancelRequest>;

std::string describe(const Operation& op) {
  const auto id = [](OrderId i) { return std::to_string(static_cast<std::uint64_t>(i)); };
  if (const auto* c = std::get_if<CancelRequest>(&op)) return "cancel " + id(c->id);
  if (const auto* a = std::get_if<UnlimitedAsk>(&op)) {
    return "unlimited ask " + id(a->id) + " owner " +
           std::to_string(static_cast<std::int64_t>(a->owner)) + " at " + std::to_string(a->price);
  }
  const auto& o = std::get<LimitOrder>(op);
  constexpr const char* kTif[] = {"gtc", "ioc", "fok"};
  return std::string(o.side == Side::buy ? "buy " : "sell ") + id(o.id) + " owner " +
         std::to_string(static_cast<std::int64_t>(o.owner)) + " " + std::to_string(o.quantity) +
         " at " + std::to_string(o.price) + " " + kTif[static_cast<int>(o.time_in_force)];
}

class OperationSource {
 public:
  OperationSource(const Profile& profile, std::uint64_t seed) : p_(profile), rng_(seed) {}

  Operation next() {
    const std::int64_t roll = between(0, 999);
    if (roll < p_.cancel_percent * 10) return CancelRequest{order_id()};
    if (roll < p_.cancel_percent * 10 + p_.unlimited_permille) {
      return UnlimitedAsk{order_id(), owner(), between(p_.min_price, p_.max_price)};
    }
    return limit_order();
  }

 private:
  LimitOrder limit_order() {
    LimitOrder o{order_id(),
                 owner(),
                 between(0, 1) == 0 ? Side::buy : Side::sell,
                 between(p_.min_price, p_.max_price),
                 between(1, p_.max_quantity),
                 time_in_force()};
    const std::int64_t roll = between(0, 999);
    if (roll < p_.invalid_permille) {
      spoil(o);
    } else if (roll < p_.invalid_permille + p_.extreme_permille) {
      // At the amount limit or just below it, or one past it (not representable at price 1).
      const Quantity limit = kMax / o.price;
      o.quantity = limit - between(limit == kMax ? 0 : -1, 2);
    }
    return o;
  }

  void spoil(LimitOrder& o) {
    switch (between(0, 3)) {
      case 0:
        o.price = 0;
        break;
      case 1:
        o.price = -between(1, kMax);
        break;
      case 2:
        o.quantity = 0;
        break;
      default:
        o.quantity = -between(1, 100);
        break;
    }
  }

  TimeInForce time_in_force() {
    const std::int64_t roll = between(0, 9);
    return roll < 6 ? TimeInForce::gtc : roll < 8 ? TimeInForce::ioc : TimeInForce::fok;
  }

  OrderId order_id() {
    return OrderId{static_cast<std::uint64_t>(between(1, static_cast<std::int64_t>(p_.id_space)))};
  }
  OwnerId owner() { return OwnerId{between(1, p_.owners)}; }

  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
  }

  Profile p_;
  std::mt19937_64 rng_;
};

#ifndef DX_MATCHING_DEFAULT_SCALE
#define DX_MATCHING_DEFAULT_SCALE 1.0
#endif

std::uint64_t scaled(std::uint64_t operations) {
  const char* text = std::getenv("DX_MATCHING_RANDOM_SCALE");
  const double factor = text == nullptr ? DX_MATCHING_DEFAULT_SCALE : std::strtod(text, nullptr);
  return std::max<std::uint64_t>(
      10'000, static_cast<std::uint64_t>(factor * static_cast<double>(operations)));
}

std::uint64_t base_seed() {
  const char* text = std::getenv("DX_MATCHING_SEED");
  return text == nullptr ? 20241123 : std::strtoull(text, nullptr, 10);
}

void apply(const Operation& op, OrderBook& book, ReferenceBook& model, Events& actual,
           Events& expected) {
  if (const auto* c = std::get_if<CancelRequest>(&op)) {
    book.cancel(c->id, actual);
    model.cancel(c->id, expected);
  } else if (const auto* a = std::get_if<UnlimitedAsk>(&op)) {
    book.submit(*a, actual);
    model.submit(*a, expected);
  } else {
    book.submit(std::get<LimitOrder>(op), actual);
    model.submit(std::get<LimitOrder>(op), expected);
  }
}

void expect_same_state(const OrderBook& book, const ReferenceBook& model) {
  ASSERT_EQ(book.depth(), model.depth());
  ASSERT_EQ(book.best_bid(), model.best_bid());
  ASSERT_EQ(book.best_ask(), model.best_ask());
}

std::string profile_name(const ::testing::TestParamInfo<Profile>& param) {
  return param.param.name;
}

// How often each outcome occurred, so that a profile that stops exercising a rule is noticed.
struct Tally {
  std::map<std::string, std::uint64_t> counts;

  void add(const Events& events) {
    for (const Event& e : events) {
      if (const auto* r = std::get_if<Rejected>(&e)) ++counts[std::string(to_string(r->reason))];
      if (const auto* c = std::get_if<Cancelled>(&e)) ++counts[std::string(to_string(c->reason))];
      if (const auto* f = std::get_if<Filled>(&e)) {
        ++counts[f->maker_remaining.is_unlimited() ? "unlimited_maker_fill" : "fill"];
        if (f->taker_remaining.is_unlimited()) ++counts["unlimited_taker_fill"];
      }
    }
  }
  std::uint64_t operator[](const std::string& key) const {
    const auto it = counts.find(key);
    return it == counts.end() ? 0 : it->second;
  }
};

constexpr const char* kEveryProfileReaches[] = {"fill",
                                                "unlimited_maker_fill",
                                                "unlimited_taker_fill",
                                                "fok_unfillable",
                                                "ioc_remainder",
                                                "self_trade_prevented",
                                                "requested",
                                                "duplicate_order_id",
                                                "unknown_order_id",
                                                "non_positive_price",
                                                "non_positive_quantity"};

class RandomOperationsTest : public ::testing::TestWithParam<Profile> {};

TEST_P(RandomOperationsTest, BookMatchesTheReferenceModel) {
  const Profile& profile = GetParam();
  const std::uint64_t seed = base_seed();
  SCOPED_TRACE("DX_MATCHING_SEED=" + std::to_string(seed) + " profile " + profile.name);
  OperationSource source(profile, seed ^ std::hash<std::string>{}(profile.name));
  std::mt19937_64 probe_rng(seed);
  OrderBook book;
  ReferenceBook model;
  Events actual;
  Events expected;
  Tally tally;

  const std::uint64_t operations = scaled(profile.operations);
  for (std::uint64_t n = 0; n < operations; ++n) {
    const Operation op = source.next();
    actual.clear();
    expected.clear();
    apply(op, book, model, actual, expected);
    ASSERT_EQ(actual, expected) << "operation " << n << ": " << describe(op);
    tally.add(actual);
    ASSERT_EQ(book.order_count(), model.order_count()) << "operation " << n;
    const OrderId probe{probe_rng() % (profile.id_space + 1)};
    ASSERT_EQ(book.find(probe), model.find(probe)) << "operation " << n;
    if (n % 64 == 0) {
      ASSERT_NO_FATAL_FAILURE(expect_same_state(book, model)) << "operation " << n;
    }
  }
  expect_same_state(book, model);
  for (const char* outcome : kEveryProfileReaches) EXPECT_GT(tally[outcome], 0u) << outcome;
  if (profile.extreme_permille > 0) {
    EXPECT_GT(tally["amount_overflow"], 0u);
  }
  if (profile.reaches_level_limit) {
    EXPECT_GT(tally["level_overflow"], 0u);
  }
}

// name, operations, ids, owners, prices, max quantity, cancel %, unlimited ‰, invalid ‰,
// extreme ‰, reaches level limit
INSTANTIATE_TEST_SUITE_P(
    Profiles, RandomOperationsTest,
    ::testing::Values(
        Profile{"narrow", 2'000'000, 300, 20, 1000, 1009, 100, 30, 1, 10, 0, false},
        Profile{"self_trade_heavy", 1'000'000, 200, 3, 1000, 1004, 20, 30, 2, 10, 0, false},
        Profile{"wide", 1'000'000, 800, 50, 1, 300, 1000, 35, 1, 10, 0, false},
        Profile{"extremes", 800'000, 120, 10, 1, 4, 50, 30, 5, 100, 100, true},
        Profile{"huge_prices", 400'000, 120, 10, kMax - 5, kMax, 3, 30, 5, 50, 100, false}),
    profile_name);

}  // namespace
}  // namespace dx::matching
