#include "compute/result_screen.hpp"

#include <chrono>

#include "compliance/rules.hpp"
#include "compliance/scanner.hpp"
#include "compliance/screening.hpp"

namespace dx::compute::detail {
namespace {

// The exchange's date in China (UTC+8), which judges the birth dates inside identity numbers.
std::chrono::year_month_day today_in_china() {
  using namespace std::chrono;
  return year_month_day{floor<days>(system_clock::now() + hours(8))};
}

Error not_releasable(std::string detail) {
  return legal_error(
      Errc::result_not_releasable,
      "The result cannot be released, as it would identify people: " + std::move(detail), "P5",
      "TJ-29");
}

// The findings a listing's data file declared free of personal information would get.
std::string identifier_findings(const compliance::ScanResult& scan,
                                const compliance::Rules& rules) {
  compliance::Product as_listed;
  as_listed.personal_information = compliance::PersonalInfo::none;
  as_listed.data_file_id = "result";
  as_listed.format = "csv";
  as_listed.delivery_mode = compliance::DeliveryMode::compute;
  std::string found;
  for (const auto& f : compliance::screen(as_listed, &scan, rules, today_in_china())) {
    if (f.rule == "P5" && f.field == "personal_information.contains" &&
        f.severity == compliance::Severity::block) {
      found += (found.empty() ? "" : " ") + f.message;
    }
  }
  return found;
}

std::string any_identifiers(const compliance::ScanResult& scan) {
  std::string found;
  for (const auto& id : scan.identifiers) {
    found += (found.empty() ? "the column \"" : ", the column \"") + id.column + "\" holds " +
             compliance::to_string(id.kind) + " values";
  }
  return found.empty() ? found : found + ".";
}

}  // namespace

Status screen_result(std::string_view csv, const compliance::Rules* rules) {
  compliance::Scanner scanner(compliance::DataFormat::csv, {}, today_in_china());
  scanner.feed(csv);
  const compliance::ScanResult scan = scanner.finish();
  if (!scan.parsed) return not_releasable("it could not be screened (" + scan.parse_error + ").");
  const std::string found =
      rules != nullptr ? identifier_findings(scan, *rules) : any_identifiers(scan);
  if (!found.empty()) return not_releasable(found);
  return {};
}

}  // namespace dx::compute::detail
