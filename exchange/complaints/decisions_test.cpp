#include "complaints/decisions.hpp"

#include <gtest/gtest.h>

namespace dx::complaints {
namespace {

using std::chrono::seconds;

Facts open_product(State s, bool holds = false) { return {s, Target::product, holds}; }

TEST(ComplaintDecisions, OnlyGraveComplaintsWithEvidenceSuspendAtOnce) {
  const Complainant verified{true, 0};
  EXPECT_TRUE(suspends_at_once(Type::unauthorized, 1, verified, 3));
  EXPECT_TRUE(suspends_at_once(Type::privacy, 2, verified, 3));
  EXPECT_TRUE(suspends_at_once(Type::national_security, 1, verified, 3));
  EXPECT_FALSE(suspends_at_once(Type::unauthorized, 0, verified, 3))
      << "an objection without evidence waits for staff";
  for (Type t : {Type::illegal_source, Type::quality, Type::contract, Type::other})
    EXPECT_FALSE(suspends_at_once(t, 3, verified, 3));
}

TEST(ComplaintDecisions, OnlyVerifiedComplainantsInGoodStandingSuspendAtOnce) {
  EXPECT_FALSE(suspends_at_once(Type::unauthorized, 1, {false, 0}, 3)) << "unverified";
  EXPECT_TRUE(suspends_at_once(Type::unauthorized, 1, {true, 2}, 3));
  EXPECT_FALSE(suspends_at_once(Type::unauthorized, 1, {true, 3}, 3)) << "dismissed three times";
  EXPECT_TRUE(suspends_at_once(Type::unauthorized, 1, {true, 30}, 0)) << "0: the standing never lapses";
}

TEST(ComplaintDecisions, GraveTypes) {
  for (Type t : {Type::unauthorized, Type::privacy, Type::national_security}) EXPECT_TRUE(is_grave(t));
  for (Type t : {Type::illegal_source, Type::quality, Type::contract, Type::other}) EXPECT_FALSE(is_grave(t));
}

TEST(ComplaintDecisions, EachTypeCitesItsRule) {
  EXPECT_EQ(cited_rule(Type::unauthorized), "P3");
  EXPECT_EQ(cited_rule(Type::privacy), "P2");
  EXPECT_EQ(cited_rule(Type::national_security), "P1");
  EXPECT_EQ(cited_rule(Type::illegal_source), "P4");
  EXPECT_EQ(cited_rule(Type::quality), "O9");
  EXPECT_EQ(cited_rule(Type::contract), "O12");
  EXPECT_EQ(cited_rule(Type::other), "O7");
  EXPECT_EQ(finding_field(Type::unauthorized), "rights.authorization");
}

TEST(ComplaintDecisions, AcknowledgeOnlyWhenReceived) {
  EXPECT_EQ(*decide(open_product(State::received), Action::acknowledge, Remedy::none),
            State::acknowledged);
  auto again = decide(open_product(State::acknowledged), Action::acknowledge, Remedy::none);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::invalid_state);
}

TEST(ComplaintDecisions, InformationIsRequestedOnlyAfterAcknowledging) {
  EXPECT_EQ(
      decide(open_product(State::received), Action::request_information, Remedy::none).error().code,
      Errc::invalid_state);
  EXPECT_EQ(*decide(open_product(State::acknowledged), Action::request_information, Remedy::none),
            State::information_requested);
  EXPECT_EQ(*decide(open_product(State::information_requested), Action::request_information,
                    Remedy::none),
            State::information_requested);
}

TEST(ComplaintDecisions, SuspendingKeepsTheStatusAndHappensOnce) {
  EXPECT_EQ(*decide(open_product(State::acknowledged), Action::suspend_product, Remedy::none),
            State::acknowledged);
  EXPECT_EQ(decide(open_product(State::acknowledged, true), Action::suspend_product, Remedy::none)
                .error()
                .code,
            Errc::invalid_state);
}

TEST(ComplaintDecisions, UpholdingAProductNeedsARemedy) {
  auto none = decide(open_product(State::acknowledged), Action::uphold, Remedy::none);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, Errc::validation_failed);
  EXPECT_EQ(none.error().errors.at(0).field, "remedy");
  EXPECT_EQ(*decide(open_product(State::received), Action::uphold, Remedy::withdraw),
            State::upheld);
  EXPECT_EQ(*decide(open_product(State::acknowledged), Action::uphold, Remedy::fix_then_reopen),
            State::upheld);
}

TEST(ComplaintDecisions, ATradeComplaintIsUpheldByRefundingNotByReopening) {
  const Facts trade{State::acknowledged, Target::trade, true};
  EXPECT_EQ(*decide(trade, Action::uphold, Remedy::none), State::upheld);
  EXPECT_EQ(*decide(trade, Action::uphold, Remedy::withdraw), State::upheld);
  EXPECT_EQ(decide(trade, Action::uphold, Remedy::fix_then_reopen).error().code,
            Errc::validation_failed);
}

TEST(ComplaintDecisions, ARemedyBelongsToUpholdOnly) {
  auto r = decide(open_product(State::acknowledged), Action::dismiss, Remedy::withdraw);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().errors.at(0).field, "remedy");
}

TEST(ComplaintDecisions, ADecidedComplaintTakesNoFurtherAction) {
  for (State s : {State::upheld, State::dismissed})
    for (Action a : {Action::acknowledge, Action::suspend_product, Action::request_information,
                     Action::uphold, Action::dismiss}) {
      auto r = decide(open_product(s), a, a == Action::uphold ? Remedy::withdraw : Remedy::none);
      ASSERT_FALSE(r) << to_string(s) << " " << to_string(a);
      EXPECT_EQ(r.error().code, Errc::invalid_state);
    }
}

TEST(ComplaintDecisions, DeadlinesCountFromFilingAndTheQueueWorksToTheNextOne) {
  const TimePoint filed{seconds(1000)};
  const auto d = deadlines(filed, seconds(60), seconds(600));
  EXPECT_EQ(d.acknowledge_due, TimePoint{seconds(1060)});
  EXPECT_EQ(d.decision_due, TimePoint{seconds(1600)});
  EXPECT_EQ(next_due(State::received, d), d.acknowledge_due);
  EXPECT_EQ(next_due(State::acknowledged, d), d.decision_due);
  EXPECT_TRUE(overdue(State::received, d.acknowledge_due, TimePoint{seconds(1061)}));
  EXPECT_FALSE(overdue(State::received, d.acknowledge_due, TimePoint{seconds(1060)}));
  EXPECT_FALSE(overdue(State::dismissed, d.acknowledge_due, TimePoint{seconds(9999)}))
      << "decided: never overdue";
}

TEST(ComplaintDecisions, NamesRoundTrip) {
  for (const auto& n : type_names()) EXPECT_EQ(to_string(*parse_type(n)), n);
  for (const auto& n : status_names()) EXPECT_EQ(to_string(*parse_status(n)), n);
  for (const auto& n : action_names()) EXPECT_EQ(to_string(*parse_action(n)), n);
  EXPECT_EQ(remedy_names(), (std::vector<std::string>{"withdraw", "fix_then_reopen"}));
  EXPECT_FALSE(parse_remedy(""));
  EXPECT_FALSE(parse_type("spam"));
}

}  // namespace
}  // namespace dx::complaints
