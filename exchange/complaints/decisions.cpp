#include "complaints/decisions.hpp"

#include <array>
#include <utility>

namespace dx::complaints {

namespace {

template <typename E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<Type, 7> kTypes = {{{Type::unauthorized, "unauthorized"},
                                    {Type::privacy, "privacy"},
                                    {Type::national_security, "national_security"},
                                    {Type::illegal_source, "illegal_source"},
                                    {Type::quality, "quality"},
                                    {Type::contract, "contract"},
                                    {Type::other, "other"}}};
constexpr Names<State, 5> kStatuses = {{{State::received, "received"},
                                        {State::acknowledged, "acknowledged"},
                                        {State::information_requested, "information_requested"},
                                        {State::upheld, "upheld"},
                                        {State::dismissed, "dismissed"}}};
constexpr Names<Action, 5> kActions = {{{Action::acknowledge, "acknowledge"},
                                        {Action::suspend_product, "suspend_product"},
                                        {Action::request_information, "request_information"},
                                        {Action::uphold, "uphold"},
                                        {Action::dismiss, "dismiss"}}};
constexpr Names<Remedy, 3> kRemedies = {{{Remedy::none, ""},
                                         {Remedy::withdraw, "withdraw"},
                                         {Remedy::fix_then_reopen, "fix_then_reopen"}}};

template <typename E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E value) {
  for (const auto& [e, name] : names)
    if (e == value) return name;
  return "";
}

template <typename E, std::size_t N>
std::optional<E> parse(const Names<E, N>& names, std::string_view s) {
  for (const auto& [e, name] : names)
    if (!name.empty() && name == s) return e;
  return std::nullopt;
}

template <typename E, std::size_t N>
std::vector<std::string> list(const Names<E, N>& names) {
  std::vector<std::string> out;
  for (const auto& [e, name] : names)
    if (!name.empty()) out.emplace_back(name);
  return out;
}

Error wrong_state(State s, Action a) {
  return make_error(Errc::invalid_state, "A complaint that is " + std::string(to_string(s)) +
                                             " cannot take the action " +
                                             std::string(to_string(a)) + ".");
}

Result<State> decide_uphold(const Facts& f, Remedy remedy) {
  // A product complaint ends in one of O13's outcomes; a trade complaint is settled by refunding.
  if (f.target == Target::product && remedy == Remedy::none)
    return field_error("remedy", "uphold needs a remedy: withdraw or fix_then_reopen");
  if (f.target == Target::trade && remedy == Remedy::fix_then_reopen)
    return field_error(
        "remedy", "a complaint about one trade is upheld by refunding it: withdraw, or no remedy");
  return State::upheld;
}

}  // namespace

std::string_view to_string(Type t) { return name_of(kTypes, t); }
std::string_view to_string(State s) { return name_of(kStatuses, s); }
std::string_view to_string(Action a) { return name_of(kActions, a); }
std::string_view to_string(Remedy r) { return name_of(kRemedies, r); }

std::optional<Type> parse_type(std::string_view s) { return parse(kTypes, s); }
std::optional<State> parse_status(std::string_view s) { return parse(kStatuses, s); }
std::optional<Action> parse_action(std::string_view s) { return parse(kActions, s); }
std::optional<Remedy> parse_remedy(std::string_view s) { return parse(kRemedies, s); }

const std::vector<std::string>& type_names() {
  static const auto names = list(kTypes);
  return names;
}
const std::vector<std::string>& status_names() {
  static const auto names = list(kStatuses);
  return names;
}
const std::vector<std::string>& action_names() {
  static const auto names = list(kActions);
  return names;
}
const std::vector<std::string>& remedy_names() {
  static const auto names = list(kRemedies);
  return names;
}

bool is_grave(Type type) {
  return type == Type::unauthorized || type == Type::privacy || type == Type::national_security;
}

bool suspends_at_once(Type type, std::size_t evidence_files, const Complainant& who,
                      std::int64_t dismissals_to_lose) {
  const bool trusted = who.verified && (dismissals_to_lose == 0 || who.dismissed < dismissals_to_lose);
  return is_grave(type) && evidence_files > 0 && trusted;
}

std::string_view cited_rule(Type type) {
  switch (type) {
    case Type::unauthorized:
      return "P3";  // no authorization of the rights holder, CQ-36(2)
    case Type::privacy:
      return "P2";  // others' privacy (consent: P6)
    case Type::national_security:
      return "P1";  // CQ-36(1)
    case Type::illegal_source:
      return "P4";  // obtained by illegal means, CQ-36(3)
    case Type::quality:
      return "O9";  // legality, authenticity, accuracy, CD-25
    case Type::contract:
      return "O12";  // the data-use agreement, CQ-29
    case Type::other:
      return "O7";  // the complaint duty itself, CD-25
  }
  return "O7";
}

std::string_view finding_field(Type type) {
  switch (type) {
    case Type::unauthorized:
      return "rights.authorization";
    case Type::privacy:
      return "personal_information";
    case Type::national_security:
      return "category";
    case Type::illegal_source:
      return "source";
    case Type::quality:
      return "data_file_id";
    case Type::contract:
      return "offers";
    case Type::other:
      return "";
  }
  return "";
}

Result<State> decide(const Facts& f, Action action, Remedy remedy) {
  if (!is_open(f.status)) return wrong_state(f.status, action);
  if (remedy != Remedy::none && action != Action::uphold)
    return field_error("remedy", "is given only with the action uphold");
  switch (action) {
    case Action::acknowledge:
      if (f.status != State::received) return wrong_state(f.status, action);
      return State::acknowledged;
    case Action::suspend_product:
      if (f.holds)
        return make_error(Errc::invalid_state,
                          "This complaint already holds the product or trade.");
      return f.status;
    case Action::request_information:
      // The complainant hears first that its complaint is being handled (O13: feedback).
      if (f.status == State::received)
        return make_error(Errc::invalid_state,
                          "Acknowledge the complaint before asking the seller for information.");
      return State::information_requested;
    case Action::uphold:
      return decide_uphold(f, remedy);
    case Action::dismiss:
      return State::dismissed;
  }
  return wrong_state(f.status, action);
}

Deadlines deadlines(TimePoint filed, std::chrono::seconds acknowledge,
                    std::chrono::seconds decide) {
  return {filed + acknowledge, filed + decide};
}

TimePoint next_due(State status, const Deadlines& d) {
  return status == State::received ? d.acknowledge_due : d.decision_due;
}

bool overdue(State status, TimePoint due, TimePoint now) { return is_open(status) && now > due; }

}  // namespace dx::complaints
