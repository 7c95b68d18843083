// A KYC submission (API.md "Identity verification") parsed and validated at the edge, and the
// automatic checks a reviewer sees beside it (O2, CQ-37(2), CQ-11(3)).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"

namespace dx::identity {

class Blocklist;

struct VerifiedId {
  std::string normalised;  // never stored in plaintext: sealed, masked and hashed
  std::string masked;
  std::string hmac;
  std::optional<std::chrono::year_month_day> birth_date;  // persons' identity numbers
};

struct Submission {
  std::string kind;  // person | organization
  std::string legal_name;
  VerifiedId subject;  // person: identity number; organization: credit code
  std::optional<std::string> representative_name;
  std::optional<VerifiedId> representative;
  std::optional<std::string> phone;
  std::optional<std::string> phone_masked;
  std::vector<std::string> document_file_ids;
};

// Validates the body for an account of `kind`; 422 naming each bad field (id_number, uscc,
// legal_representative.id_number, phone, ...), never echoing a number back.
Result<Submission> parse_submission(const nlohmann::json& body, const std::string& kind,
                                    std::chrono::year_month_day today, const std::string& pepper);

struct Check {
  std::string name;    // check_characters | age | duplicate_identity | blocklist
  bool passed = true;
  bool blocking = false;  // a failed blocking check cannot be approved
  std::string detail;
};

std::vector<Check> run_checks(const Submission& s, std::chrono::year_month_day today, int min_age,
                              const Blocklist& blocklist, bool identity_elsewhere);
nlohmann::json checks_json(const std::vector<Check>& checks);

// Today's date in China Standard Time (UTC+8), the calendar identity documents use.
std::chrono::year_month_day china_today(TimePoint now);

}  // namespace dx::identity
