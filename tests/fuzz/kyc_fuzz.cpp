// Arbitrary text through every identity validator of kyc/ (identity number, credit code, mobile
// number, legal name), the helpers beside them (check characters, masks, age), and the facts a
// valid value must keep: its check character recomputes, it validates again to itself, and its
// mask has its length.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kyc/credit_code.hpp"
#include "kyc/identity_number.hpp"
#include "kyc/legal_name.hpp"
#include "kyc/phone.hpp"

namespace {

namespace kyc = dx::kyc;
using namespace std::chrono;

void check(bool fact) {
  if (!fact) __builtin_trap();
}

void identity_number(std::string_view raw, year_month_day today) {
  kyc::compute_identity_check_character(raw);
  kyc::mask_identity_number(raw);
  const auto id = kyc::validate_identity_number(raw, today);
  if (!id) {
    check(!kyc::to_string(id.error()).empty());
    return;
  }
  check(id->number.size() == 18 && kyc::normalise_identity_number(id->number) == id->number);
  check(kyc::compute_identity_check_character(std::string_view(id->number).substr(0, 17)) ==
        id->number[17]);
  check(id->birth_date.ok() && id->birth_date <= today);
  check(kyc::age_on(id->birth_date, today) >= 0);
  check(kyc::mask_identity_number(id->number).size() == 18);
  const auto again = kyc::validate_identity_number(id->number, today);
  check(again && again->number == id->number && again->birth_date == id->birth_date &&
        again->sex == id->sex);
}

void credit_code(std::string_view raw) {
  kyc::compute_credit_code_check_character(raw);
  kyc::compute_organisation_code_check_character(raw);
  const auto code = kyc::validate_credit_code(raw);
  if (!code) {
    check(!kyc::to_string(code.error()).empty());
    return;
  }
  const std::string_view c = code->code;
  check(c.size() == 18 && kyc::normalise_credit_code(c) == c);
  check(kyc::compute_credit_code_check_character(c.substr(0, 17)) == c[17]);
  check(kyc::compute_organisation_code_check_character(c.substr(8, 8)) == c[16]);
  const auto again = kyc::validate_credit_code(c);
  check(again && again->code == c);
}

void mobile_number(std::string_view raw) {
  kyc::mask_mobile_number(raw);
  const auto number = kyc::validate_mobile_number(raw);
  if (!number) {
    check(!kyc::to_string(number.error()).empty());
    return;
  }
  check(number->size() == 11 && kyc::mask_mobile_number(*number).size() == 11);
  const auto again = kyc::validate_mobile_number(*number);
  check(again && *again == *number);
}

void legal_name(std::string_view raw) {
  const auto name = kyc::validate_legal_name(raw);
  if (!name) {
    check(!kyc::to_string(name.error()).empty());
    return;
  }
  const auto again = kyc::validate_legal_name(*name);
  check(again && *again == *name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  identity_number(raw, 2025y / June / 15);
  identity_number(raw, 2000y / February / 29);  // a leap day: the day a birthday may not exist
  credit_code(raw);
  mobile_number(raw);
  legal_name(raw);
  return 0;
}
