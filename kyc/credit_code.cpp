#include "kyc/credit_code.hpp"

#include <algorithm>
#include <array>

#include "kyc/ascii.hpp"

namespace dx::kyc {
namespace {

using detail::is_digit;

constexpr std::size_t kLength = 18;
constexpr std::size_t kBodyLength = 17;

// GB 32100-2015: the 31 characters of a code; a character's value is its index here. I, O, S, V
// and Z are left out so that no character can be mistaken for another.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kModulus = static_cast<int>(kAlphabet.size());

// GB 32100-2015: weights 3^i mod 31 for the i-th of the first 17 characters.
constexpr std::array<int, kBodyLength> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                   29, 25, 13, 8,  24, 10, 30, 28};

// GB 11714-1997: weights 2^(8-i) mod 11 for the i-th of the 8 organisation code characters.
constexpr std::array<int, 8> kOrganisationWeights = {3, 7, 9, 10, 5, 8, 4, 2};

// Index in kAlphabet, or -1 for a character outside it.
int alphabet_value(char c) {
  const std::size_t at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

// GB 11714: digits count as themselves, letters as their place in A..Z plus 10 (A=10 ... Z=35).
int organisation_value(char c) {
  if (is_digit(c)) return detail::digit_value(c);
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

bool in_alphabet(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return alphabet_value(c) >= 0; });
}

bool has_valid_organisation_code(std::string_view nine) {
  return compute_organisation_code_check_character(nine.substr(0, 8)) == nine[8];
}

}  // namespace

std::string normalise_credit_code(std::string_view raw) {
  std::string code(detail::trim_ascii_space(raw));
  std::transform(code.begin(), code.end(), code.begin(), detail::to_upper);
  return code;
}

Result<CreditCode, CreditCodeError> validate_credit_code(std::string_view raw) {
  std::string code = normalise_credit_code(raw);
  if (code.size() != kLength) return CreditCodeError::length;
  if (!in_alphabet(code)) return CreditCodeError::characters;
  const std::string_view view = code;
  if (!detail::all_digits(view.substr(2, 6))) return CreditCodeError::region;
  if (!has_valid_organisation_code(view.substr(8, 9))) return CreditCodeError::organisation_code;
  if (compute_credit_code_check_character(view.substr(0, kBodyLength)) != code[kBodyLength]) {
    return CreditCodeError::check_character;
  }
  const char authority = code[0];
  const char type = code[1];
  std::string region(view.substr(2, 6));
  std::string organisation(view.substr(8, 9));
  return CreditCode{std::move(code), authority, type, std::move(region), std::move(organisation)};
}

std::optional<char> compute_credit_code_check_character(std::string_view first17) {
  if (first17.size() != kBodyLength || !in_alphabet(first17)) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < kBodyLength; ++i) sum += alphabet_value(first17[i]) * kWeights[i];
  // GB 32100: check = 31 - (sum mod 31), where 31 is written as the character of value 0.
  const int check = (kModulus - sum % kModulus) % kModulus;
  return kAlphabet[static_cast<std::size_t>(check)];
}

std::optional<char> compute_organisation_code_check_character(std::string_view first8) {
  if (first8.size() != kOrganisationWeights.size()) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < first8.size(); ++i) {
    const int value = organisation_value(first8[i]);
    if (value < 0) return std::nullopt;
    sum += value * kOrganisationWeights[i];
  }
  // GB 11714: check = 11 - (sum mod 11), with 10 written X and 11 written 0.
  const int check = 11 - sum % 11;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

std::string_view to_string(CreditCodeError reason) {
  switch (reason) {
    case CreditCodeError::length:
      return "length";
    case CreditCodeError::characters:
      return "characters";
    case CreditCodeError::region:
      return "region";
    case CreditCodeError::organisation_code:
      return "organisation_code";
    case CreditCodeError::check_character:
      return "check_character";
  }
  return "unknown";
}

}  // namespace dx::kyc
