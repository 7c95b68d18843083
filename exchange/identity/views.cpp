#include "identity/views.hpp"

namespace dx::identity {

using nlohmann::json;

namespace {

json text_or_null(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

}  // namespace

json submission_json(const repository::SubmissionRow& row) {
  json j = {{"kind", row.kind}, {"legal_name", row.legal_name}, {"submitted_at", row.submitted_at}};
  if (row.kind == "person") {
    j["id_number_masked"] = row.identity_masked;
    j["phone_masked"] = text_or_null(row.phone_masked);
  } else {
    j["uscc"] = row.identity_masked;
    j["legal_representative"] = {{"name", row.representative},
                                 {"id_number_masked", row.rep_masked}};
  }
  j["checks"] = json::parse(row.checks);
  j["document_file_ids"] = json::parse(row.document_file_ids);
  j["account_id"] = row.account_id;
  j["submission_id"] = row.id;
  j["decided_at"] = text_or_null(row.decided_at);
  j["reason"] = text_or_null(row.reason);
  return j;
}

json submitted_json(const Submitted& s) {
  return {{"status", "submitted"},
          {"submission_id", s.submission_id},
          {"checks", checks_json(s.checks)}};
}

json decision_json(const KycDecision& d, const std::string& status) {
  return {{"account_id", d.account}, {"status", status}, {"reason", d.reason}};
}

}  // namespace dx::identity
