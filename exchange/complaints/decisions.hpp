// What a complaint is and what may happen to it (O7, CD-25; O13, CQO-41), as plain values and
// pure functions: no clock read, no I/O. The routes parse into these types, ask these functions,
// and only then touch the database. Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace dx::complaints {

enum class Type {
  unauthorized,
  privacy,
  national_security,
  illegal_source,
  quality,
  contract,
  other
};

// received → acknowledged ⇄ information_requested → upheld | dismissed. The last two are final.
enum class State { received, acknowledged, information_requested, upheld, dismissed };

enum class Action { acknowledge, suspend_product, request_information, uphold, dismiss };

enum class Remedy { none, withdraw, fix_then_reopen };

// A complaint is about a whole product, or about one trade of it.
enum class Target { product, trade };

std::string_view to_string(Type t);
std::string_view to_string(State s);
std::string_view to_string(Action a);
std::string_view to_string(Remedy r);  // "" for none

std::optional<Type> parse_type(std::string_view s);
std::optional<State> parse_status(std::string_view s);
std::optional<Action> parse_action(std::string_view s);
std::optional<Remedy> parse_remedy(std::string_view s);  // "withdraw" | "fix_then_reopen"

// The API names, for field checks and the OpenAPI document.
const std::vector<std::string>& type_names();
const std::vector<std::string>& status_names();
const std::vector<std::string>& action_names();
const std::vector<std::string>& remedy_names();

constexpr bool is_open(State s) { return s != State::upheld && s != State::dismissed; }

// The types that say the trade itself may be unlawful: no authorization of the rights holder
// (P3), someone's privacy (P2, P6) or national security (P1).
bool is_grave(Type type);

// Who complains, as far as suspending at once depends on it.
struct Complainant {
  bool verified = false;       // identity verified (O2) and not suspended
  std::int64_t dismissed = 0;  // its complaints dismissed so far
};

// O13, CQO-41: "an objection with evidence is verified immediately; where necessary the product is
// suspended at once" for a grave type. So that the rule cannot be used to take any product off
// the market (O7), only an identity-verified complainant with evidence (non-empty files) suspends
// at once, and not one with `dismissals_to_lose` or more dismissed complaints (0: never loses it).
// Other grave complaints go to the top of the officers' queue instead (a short deadline).
bool suspends_at_once(Type type, std::size_t evidence_files, const Complainant& who,
                      std::int64_t dismissals_to_lose);

// The rule of LEGAL.md an upheld complaint of this type cites in the seller's finding, and the
// product field it concerns.
std::string_view cited_rule(Type type);
std::string_view finding_field(Type type);

// Everything an action's admissibility depends on.
struct Facts {
  State status = State::received;
  Target target = Target::product;
  bool holds = false;  // this complaint already suspended its product (or froze its trade)
};

// The status `action` with `remedy` leads to, or why it may not be taken: 409 invalid_state for
// the wrong state, 422 naming `remedy` when the remedy does not fit the action.
Result<State> decide(const Facts& facts, Action action, Remedy remedy);

struct Deadlines {
  TimePoint acknowledge_due;
  TimePoint decision_due;
};
// Counted from filing with the configured periods (`complaints.acknowledge_s`,
// `complaints.decide_s`; O19 suggests five working days to answer, CQ-26).
Deadlines deadlines(TimePoint filed, std::chrono::seconds acknowledge, std::chrono::seconds decide);

// The deadline the exchange works to next: acknowledging until acknowledged, then deciding.
TimePoint next_due(State status, const Deadlines& d);
// An open complaint past its next deadline.
bool overdue(State status, TimePoint due, TimePoint now);

}  // namespace dx::complaints
