#include "identity/submission.hpp"

#include "http/json_body.hpp"
#include "identity/blocklist.hpp"
#include "kyc/credit_code.hpp"
#include "kyc/identity_number.hpp"
#include "kyc/legal_name.hpp"
#include "kyc/phone.hpp"

namespace dx::identity {

namespace {

using http::Fields;
using http::Need;
using nlohmann::json;

std::optional<std::string> legal_name(Fields& f, const std::string& key) {
  auto raw = f.string(key, Need::required, 0, 1000);
  if (!raw) return std::nullopt;
  auto name = kyc::validate_legal_name(*raw);
  if (!name) {
    f.add_error(key, "is not a usable legal name (" + std::string(kyc::to_string(name.error())) + ")");
    return std::nullopt;
  }
  return *name;
}

std::optional<VerifiedId> person_id(Fields& f, const std::string& key, std::chrono::year_month_day today,
                                    const std::string& pepper) {
  auto raw = f.string(key, Need::required, 0, 40);
  if (!raw) return std::nullopt;
  auto id = kyc::validate_identity_number(*raw, today);
  if (!id) {
    f.add_error(key, "is not a valid resident identity number (GB 11643-1999: " +
                         std::string(kyc::to_string(id.error())) + ")");
    return std::nullopt;
  }
  return VerifiedId{id->number, kyc::mask_identity_number(id->number),
                    identity_hmac(pepper, "person", id->number), id->birth_date};
}

std::optional<VerifiedId> org_code(Fields& f, const std::string& key, const std::string& pepper) {
  auto raw = f.string(key, Need::required, 0, 40);
  if (!raw) return std::nullopt;
  auto code = kyc::validate_credit_code(*raw);
  if (!code) {
    f.add_error(key, "is not a valid unified social credit code (GB 32100-2015: " +
                         std::string(kyc::to_string(code.error())) + ")");
    return std::nullopt;
  }
  return VerifiedId{code->code, code->code, identity_hmac(pepper, "organization", code->code), std::nullopt};
}

void phone(Fields& f, Need need, Submission& s) {
  auto raw = f.string("phone", need, 0, 40);
  if (!raw) return;
  auto number = kyc::validate_mobile_number(*raw);
  if (!number) {
    f.add_error("phone", "is not a mainland mobile number (" + std::string(kyc::to_string(number.error())) + ")");
    return;
  }
  s.phone = *number;
  s.phone_masked = kyc::mask_mobile_number(*number);
}

void documents(Fields& f, Submission& s) {
  auto ids = f.string_list("document_file_ids", Need::required, 20, 64);
  if (!ids) return;
  if (ids->empty()) f.add_error("document_file_ids", "must name at least one uploaded document");
  s.document_file_ids = *ids;
}

}  // namespace

Result<Submission> parse_submission(const json& body, const std::string& kind,
                                    std::chrono::year_month_day today, const std::string& pepper) {
  Fields f(body);
  Submission s;
  s.kind = kind;
  auto name = legal_name(f, "legal_name");
  std::optional<VerifiedId> subject;
  if (kind == "person") {
    subject = person_id(f, "id_number", today, pepper);
    phone(f, Need::required, s);
  } else {
    subject = org_code(f, "uscc", pepper);
    if (const json* rep = f.object("legal_representative", Need::required)) {
      Fields rf(*rep, "legal_representative");
      s.representative_name = legal_name(rf, "name");
      s.representative = person_id(rf, "id_number", today, pepper);
      f.merge(rf);
    }
    phone(f, Need::optional, s);
  }
  documents(f, s);
  if (auto st = f.finish(); !st) return st.error();
  s.legal_name = *name;
  s.subject = *subject;
  return s;
}

std::vector<Check> run_checks(const Submission& s, std::chrono::year_month_day today, int min_age,
                              const Blocklist& blocklist, bool identity_elsewhere) {
  std::vector<Check> checks;
  checks.push_back({"check_characters", true, true,
                    s.kind == "person" ? "identity number check character valid (GB 11643-1999)"
                                       : "credit code and organisation code checks valid (GB 32100-2015)"});
  const auto* adult = s.kind == "person" ? &s.subject : s.representative ? &*s.representative : nullptr;
  if (adult && adult->birth_date) {
    const int age = kyc::age_on(*adult->birth_date, today);
    checks.push_back({"age", age >= min_age, true,
                      (s.kind == "person" ? "holder" : "legal representative") + std::string(" is ") +
                          std::to_string(age) + " (at least " + std::to_string(min_age) + " required)"});
  }
  checks.push_back({"duplicate_identity", !identity_elsewhere, false,
                    identity_elsewhere ? "the same identity is named by another account's submission"
                                       : "no other account names this identity"});
  bool blocked = blocklist.contains(s.subject.hmac) ||
                 (s.representative && blocklist.contains(s.representative->hmac));
  checks.push_back({"blocklist", !blocked, true,
                    blocked ? "an identity in this submission is barred from trading" : "not on the blocklist"});
  return checks;
}

json checks_json(const std::vector<Check>& checks) {
  json out = json::array();
  for (const auto& c : checks)
    out.push_back({{"name", c.name}, {"passed", c.passed}, {"blocking", c.blocking}, {"detail", c.detail}});
  return out;
}

std::chrono::year_month_day china_today(TimePoint now) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now + std::chrono::hours(8))};
}

}  // namespace dx::identity
