// Tests of the kyc validators. The property tests compare against reference predicates written
// here from the definitions in the standards, independently of the library: the weights are
// derived (2^k mod 11, 3^k mod 31) rather than copied, and each check is verified as the
// congruence the standard states rather than by recomputing the check character.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "kyc/credit_code.hpp"
#include "kyc/identity_number.hpp"
#include "kyc/legal_name.hpp"
#include "kyc/phone.hpp"

namespace dx::kyc {

// Readable reasons in failure messages.
void PrintTo(IdentityNumberError e, std::ostream* os) { *os << to_string(e); }
void PrintTo(CreditCodeError e, std::ostream* os) { *os << to_string(e); }
void PrintTo(MobileNumberError e, std::ostream* os) { *os << to_string(e); }
void PrintTo(LegalNameError e, std::ostream* os) { *os << to_string(e); }

namespace {

using namespace std::chrono;

constexpr year_month_day kToday = 2024y / June / 15;
constexpr std::array<int, 34> kProvinces = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                            35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                            53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int power_mod(int base, int exponent, int modulus) {
  int result = 1;
  for (int i = 0; i < exponent; ++i) result = result * base % modulus;
  return result;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string two_digits(int n) {
  return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

// ---- Reference definition of GB 11643-1999 ----

bool reference_is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int reference_days_in_month(int y, int m) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && reference_is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

int number_at(std::string_view s, std::size_t pos, std::size_t len) {
  return std::stoi(std::string(s.substr(pos, len)));
}

bool reference_birth_date_ok(std::string_view s, year_month_day today) {
  const int y = number_at(s, 6, 4);
  const int m = number_at(s, 10, 2);
  const int d = number_at(s, 12, 2);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > reference_days_in_month(y, m)) return false;
  const int born = y * 10000 + m * 100 + d;
  const int now = static_cast<int>(today.year()) * 10000 +
                  static_cast<int>(static_cast<unsigned>(today.month())) * 100 +
                  static_cast<int>(static_cast<unsigned>(today.day()));
  return born <= now;
}

// ISO 7064 MOD 11-2: sum of a_i * 2^(18-i) over all 18 positions (check X = 10) is 1 mod 11.
bool reference_identity_check_ok(std::string_view s) {
  int sum = 0;
  for (int i = 0; i < 18; ++i) {
    const char c = s[static_cast<std::size_t>(i)];
    const int value = (c == 'X' || c == 'x') ? 10 : c - '0';
    sum += value * power_mod(2, 17 - i, 11);
  }
  return sum % 11 == 1;
}

bool reference_is_valid_identity(std::string_view s, year_month_day today) {
  if (s.size() != 18) return false;
  if (!std::all_of(s.begin(), s.begin() + 17, is_digit)) return false;
  if (!is_digit(s[17]) && s[17] != 'X' && s[17] != 'x') return false;
  const int province = number_at(s, 0, 2);
  if (std::find(kProvinces.begin(), kProvinces.end(), province) == kProvinces.end()) return false;
  return reference_birth_date_ok(s, today) && reference_identity_check_ok(s);
}

// Completes 17 digits with the one check character that satisfies the MOD 11-2 congruence.
std::string reference_complete_identity(std::string first17) {
  for (char c : std::string_view("0123456789X")) {
    if (reference_identity_check_ok(first17 + c)) return first17 + c;
  }
  return first17 + '?';
}

std::string build_identity(std::string_view region6, std::string_view yyyymmdd,
                           std::string_view seq3) {
  return reference_complete_identity(std::string(region6) + std::string(yyyymmdd) +
                                     std::string(seq3));
}

// ---- Reference definition of GB 32100-2015 and GB 11714 ----

int credit_value(char c) {
  const std::size_t at = kCreditAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

int organisation_value(char c) {
  if (is_digit(c)) return c - '0';
  return (c >= 'A' && c <= 'Z') ? c - 'A' + 10 : -1;
}

// GB 11714: sum of a_i * 2^(8-i) mod 11 over the 8 characters plus the check (X = 10) is 0 mod 11.
bool reference_organisation_check_ok(std::string_view nine) {
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    sum += organisation_value(nine[static_cast<std::size_t>(i)]) * power_mod(2, 8 - i, 11);
  }
  const char check = nine[8];
  if (!is_digit(check) && check != 'X') return false;
  return (sum + (check == 'X' ? 10 : check - '0')) % 11 == 0;
}

// GB 32100: sum of a_i * 3^i mod 31 over the first 17 plus the check value is 0 mod 31.
bool reference_credit_check_ok(std::string_view s) {
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    sum += credit_value(s[static_cast<std::size_t>(i)]) * power_mod(3, i, 31);
  }
  return (sum + credit_value(s[17])) % 31 == 0;
}

bool reference_is_valid_credit_code(std::string s) {
  if (s.size() != 18) return false;
  for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  if (!std::all_of(s.begin(), s.end(), [](char c) { return credit_value(c) >= 0; })) return false;
  if (!std::all_of(s.begin() + 2, s.begin() + 8, is_digit)) return false;
  return reference_organisation_check_ok(std::string_view(s).substr(8, 9)) &&
         reference_credit_check_ok(s);
}

std::string reference_complete_organisation_code(const std::string& first8) {
  for (char c : std::string_view("0123456789X")) {
    if (reference_organisation_check_ok(first8 + c)) return first8 + c;
  }
  return first8 + '?';
}

std::string reference_complete_credit_code(const std::string& first17) {
  for (char c : kCreditAlphabet) {
    if (reference_credit_check_ok(first17 + c)) return first17 + c;
  }
  return first17 + '?';
}

std::string build_credit_code(std::string_view prefix8, std::string_view organisation8) {
  return reference_complete_credit_code(
      std::string(prefix8) + reference_complete_organisation_code(std::string(organisation8)));
}

// ---- Generators ----

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : engine_(seed) {}

  int uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(engine_); }

  std::string digits(int count) {
    std::string s;
    for (int i = 0; i < count; ++i) s += static_cast<char>('0' + uniform(0, 9));
    return s;
  }

  char pick(std::string_view from) {
    return from[static_cast<std::size_t>(uniform(0, static_cast<int>(from.size()) - 1))];
  }

  year_month_day birth_date(year_month_day today) {
    const int first = sys_days{1900y / January / 1}.time_since_epoch().count();
    const int last = sys_days{today}.time_since_epoch().count();
    return year_month_day{sys_days{days{uniform(first, last)}}};
  }

  int province() {
    return kProvinces[static_cast<std::size_t>(
        uniform(0, static_cast<int>(kProvinces.size()) - 1))];
  }

  std::string identity_number(year_month_day today) {
    const year_month_day born = birth_date(today);
    const std::string date = std::to_string(static_cast<int>(born.year())) +
                             two_digits(static_cast<int>(static_cast<unsigned>(born.month()))) +
                             two_digits(static_cast<int>(static_cast<unsigned>(born.day())));
    return reference_complete_identity(two_digits(province()) + digits(4) + date + digits(3));
  }

  std::string credit_code() {
    std::string prefix{pick("159Y"), pick("1239")};
    prefix += two_digits(province());
    prefix += digits(4);
    std::string organisation;
    for (int i = 0; i < 8; ++i) organisation += pick(kCreditAlphabet);
    return build_credit_code(prefix, organisation);
  }

 private:
  std::mt19937 engine_;
};

// Every byte but the one already at the position.
std::vector<std::string> single_byte_substitutions(const std::string& s, std::size_t pos) {
  std::vector<std::string> out;
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    if (c == s[pos]) continue;
    std::string mutated = s;
    mutated[pos] = c;
    out.push_back(std::move(mutated));
  }
  return out;
}

// ======================= Resident identity number (GB 11643-1999) =======================

TEST(IdentityNumber, PublishedExampleValidatesWithItsFacts) {
  const auto result = validate_identity_number("11010519491231002X", kToday);

  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->number, "11010519491231002X");
  EXPECT_EQ(result->region_code, "110105");
  EXPECT_EQ(result->birth_date, 1949y / December / 31);
  EXPECT_EQ(result->sex, Sex::female);
}

TEST(IdentityNumber, LowerCaseXCheckIsAcceptedAndNormalisedToUpperCase) {
  const auto result = validate_identity_number("11010519491231002x", kToday);

  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->number, "11010519491231002X");
}

TEST(IdentityNumber, SurroundingWhiteSpaceIsIgnored) {
  const auto result = validate_identity_number(" \t11010519491231002X\r\n", kToday);

  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->number, "11010519491231002X");
}

TEST(IdentityNumber, NormaliseTrimsAndUpperCasesWithoutValidating) {
  EXPECT_EQ(normalise_identity_number("  11010519491231002x "), "11010519491231002X");
  EXPECT_EQ(normalise_identity_number("abc"), "ABC");
  EXPECT_EQ(normalise_identity_number("   "), "");
}

TEST(IdentityNumber, WrongLengthFailsWithLength) {
  EXPECT_EQ(validate_identity_number("", kToday).error(), IdentityNumberError::length);
  EXPECT_EQ(validate_identity_number("11010519491231002", kToday).error(),
            IdentityNumberError::length);
  EXPECT_EQ(validate_identity_number("11010519491231002X0", kToday).error(),
            IdentityNumberError::length);
  // The first-generation 15-digit number is not accepted.
  EXPECT_EQ(validate_identity_number("110105491231002", kToday).error(),
            IdentityNumberError::length);
}

TEST(IdentityNumber, InteriorWhiteSpaceFailsWithCharacters) {
  EXPECT_EQ(validate_identity_number("110105 9491231002X", kToday).error(),
            IdentityNumberError::characters);
}

TEST(IdentityNumber, NonDigitInFirstSeventeenFailsWithCharacters) {
  EXPECT_EQ(validate_identity_number("1101051949123100AX", kToday).error(),
            IdentityNumberError::characters);
  EXPECT_EQ(validate_identity_number("X10105194912310021", kToday).error(),
            IdentityNumberError::characters);
  EXPECT_EQ(validate_identity_number("110105194912310-2X", kToday).error(),
            IdentityNumberError::characters);
}

TEST(IdentityNumber, CheckPositionOtherThanDigitOrXFailsWithCharacters) {
  EXPECT_EQ(validate_identity_number("11010519491231002Y", kToday).error(),
            IdentityNumberError::characters);
  EXPECT_EQ(validate_identity_number("11010519491231002*", kToday).error(),
            IdentityNumberError::characters);
}

TEST(IdentityNumber, EveryProvinceLevelCodeIsAccepted) {
  for (int province : kProvinces) {
    const std::string number = build_identity(two_digits(province) + "0102", "19800101", "123");

    EXPECT_TRUE(validate_identity_number(number, kToday).ok()) << number;
  }
}

TEST(IdentityNumber, EveryOtherTwoDigitPrefixFailsWithRegion) {
  for (int prefix = 0; prefix < 100; ++prefix) {
    if (std::find(kProvinces.begin(), kProvinces.end(), prefix) != kProvinces.end()) continue;
    const std::string number = build_identity(two_digits(prefix) + "0102", "19800101", "123");

    const auto result = validate_identity_number(number, kToday);

    ASSERT_FALSE(result.ok()) << number;
    EXPECT_EQ(result.error(), IdentityNumberError::region) << number;
  }
}

TEST(IdentityNumber, DigitsThreeToSixAreNotChecked) {
  EXPECT_TRUE(validate_identity_number(build_identity("110000", "19800101", "123"), kToday).ok());
  EXPECT_TRUE(validate_identity_number(build_identity("119999", "19800101", "123"), kToday).ok());
}

TEST(IdentityNumber, LeapDayBirthDatesAreAcceptedInLeapYearsOnly) {
  EXPECT_TRUE(validate_identity_number(build_identity("110105", "20000229", "123"), kToday).ok());
  EXPECT_TRUE(validate_identity_number(build_identity("110105", "20240229", "123"), kToday).ok());
  EXPECT_TRUE(validate_identity_number(build_identity("110105", "19040229", "123"), kToday).ok());
  EXPECT_EQ(validate_identity_number(build_identity("110105", "19000229", "123"), kToday).error(),
            IdentityNumberError::birth_date);
  EXPECT_EQ(validate_identity_number(build_identity("110105", "20230229", "123"), kToday).error(),
            IdentityNumberError::birth_date);
}

TEST(IdentityNumber, ImpossibleCalendarDatesFailWithBirthDate) {
  for (std::string_view date : {"19800001", "19801301", "19800100", "19800132", "19800230",
                                "19800431", "19800631", "19800931", "19801131", "19809999"}) {
    const auto result = validate_identity_number(build_identity("110105", date, "123"), kToday);

    ASSERT_FALSE(result.ok()) << date;
    EXPECT_EQ(result.error(), IdentityNumberError::birth_date) << date;
  }
}

TEST(IdentityNumber, LastDayOfEveryMonthIsAccepted) {
  for (std::string_view date :
       {"19810131", "19810228", "19810331", "19810430", "19810531", "19810630", "19810731",
        "19810831", "19810930", "19811031", "19811130", "19811231"}) {
    EXPECT_TRUE(validate_identity_number(build_identity("110105", date, "123"), kToday).ok())
        << date;
  }
}

TEST(IdentityNumber, BirthBefore1900FailsWithBirthDate) {
  EXPECT_EQ(validate_identity_number(build_identity("110105", "18991231", "123"), kToday).error(),
            IdentityNumberError::birth_date);
  EXPECT_EQ(validate_identity_number(build_identity("110105", "00010101", "123"), kToday).error(),
            IdentityNumberError::birth_date);
}

TEST(IdentityNumber, BirthOnFirstOfJanuary1900IsAccepted) {
  EXPECT_TRUE(validate_identity_number(build_identity("110105", "19000101", "123"), kToday).ok());
}

TEST(IdentityNumber, BirthTodayIsAccepted) {
  EXPECT_TRUE(validate_identity_number(build_identity("110105", "20240615", "123"), kToday).ok());
}

TEST(IdentityNumber, BirthAfterTodayFailsWithFutureBirthDate) {
  EXPECT_EQ(validate_identity_number(build_identity("110105", "20240616", "123"), kToday).error(),
            IdentityNumberError::future_birth_date);
  EXPECT_EQ(validate_identity_number(build_identity("110105", "29991231", "123"), kToday).error(),
            IdentityNumberError::future_birth_date);
}

TEST(IdentityNumber, FutureBirthDateDependsOnTheGivenToday) {
  const std::string number = build_identity("110105", "20240616", "123");

  EXPECT_FALSE(validate_identity_number(number, 2024y / June / 15).ok());
  EXPECT_TRUE(validate_identity_number(number, 2024y / June / 16).ok());
}

TEST(IdentityNumber, WrongCheckCharacterFailsWithCheckCharacter) {
  for (char check : std::string_view("0123456789")) {
    const auto result = validate_identity_number(std::string("11010519491231002") + check, kToday);

    ASSERT_FALSE(result.ok()) << check;
    EXPECT_EQ(result.error(), IdentityNumberError::check_character) << check;
  }
}

TEST(IdentityNumber, ReasonsAreReportedInRuleOrder) {
  // Bad region, bad date and bad check at once: the region is reported.
  EXPECT_EQ(validate_identity_number("991051949133100210", kToday).error(),
            IdentityNumberError::region);
  // Bad date and bad check: the date is reported.
  EXPECT_EQ(validate_identity_number("110105194913310020", kToday).error(),
            IdentityNumberError::birth_date);
}

TEST(IdentityNumber, OddSeventeenthDigitMeansMale) {
  const auto result = validate_identity_number(build_identity("110105", "19491231", "001"), kToday);

  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->sex, Sex::male);
}

TEST(IdentityNumber, EvenSeventeenthDigitMeansFemale) {
  for (std::string_view seq : {"000", "002", "004", "006", "008"}) {
    const auto result = validate_identity_number(build_identity("110105", "19491231", seq), kToday);

    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->sex, Sex::female) << seq;
  }
}

TEST(IdentityNumber, ComputeCheckCharacterOfPublishedExampleIsX) {
  EXPECT_EQ(compute_identity_check_character("11010519491231002"), 'X');
}

TEST(IdentityNumber, ComputeCheckCharacterCoversEveryValue) {
  // Varying the last body digit (weight 2) walks through all eleven check values.
  std::string seen;
  for (int seq = 0; seq < 100; ++seq) {
    const std::string body = "110105194912310" + two_digits(seq);
    const auto check = compute_identity_check_character(body);
    ASSERT_TRUE(check.has_value());
    EXPECT_TRUE(reference_identity_check_ok(body + *check)) << body;
    if (seen.find(*check) == std::string::npos) seen += *check;
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, "0123456789X");
}

TEST(IdentityNumber, ComputeCheckCharacterRejectsAnythingButSeventeenDigits) {
  EXPECT_EQ(compute_identity_check_character(""), std::nullopt);
  EXPECT_EQ(compute_identity_check_character("1101051949123100"), std::nullopt);
  EXPECT_EQ(compute_identity_check_character("110105194912310021"), std::nullopt);
  EXPECT_EQ(compute_identity_check_character("1101051949123100A"), std::nullopt);
}

TEST(IdentityNumber, MaskKeepsFirstSixAndLastFour) {
  EXPECT_EQ(mask_identity_number("11010519491231002X"), "110105********002X");
}

TEST(IdentityNumber, MaskOfTooShortInputHidesEverything) {
  EXPECT_EQ(mask_identity_number("1234567890"), "**********");
  EXPECT_EQ(mask_identity_number(""), "");
}

TEST(IdentityNumber, ReasonNamesAreStable) {
  EXPECT_EQ(to_string(IdentityNumberError::length), "length");
  EXPECT_EQ(to_string(IdentityNumberError::characters), "characters");
  EXPECT_EQ(to_string(IdentityNumberError::region), "region");
  EXPECT_EQ(to_string(IdentityNumberError::birth_date), "birth_date");
  EXPECT_EQ(to_string(IdentityNumberError::future_birth_date), "future_birth_date");
  EXPECT_EQ(to_string(IdentityNumberError::check_character), "check_character");
}

// ---- age_on ----

TEST(AgeOn, CountsWholeYearsBeforeAndOnTheBirthday) {
  EXPECT_EQ(age_on(1990y / May / 20, 2024y / May / 19), 33);
  EXPECT_EQ(age_on(1990y / May / 20, 2024y / May / 20), 34);
  EXPECT_EQ(age_on(1990y / May / 20, 2024y / December / 31), 34);
  EXPECT_EQ(age_on(1990y / May / 20, 2025y / January / 1), 34);
}

TEST(AgeOn, IsZeroOnTheBirthDateAndBeforeTheFirstBirthday) {
  EXPECT_EQ(age_on(2024y / June / 15, 2024y / June / 15), 0);
  EXPECT_EQ(age_on(2023y / June / 16, 2024y / June / 15), 0);
  EXPECT_EQ(age_on(2023y / June / 15, 2024y / June / 15), 1);
}

TEST(AgeOn, LeapDayBirthCompletesTheYearOnFirstOfMarchInCommonYears) {
  EXPECT_EQ(age_on(2000y / February / 29, 2018y / February / 28), 17);
  EXPECT_EQ(age_on(2000y / February / 29, 2018y / March / 1), 18);
  EXPECT_EQ(age_on(2000y / February / 29, 2020y / February / 29), 20);
}

TEST(AgeOn, IsZeroWhenTodayIsBeforeTheBirthDate) {
  EXPECT_EQ(age_on(2024y / June / 16, 2024y / June / 15), 0);
  EXPECT_EQ(age_on(2030y / January / 1, 2024y / June / 15), 0);
}

TEST(AgeOn, EighteenthBirthdayIsTheDayOfMajority) {
  const auto number = validate_identity_number(build_identity("110105", "20060615", "123"), kToday);

  ASSERT_TRUE(number.ok());
  EXPECT_EQ(age_on(number->birth_date, kToday), 18);
  EXPECT_EQ(age_on(number->birth_date, 2024y / June / 14), 17);
}

// ---- Properties ----

TEST(IdentityNumberProperty, GeneratedValidNumbersAlwaysValidate) {
  Generator gen(20240615);
  for (int i = 0; i < 5000; ++i) {
    const std::string number = gen.identity_number(kToday);
    ASSERT_TRUE(reference_is_valid_identity(number, kToday)) << number;

    const auto result = validate_identity_number(number, kToday);

    ASSERT_TRUE(result.ok()) << number << ": " << to_string(result.error());
    EXPECT_EQ(result->number, number);
    EXPECT_EQ(result->region_code, number.substr(0, 6));
    EXPECT_EQ(result->sex, (number[16] - '0') % 2 == 1 ? Sex::male : Sex::female);
  }
}

TEST(IdentityNumberProperty, SingleCharacterChangeValidatesOnlyIfReferenceSaysValid) {
  Generator gen(11643);
  for (int i = 0; i < 100; ++i) {
    const std::string number = gen.identity_number(kToday);
    for (std::size_t pos = 0; pos < number.size(); ++pos) {
      for (const std::string& mutant : single_byte_substitutions(number, pos)) {
        const bool valid = validate_identity_number(mutant, kToday).ok();

        ASSERT_EQ(valid, reference_is_valid_identity(mutant, kToday)) << number << " -> " << mutant;
        // MOD 11-2 detects every single substitution, so only a check X written x survives.
        if (valid) {
          EXPECT_EQ(normalise_identity_number(mutant), number) << mutant;
        }
      }
    }
  }
}

TEST(IdentityNumberProperty, ChangingOneDigitOfTheBodyIsAlwaysDetected) {
  Generator gen(1999);
  for (int i = 0; i < 200; ++i) {
    const std::string number = gen.identity_number(kToday);
    for (std::size_t pos = 0; pos < 17; ++pos) {
      for (char digit : std::string_view("0123456789")) {
        if (digit == number[pos]) continue;
        std::string mutant = number;
        mutant[pos] = digit;

        EXPECT_FALSE(validate_identity_number(mutant, kToday).ok()) << number << " -> " << mutant;
      }
    }
  }
}

// ======================= Unified social credit code (GB 32100-2015) =======================

TEST(CreditCode, PublishedCodeValidatesWithItsParts) {
  const auto result = validate_credit_code("91350100M000100Y43");

  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->code, "91350100M000100Y43");
  EXPECT_EQ(result->registration_authority, '9');
  EXPECT_EQ(result->organisation_type, '1');
  EXPECT_EQ(result->region_code, "350100");
  EXPECT_EQ(result->organisation_code, "M000100Y4");
}

TEST(CreditCode, CodesBuiltFromComputedChecksValidate) {
  // Organisation codes completed with their GB 11714 check, then the GB 32100 check.
  for (std::string_view code :
       {"91110108MA01AB2C3T", "913100001234567883", "52440300D23456785M", "12100000400000018N"}) {
    EXPECT_TRUE(validate_credit_code(code).ok()) << code;
    EXPECT_EQ(code, build_credit_code(code.substr(0, 8), code.substr(8, 8)));
  }
}

TEST(CreditCode, LowerCaseInputIsAcceptedAndNormalised) {
  const auto result = validate_credit_code("91350100m000100y43");

  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->code, "91350100M000100Y43");
}

TEST(CreditCode, SurroundingWhiteSpaceIsIgnored) {
  EXPECT_TRUE(validate_credit_code("\t 91350100M000100Y43 \n").ok());
}

TEST(CreditCode, NormaliseTrimsAndUpperCasesWithoutValidating) {
  EXPECT_EQ(normalise_credit_code(" 91350100m000100y43 "), "91350100M000100Y43");
  EXPECT_EQ(normalise_credit_code("io"), "IO");
}

TEST(CreditCode, WrongLengthFailsWithLength) {
  EXPECT_EQ(validate_credit_code("").error(), CreditCodeError::length);
  EXPECT_EQ(validate_credit_code("91350100M000100Y4").error(), CreditCodeError::length);
  EXPECT_EQ(validate_credit_code("91350100M000100Y430").error(), CreditCodeError::length);
  // A bare 9-character organisation code is not a credit code.
  EXPECT_EQ(validate_credit_code("M000100Y4").error(), CreditCodeError::length);
}

TEST(CreditCode, LettersLeftOutOfTheAlphabetFailWithCharacters) {
  for (char letter : std::string_view("IOSVZiosvz")) {
    std::string code = "91350100M000100Y43";
    code[0] = letter;

    const auto result = validate_credit_code(code);

    ASSERT_FALSE(result.ok()) << code;
    EXPECT_EQ(result.error(), CreditCodeError::characters) << code;
  }
}

TEST(CreditCode, PunctuationAndNonAsciiFailWithCharacters) {
  EXPECT_EQ(validate_credit_code("91350100-000100Y43").error(), CreditCodeError::characters);
  EXPECT_EQ(validate_credit_code("91350100M000100Y4 ").error(), CreditCodeError::length);
  EXPECT_EQ(validate_credit_code("91350100M00 100Y43").error(), CreditCodeError::characters);
  EXPECT_EQ(validate_credit_code("91350100M000100Y4\xC3").error(), CreditCodeError::characters);
}

TEST(CreditCode, LetterInTheRegionCodeFailsWithRegion) {
  for (std::size_t pos = 2; pos < 8; ++pos) {
    std::string code = "91350100M000100Y43";
    code[pos] = 'A';

    const auto result = validate_credit_code(code);

    ASSERT_FALSE(result.ok()) << code;
    EXPECT_EQ(result.error(), CreditCodeError::region) << code;
  }
}

TEST(CreditCode, RegionDigitsAreNotCheckedAgainstTheDivisionList) {
  EXPECT_TRUE(validate_credit_code(build_credit_code("91100000", "10000000")).ok());
  EXPECT_TRUE(validate_credit_code(build_credit_code("91999999", "10000000")).ok());
}

TEST(CreditCode, WrongOrganisationCheckFailsWithOrganisationCode) {
  // M000100Y's GB 11714 check is 4; any other, with a matching GB 32100 check, is refused.
  for (char check : std::string_view("012356789X")) {
    const std::string code =
        reference_complete_credit_code(std::string("91350100M000100Y") + check);

    const auto result = validate_credit_code(code);

    ASSERT_FALSE(result.ok()) << code;
    EXPECT_EQ(result.error(), CreditCodeError::organisation_code) << code;
  }
}

TEST(CreditCode, OrganisationCheckOfTenMustBeWrittenX) {
  // 10000018 has the GB 11714 check 10, written X; 'A' also has the value 10 but is not a check.
  const std::string with_x = reference_complete_credit_code("9135010010000018X");
  const std::string with_a = reference_complete_credit_code("9135010010000018A");

  EXPECT_TRUE(validate_credit_code(with_x).ok()) << with_x;
  EXPECT_EQ(validate_credit_code(with_a).error(), CreditCodeError::organisation_code) << with_a;
}

TEST(CreditCode, WrongFinalCheckFailsWithCheckCharacter) {
  for (char check : kCreditAlphabet) {
    if (check == '3') continue;
    const auto result = validate_credit_code(std::string("91350100M000100Y4") + check);

    ASSERT_FALSE(result.ok()) << check;
    EXPECT_EQ(result.error(), CreditCodeError::check_character) << check;
  }
}

TEST(CreditCode, ComputeCheckCharacterOfPublishedCodeIs3) {
  EXPECT_EQ(compute_credit_code_check_character("91350100M000100Y4"), '3');
}

TEST(CreditCode, ComputeCheckCharacterWritesThirtyOneAsZero) {
  EXPECT_EQ(compute_credit_code_check_character("00000000000000000"), '0');
}

TEST(CreditCode, ComputeCheckCharacterReachesEveryAlphabetCharacter) {
  // The weight of the 17th character is 28, invertible mod 31, so its 31 values give 31 checks.
  std::string seen;
  for (char last : kCreditAlphabet) {
    const auto check = compute_credit_code_check_character(std::string("91350100M000100Y") + last);
    ASSERT_TRUE(check.has_value());
    seen += *check;
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, kCreditAlphabet);
}

TEST(CreditCode, ComputeCheckCharacterRejectsBadInput) {
  EXPECT_EQ(compute_credit_code_check_character(""), std::nullopt);
  EXPECT_EQ(compute_credit_code_check_character("91350100M000100Y"), std::nullopt);
  EXPECT_EQ(compute_credit_code_check_character("91350100M000100Y43"), std::nullopt);
  EXPECT_EQ(compute_credit_code_check_character("91350100I000100Y4"), std::nullopt);
  EXPECT_EQ(compute_credit_code_check_character("91350100m000100y4"), std::nullopt);
}

TEST(CreditCode, OrganisationCheckCharacterFollowsGb11714) {
  EXPECT_EQ(compute_organisation_code_check_character("M000100Y"), '4');
  EXPECT_EQ(compute_organisation_code_check_character("10000000"), '8');
  // Remainder 1 gives 10, written X; remainder 0 gives 11, written 0.
  EXPECT_EQ(compute_organisation_code_check_character("10000018"), 'X');
  EXPECT_EQ(compute_organisation_code_check_character("10000004"), '0');
  EXPECT_EQ(compute_organisation_code_check_character("00000000"), '0');
}

TEST(CreditCode, OrganisationCheckValuesLettersByTheirPlaceInTheAlphabet) {
  // Letters excluded from credit codes still count in GB 11714: Z = 35, weight 2 in place 8.
  for (char letter = 'A'; letter <= 'Z'; ++letter) {
    const std::string body = std::string("0000000") + letter;
    const auto check = compute_organisation_code_check_character(body);
    ASSERT_TRUE(check.has_value());
    EXPECT_TRUE(reference_organisation_check_ok(body + *check)) << body;
  }
}

TEST(CreditCode, OrganisationCheckRejectsBadInput) {
  EXPECT_EQ(compute_organisation_code_check_character(""), std::nullopt);
  EXPECT_EQ(compute_organisation_code_check_character("M000100"), std::nullopt);
  EXPECT_EQ(compute_organisation_code_check_character("M000100Y4"), std::nullopt);
  EXPECT_EQ(compute_organisation_code_check_character("m000100y"), std::nullopt);
  EXPECT_EQ(compute_organisation_code_check_character("M000-00Y"), std::nullopt);
}

TEST(CreditCode, ReasonsAreReportedInRuleOrder) {
  // Bad region, organisation check and final check at once: the region is reported.
  EXPECT_EQ(validate_credit_code("9135A100M000100Y50").error(), CreditCodeError::region);
  // Bad organisation check and final check: the organisation code is reported.
  EXPECT_EQ(validate_credit_code("91350100M000100Y50").error(),
            CreditCodeError::organisation_code);
}

TEST(CreditCode, ReasonNamesAreStable) {
  EXPECT_EQ(to_string(CreditCodeError::length), "length");
  EXPECT_EQ(to_string(CreditCodeError::characters), "characters");
  EXPECT_EQ(to_string(CreditCodeError::region), "region");
  EXPECT_EQ(to_string(CreditCodeError::organisation_code), "organisation_code");
  EXPECT_EQ(to_string(CreditCodeError::check_character), "check_character");
}

TEST(CreditCodeProperty, GeneratedValidCodesAlwaysValidate) {
  Generator gen(32100);
  for (int i = 0; i < 5000; ++i) {
    const std::string code = gen.credit_code();
    ASSERT_TRUE(reference_is_valid_credit_code(code)) << code;

    const auto result = validate_credit_code(code);

    ASSERT_TRUE(result.ok()) << code << ": " << to_string(result.error());
    EXPECT_EQ(result->code, code);
    EXPECT_EQ(result->region_code, code.substr(2, 6));
    EXPECT_EQ(result->organisation_code, code.substr(8, 9));
  }
}

TEST(CreditCodeProperty, SingleCharacterChangeValidatesOnlyIfReferenceSaysValid) {
  Generator gen(11714);
  for (int i = 0; i < 100; ++i) {
    const std::string code = gen.credit_code();
    for (std::size_t pos = 0; pos < code.size(); ++pos) {
      for (const std::string& mutant : single_byte_substitutions(code, pos)) {
        const bool valid = validate_credit_code(mutant).ok();

        ASSERT_EQ(valid, reference_is_valid_credit_code(mutant)) << code << " -> " << mutant;
        // Only a change of letter case leaves the code the same.
        if (valid) {
          EXPECT_EQ(normalise_credit_code(mutant), code) << mutant;
        }
      }
    }
  }
}

TEST(CreditCodeProperty, ChangingOneCharacterWithinTheAlphabetIsAlwaysDetected) {
  Generator gen(31);
  for (int i = 0; i < 100; ++i) {
    const std::string code = gen.credit_code();
    for (std::size_t pos = 0; pos < code.size(); ++pos) {
      for (char c : kCreditAlphabet) {
        if (c == code[pos]) continue;
        std::string mutant = code;
        mutant[pos] = c;

        EXPECT_FALSE(validate_credit_code(mutant).ok()) << code << " -> " << mutant;
      }
    }
  }
}

// ======================= Mainland mobile numbers =======================

TEST(MobileNumber, ElevenDigitsValidateAsThemselves) {
  const auto result = validate_mobile_number("13800138000");

  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, "13800138000");
}

TEST(MobileNumber, CountryCodePrefixesAreRemoved) {
  for (std::string_view raw : {"+8613800138000", "8613800138000", "+86 138 0013 8000",
                               "+86-138-0013-8000", "86 13800138000", "+ 86 13800138000"}) {
    const auto result = validate_mobile_number(raw);

    ASSERT_TRUE(result.ok()) << raw;
    EXPECT_EQ(*result, "13800138000") << raw;
  }
}

TEST(MobileNumber, SpacesAndHyphensAnywhereAreRemoved) {
  for (std::string_view raw :
       {"138 0013 8000", "138-0013-8000", " 138 - 0013 - 8000 ", "1-3-8-0-0-1-3-8-0-0-0"}) {
    const auto result = validate_mobile_number(raw);

    ASSERT_TRUE(result.ok()) << raw;
    EXPECT_EQ(*result, "13800138000") << raw;
  }
}

TEST(MobileNumber, EverySecondDigitFromThreeToNineIsAccepted) {
  for (char second = '3'; second <= '9'; ++second) {
    const std::string number = std::string("1") + second + "012345678";

    EXPECT_TRUE(validate_mobile_number(number).ok()) << number;
  }
}

TEST(MobileNumber, SecondDigitBelowThreeFailsWithPrefix) {
  for (std::string_view number : {"10012345678", "11012345678", "12012345678"}) {
    EXPECT_EQ(validate_mobile_number(number).error(), MobileNumberError::prefix) << number;
  }
}

TEST(MobileNumber, FirstDigitOtherThanOneFailsWithPrefix) {
  EXPECT_EQ(validate_mobile_number("23800138000").error(), MobileNumberError::prefix);
  EXPECT_EQ(validate_mobile_number("01380013800").error(), MobileNumberError::prefix);
}

TEST(MobileNumber, WrongDigitCountFailsWithLength) {
  EXPECT_EQ(validate_mobile_number("").error(), MobileNumberError::length);
  EXPECT_EQ(validate_mobile_number("1380013800").error(), MobileNumberError::length);
  EXPECT_EQ(validate_mobile_number("138001380001").error(), MobileNumberError::length);
  EXPECT_EQ(validate_mobile_number("+86 1380013800").error(), MobileNumberError::length);
  // "86" with only 10 digits after it is not read as a country code.
  EXPECT_EQ(validate_mobile_number("861380013800").error(), MobileNumberError::length);
  EXPECT_EQ(validate_mobile_number("008613800138000").error(), MobileNumberError::length);
}

TEST(MobileNumber, OtherCharactersFailWithCharacters) {
  for (std::string_view raw : {"138.0013.8000", "(138)00138000", "1380013800a", "138_0013_8000",
                               "13800138000+", "138\t0013\t8000"}) {
    EXPECT_EQ(validate_mobile_number(raw).error(), MobileNumberError::characters) << raw;
  }
}

TEST(MobileNumber, ForeignCountryCodeFailsWithCountryCode) {
  EXPECT_EQ(validate_mobile_number("+1 415 555 0123").error(), MobileNumberError::country_code);
  EXPECT_EQ(validate_mobile_number("+852 9876 5432").error(), MobileNumberError::country_code);
  EXPECT_EQ(validate_mobile_number("+").error(), MobileNumberError::country_code);
}

TEST(MobileNumber, NormaliseStripsSeparatorsAndCountryCodeWithoutValidating) {
  EXPECT_EQ(normalise_mobile_number(" +86 138-0013-8000 "), "13800138000");
  EXPECT_EQ(normalise_mobile_number("86 138 0013 8000"), "13800138000");
  EXPECT_EQ(normalise_mobile_number("8612"), "8612");
  EXPECT_EQ(normalise_mobile_number("+1-415"), "+1415");
}

TEST(MobileNumber, MaskHidesTheMiddleFourDigits) {
  EXPECT_EQ(mask_mobile_number("13800001234"), "138****1234");
}

TEST(MobileNumber, ReasonNamesAreStable) {
  EXPECT_EQ(to_string(MobileNumberError::characters), "characters");
  EXPECT_EQ(to_string(MobileNumberError::country_code), "country_code");
  EXPECT_EQ(to_string(MobileNumberError::length), "length");
  EXPECT_EQ(to_string(MobileNumberError::prefix), "prefix");
}

// ======================= Legal names =======================

std::string repeat(std::string_view unit, std::size_t times) {
  std::string s;
  for (std::size_t i = 0; i < times; ++i) s += unit;
  return s;
}

TEST(LegalName, AsciiAndChineseNamesValidate) {
  EXPECT_EQ(*validate_legal_name("Li Lei"), "Li Lei");
  EXPECT_EQ(*validate_legal_name("张三"), "张三");
  EXPECT_EQ(*validate_legal_name("重庆数据交易有限公司"), "重庆数据交易有限公司");
  EXPECT_EQ(*validate_legal_name("阿依古丽·买买提"), "阿依古丽·买买提");
}

TEST(LegalName, SurroundingWhiteSpaceIsTrimmedInteriorKept) {
  EXPECT_EQ(*validate_legal_name("  Li  Lei \t\n"), "Li  Lei");
  EXPECT_EQ(*validate_legal_name("\u3000张三\u3000"), "张三");
  EXPECT_EQ(*validate_legal_name("\u00A0Li Lei\u00A0"), "Li Lei");
}

TEST(LegalName, EmptyOrBlankFailsWithEmpty) {
  for (std::string_view raw : {"", " ", " \t\r\n ", "\u3000\u3000", "\u00A0"}) {
    EXPECT_EQ(validate_legal_name(raw).error(), LegalNameError::empty);
  }
}

TEST(LegalName, HundredCodePointsAreAcceptedWhateverTheirByteLength) {
  EXPECT_TRUE(validate_legal_name(repeat("a", 100)).ok());
  EXPECT_TRUE(validate_legal_name(repeat("张", 100)).ok());          // 300 bytes
  EXPECT_TRUE(validate_legal_name(repeat("\U00020000", 100)).ok());  // 400 bytes
}

TEST(LegalName, HundredAndOneCodePointsFailWithTooLong) {
  EXPECT_EQ(validate_legal_name(repeat("a", 101)).error(), LegalNameError::too_long);
  EXPECT_EQ(validate_legal_name(repeat("张", 101)).error(), LegalNameError::too_long);
}

TEST(LegalName, LengthIsCountedAfterTrimming) {
  EXPECT_TRUE(validate_legal_name("   " + repeat("张", 100) + "\u3000\u3000").ok());
}

TEST(LegalName, MalformedUtf8FailsWithInvalidUtf8) {
  for (std::string_view raw : {
           "\xFF",                  // never a UTF-8 byte
           "\x80Li",                // stray continuation byte
           "Li\xE5\xBC",            // truncated three-byte sequence
           "\xE5\xBCLi",            // lead byte followed by ASCII
           "\xC0\xAF",              // overlong '/'
           "\xE0\x80\xAF",          // overlong '/' in three bytes
           "\xED\xA0\x80",          // UTF-16 surrogate U+D800
           "\xF4\x90\x80\x80",      // beyond U+10FFFF
           "\xF8\x88\x80\x80\x80",  // five-byte form
       }) {
    EXPECT_EQ(validate_legal_name(raw).error(), LegalNameError::invalid_utf8);
  }
}

TEST(LegalName, LargestCodePointsAtEachLengthAreAccepted) {
  EXPECT_TRUE(validate_legal_name("\x7E").ok());
  EXPECT_TRUE(validate_legal_name("\xDF\xBF").ok());
  EXPECT_TRUE(validate_legal_name("\xEF\xBF\xBD").ok());
  EXPECT_TRUE(validate_legal_name("\xF4\x8F\xBF\xBF").ok());
}

TEST(LegalName, ControlCharactersInsideFailWithControlCharacter) {
  using namespace std::string_literals;
  for (const std::string& raw : {"Li\x01Lei"s, "Li\tLei"s, "Li\nLei"s, "Li\x7FLei"s, "Li\0Lei"s,
                                 "Li\u0085Lei"s, "Li\u009FLei"s, "Li\u202ELei"s, "Li\u2066Lei"s,
                                 "Li\u200FLei"s, "Li\u061CLei"s, "Li\u2028Lei"s}) {
    EXPECT_EQ(validate_legal_name(raw).error(), LegalNameError::control_character) << raw;
  }
}

TEST(LegalName, ReasonNamesAreStable) {
  EXPECT_EQ(to_string(LegalNameError::invalid_utf8), "invalid_utf8");
  EXPECT_EQ(to_string(LegalNameError::empty), "empty");
  EXPECT_EQ(to_string(LegalNameError::control_character), "control_character");
  EXPECT_EQ(to_string(LegalNameError::too_long), "too_long");
}

}  // namespace
}  // namespace dx::kyc
