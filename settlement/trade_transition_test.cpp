// The trade state machine: every allowed move with its timers and effects, and every refusal.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <string>
#include <tuple>

#include "settlement/test_printing.hpp"
#include "settlement/trade_transition.hpp"

namespace dx::settlement {
namespace {

using namespace std::chrono_literals;

constexpr TradeConfig kConfig{100s, 1000s};
const TimePoint kT0 = TimePoint{} + 1'000'000s;

// Applies `event` at `now`, failing the test when it is refused.
Transition apply_event(const TradeState& state, TradeEvent event, TimePoint now) {
  auto result = transition(state, event, now, kConfig);
  EXPECT_TRUE(result) << to_string(event) << " refused: " << to_string(result.error());
  return result ? *result : Transition{state};
}

TradeState filled(DeliveryKind kind) {
  return apply_event(new_trade(kind), TradeEvent::filled, kT0).state;
}
TradeState delivered_file() { return filled(DeliveryKind::file); }
TradeState awaiting_api() { return filled(DeliveryKind::api); }
TradeState disputed() {
  return apply_event(delivered_file(), TradeEvent::buyer_disputed, kT0).state;
}

TEST(TradeTransition, FilledFileTradeIsDeliveredAndStartsTheAcceptanceWindow) {
  const Transition t = apply_event(new_trade(DeliveryKind::file), TradeEvent::filled, kT0);

  EXPECT_EQ(t.state.status, TradeStatus::delivered);
  EXPECT_EQ(t.set_timer, (Timer{TimerKind::acceptance, kT0 + 1000s}));
  EXPECT_EQ(t.state.timer, t.set_timer);
  EXPECT_EQ(t.cancel_timer, std::nullopt);
  EXPECT_EQ(t.effect, std::nullopt);
}

TEST(TradeTransition, FilledApiTradeAwaitsDeliveryAndStartsTheDeliveryWindow) {
  const Transition t = apply_event(new_trade(DeliveryKind::api), TradeEvent::filled, kT0);

  EXPECT_EQ(t.state.status, TradeStatus::awaiting_delivery);
  EXPECT_EQ(t.state.delivery, DeliveryKind::api);
  EXPECT_EQ(t.set_timer, (Timer{TimerKind::delivery, kT0 + 100s}));
  EXPECT_EQ(t.effect, std::nullopt);
}

TEST(TradeTransition, SellerDeliveryCancelsTheDeliveryWindowAndStartsAcceptance) {
  const Transition t = apply_event(awaiting_api(), TradeEvent::seller_delivered, kT0 + 40s);

  EXPECT_EQ(t.state.status, TradeStatus::delivered);
  EXPECT_EQ(t.cancel_timer, TimerKind::delivery);
  EXPECT_EQ(t.set_timer, (Timer{TimerKind::acceptance, kT0 + 40s + 1000s}));
}

TEST(TradeTransition, BuyerAcceptanceSettlesAndReleasesTheEscrowToTheSeller) {
  const Transition t = apply_event(delivered_file(), TradeEvent::buyer_accepted, kT0 + 5s);

  EXPECT_EQ(t.state.status, TradeStatus::settled);
  EXPECT_EQ(t.cancel_timer, TimerKind::acceptance);
  EXPECT_EQ(t.set_timer, std::nullopt);
  EXPECT_EQ(t.effect, Effect::release_escrow_to_seller);
  EXPECT_EQ(t.state.timer, std::nullopt);
}

TEST(TradeTransition, BuyerDisputeStopsTheAcceptanceWindowAndMovesNoMoney) {
  const Transition t = apply_event(delivered_file(), TradeEvent::buyer_disputed, kT0 + 5s);

  EXPECT_EQ(t.state.status, TradeStatus::disputed);
  EXPECT_EQ(t.cancel_timer, TimerKind::acceptance);
  EXPECT_EQ(t.set_timer, std::nullopt);
  EXPECT_EQ(t.effect, std::nullopt);
}

TEST(TradeTransition, StaffReleaseOfADisputeSettlesTheTrade) {
  const Transition t = apply_event(disputed(), TradeEvent::staff_resolved_release, kT0 + 9s);

  EXPECT_EQ(t.state.status, TradeStatus::settled);
  EXPECT_EQ(t.effect, Effect::release_escrow_to_seller);
  EXPECT_EQ(t.cancel_timer, std::nullopt);
}

TEST(TradeTransition, StaffRefundOfADisputeRefundsTheBuyer) {
  const Transition t = apply_event(disputed(), TradeEvent::staff_resolved_refund, kT0 + 9s);

  EXPECT_EQ(t.state.status, TradeStatus::refunded);
  EXPECT_EQ(t.effect, Effect::refund_buyer);
}

TEST(TradeTransition, UndeliveredApiTradeIsRefundedWhenTheDeliveryWindowEnds) {
  const Transition t = apply_event(awaiting_api(), TradeEvent::delivery_window_elapsed, kT0 + 100s);

  EXPECT_EQ(t.state.status, TradeStatus::refunded);
  EXPECT_EQ(t.effect, Effect::refund_buyer);
  EXPECT_EQ(t.cancel_timer, std::nullopt);  // it has just fired
  EXPECT_EQ(t.set_timer, std::nullopt);
}

TEST(TradeTransition, DeliveryWindowEventBeforeItsDeadlineIsRefused) {
  const auto result =
      transition(awaiting_api(), TradeEvent::delivery_window_elapsed, kT0 + 99s, kConfig);

  EXPECT_EQ(result.error(), TransitionError::timer_not_due);
}

TEST(TradeTransition, SilentBuyerIsSettledWhenTheAcceptanceWindowEnds) {
  const Transition t =
      apply_event(delivered_file(), TradeEvent::acceptance_window_elapsed, kT0 + 1000s);

  EXPECT_EQ(t.state.status, TradeStatus::settled);
  EXPECT_EQ(t.effect, Effect::release_escrow_to_seller);
  EXPECT_EQ(t.cancel_timer, std::nullopt);
}

TEST(TradeTransition, AcceptanceWindowCountsFromDeliveryNotFromTheFill) {
  const TradeState delivered =
      apply_event(awaiting_api(), TradeEvent::seller_delivered, kT0 + 50s).state;

  const auto early =
      transition(delivered, TradeEvent::acceptance_window_elapsed, kT0 + 1000s, kConfig);
  const auto on_time =
      transition(delivered, TradeEvent::acceptance_window_elapsed, kT0 + 1050s, kConfig);

  EXPECT_EQ(early.error(), TransitionError::timer_not_due);
  ASSERT_TRUE(on_time);
  EXPECT_EQ(on_time->state.status, TradeStatus::settled);
}

TEST(TradeTransition, ComplaintFreezeRemembersTheStateAndTheTimeLeft) {
  const Transition t = apply_event(delivered_file(), TradeEvent::complaint_froze, kT0 + 300s);

  EXPECT_EQ(t.state.status, TradeStatus::frozen);
  EXPECT_EQ(t.cancel_timer, TimerKind::acceptance);
  EXPECT_EQ(t.state.timer, std::nullopt);
  ASSERT_TRUE(t.state.frozen);
  EXPECT_EQ(t.state.frozen->from, TradeStatus::delivered);
  EXPECT_EQ(t.state.frozen->timer, (PausedTimer{TimerKind::acceptance, 700s}));
  EXPECT_EQ(t.effect, std::nullopt);
}

TEST(TradeTransition, ReleasedComplaintResumesTheTimerWithTheTimeThatWasLeft) {
  const TradeState frozen =
      apply_event(delivered_file(), TradeEvent::complaint_froze, kT0 + 300s).state;

  const Transition t = apply_event(frozen, TradeEvent::complaint_released, kT0 + 5000s);

  EXPECT_EQ(t.state.status, TradeStatus::delivered);
  EXPECT_EQ(t.set_timer, (Timer{TimerKind::acceptance, kT0 + 5700s}));
  EXPECT_EQ(t.state.timer, t.set_timer);
  EXPECT_EQ(t.state.frozen, std::nullopt);
  EXPECT_EQ(t.cancel_timer, std::nullopt);
}

TEST(TradeTransition, FrozenAwaitingDeliveryResumesItsDeliveryWindow) {
  const TradeState frozen =
      apply_event(awaiting_api(), TradeEvent::complaint_froze, kT0 + 30s).state;

  const Transition t = apply_event(frozen, TradeEvent::complaint_released, kT0 + 900s);

  EXPECT_EQ(t.state.status, TradeStatus::awaiting_delivery);
  EXPECT_EQ(t.set_timer, (Timer{TimerKind::delivery, kT0 + 970s}));
}

TEST(TradeTransition, FrozenDisputeResumesWithoutATimer) {
  const TradeState frozen = apply_event(disputed(), TradeEvent::complaint_froze, kT0 + 30s).state;
  ASSERT_EQ(frozen.frozen->timer, std::nullopt);

  const Transition t = apply_event(frozen, TradeEvent::complaint_released, kT0 + 900s);

  EXPECT_EQ(t.state.status, TradeStatus::disputed);
  EXPECT_EQ(t.set_timer, std::nullopt);
  EXPECT_EQ(t.cancel_timer, std::nullopt);
}

TEST(TradeTransition, TimerOverdueWhenFrozenIsDueAtOnceWhenReleased) {
  const TradeState frozen =
      apply_event(awaiting_api(), TradeEvent::complaint_froze, kT0 + 150s).state;
  ASSERT_EQ(frozen.frozen->timer, (PausedTimer{TimerKind::delivery, 0s}));

  const Transition t = apply_event(frozen, TradeEvent::complaint_released, kT0 + 900s);

  EXPECT_EQ(t.set_timer, (Timer{TimerKind::delivery, kT0 + 900s}));
  EXPECT_TRUE(transition(t.state, TradeEvent::delivery_window_elapsed, kT0 + 900s, kConfig));
}

TEST(TradeTransition, UpheldWithdrawalRefundsAFrozenTrade) {
  const TradeState frozen =
      apply_event(delivered_file(), TradeEvent::complaint_froze, kT0 + 30s).state;

  const Transition t = apply_event(frozen, TradeEvent::complaint_upheld_withdraw, kT0 + 60s);

  EXPECT_EQ(t.state.status, TradeStatus::refunded);
  EXPECT_EQ(t.effect, Effect::refund_buyer);
  EXPECT_EQ(t.cancel_timer, std::nullopt);
  EXPECT_EQ(t.state.frozen, std::nullopt);
}

TEST(TradeTransition, UpheldWithdrawalRefundsAnUnfrozenTradeAndCancelsItsTimer) {
  const Transition t =
      apply_event(awaiting_api(), TradeEvent::complaint_upheld_withdraw, kT0 + 60s);

  EXPECT_EQ(t.state.status, TradeStatus::refunded);
  EXPECT_EQ(t.effect, Effect::refund_buyer);
  EXPECT_EQ(t.cancel_timer, TimerKind::delivery);
}

TEST(TradeTransition, WindowEventsWhileFrozenAreRefused) {
  const TradeState frozen =
      apply_event(awaiting_api(), TradeEvent::complaint_froze, kT0 + 30s).state;

  const auto result =
      transition(frozen, TradeEvent::delivery_window_elapsed, kT0 + 10'000s, kConfig);

  EXPECT_EQ(result.error(), TransitionError::invalid_state);
}

TEST(TradeTransition, ANewTradeIsPendingWithNoTimer) {
  const TradeState state = new_trade(DeliveryKind::api);

  EXPECT_EQ(state.status, TradeStatus::pending);
  EXPECT_EQ(state.timer, std::nullopt);
  EXPECT_FALSE(is_final(state.status));
  EXPECT_TRUE(is_final(TradeStatus::settled));
  EXPECT_TRUE(is_final(TradeStatus::refunded));
}

// Every (status, event) pair: the events API.md allows in each status, and nothing else.
constexpr std::array kStatuses = {TradeStatus::pending,   TradeStatus::awaiting_delivery,
                                  TradeStatus::delivered, TradeStatus::settled,
                                  TradeStatus::disputed,  TradeStatus::refunded,
                                  TradeStatus::frozen};
constexpr std::array kEvents = {
    TradeEvent::filled,
    TradeEvent::seller_delivered,
    TradeEvent::buyer_accepted,
    TradeEvent::buyer_disputed,
    TradeEvent::staff_resolved_release,
    TradeEvent::staff_resolved_refund,
    TradeEvent::delivery_window_elapsed,
    TradeEvent::acceptance_window_elapsed,
    TradeEvent::complaint_froze,
    TradeEvent::complaint_released,
    TradeEvent::complaint_upheld_withdraw,
};

// A state of each status, reached through the machine itself.
TradeState sample(TradeStatus status) {
  switch (status) {
    case TradeStatus::pending:
      return new_trade(DeliveryKind::api);
    case TradeStatus::awaiting_delivery:
      return awaiting_api();
    case TradeStatus::delivered:
      return delivered_file();
    case TradeStatus::settled:
      return apply_event(delivered_file(), TradeEvent::buyer_accepted, kT0).state;
    case TradeStatus::disputed:
      return disputed();
    case TradeStatus::refunded:
      return apply_event(disputed(), TradeEvent::staff_resolved_refund, kT0).state;
    case TradeStatus::frozen:
      return apply_event(delivered_file(), TradeEvent::complaint_froze, kT0).state;
  }
  return new_trade(DeliveryKind::api);
}

bool allowed(TradeStatus status, TradeEvent event) {
  using enum TradeEvent;
  switch (status) {
    case TradeStatus::pending:
      return event == filled;
    case TradeStatus::awaiting_delivery:
      return event == seller_delivered || event == delivery_window_elapsed ||
             event == complaint_froze || event == complaint_upheld_withdraw;
    case TradeStatus::delivered:
      return event == buyer_accepted || event == buyer_disputed ||
             event == acceptance_window_elapsed || event == complaint_froze ||
             event == complaint_upheld_withdraw;
    case TradeStatus::disputed:
      return event == staff_resolved_release || event == staff_resolved_refund ||
             event == complaint_froze || event == complaint_upheld_withdraw;
    case TradeStatus::frozen:
      return event == complaint_released || event == complaint_upheld_withdraw;
    case TradeStatus::settled:
    case TradeStatus::refunded:
      return false;
  }
  return false;
}

class EveryStatusAndEvent : public testing::TestWithParam<std::tuple<TradeStatus, TradeEvent>> {};

TEST_P(EveryStatusAndEvent, IsAllowedOnlyWhereTheLifeCycleSaysSo) {
  const auto [status, event] = GetParam();
  const TradeState state = sample(status);
  ASSERT_EQ(state.status, status);

  // Late enough for every timer in the samples to be due.
  const auto result = transition(state, event, kT0 + 100'000s, kConfig);

  if (allowed(status, event)) {
    EXPECT_TRUE(result) << to_string(result.error());
  } else if (is_final(status)) {
    EXPECT_EQ(result.error(), TransitionError::final_state);
  } else {
    EXPECT_EQ(result.error(), TransitionError::invalid_state);
  }
}

INSTANTIATE_TEST_SUITE_P(
    TradeTransition, EveryStatusAndEvent,
    testing::Combine(testing::ValuesIn(kStatuses), testing::ValuesIn(kEvents)),
    [](const testing::TestParamInfo<EveryStatusAndEvent::ParamType>& param_info) {
      return std::string(to_string(std::get<0>(param_info.param))) + "_" +
             std::string(to_string(std::get<1>(param_info.param)));
    });

}  // namespace
}  // namespace dx::settlement
