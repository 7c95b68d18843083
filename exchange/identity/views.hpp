// The JSON answers of the identity verification routes (API.md "Identity verification (KYC)").
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "identity/repository.hpp"
#include "identity/service.hpp"

namespace dx::identity {

// A submission with masked identities, its checks and documents; without status and reason,
// which the caller sets (the account's status, or the submission's own in the review queue).
nlohmann::json submission_json(const repository::SubmissionRow& row);
nlohmann::json submitted_json(const Submitted& s);
nlohmann::json decision_json(const KycDecision& d, const std::string& status);

}  // namespace dx::identity
