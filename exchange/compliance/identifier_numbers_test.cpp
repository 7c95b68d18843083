// Identity and mobile numbers as people write them (P5, TJ-29): the validation of each kind,
// and the reading of digit runs with separators, prefixes and the check X.
#include <gtest/gtest.h>

#include <set>

#include "compliance/identifier_numbers.hpp"
#include "compliance/test_data.hpp"
#include "kyc/identity_number.hpp"

namespace dx::compliance::detail {
namespace {

using test::kToday;

// The number with its check character, as GB 11643-1999 defines it.
std::string with_check(const std::string& first17) {
  return first17 + *kyc::compute_identity_check_character(first17);
}

bool valid_18(const std::string& number) {
  return is_identity_number_18(std::string_view(number).substr(0, 17), number[17], kToday);
}

NumberKind whole_run(std::string_view text) {
  NumberRun run;
  const char* end = text.data() + text.size();
  if (read_number_run(text.data(), end, run) != end) return NumberKind::none;
  return kind_of_groups(run, 0, run.groups - 1, kToday);
}

TEST(IdentifierNumbers, MobilePrefixesAreTheOperatorsRanges) {
  // 13x, 14[5-9], 15[0-35-9], 16[2567], 17[0-8], 18x, 19[0-35-9], written out one by one.
  const std::set<std::string> assigned = {
      "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "146",
      "147", "148", "149", "150", "151", "152", "153", "155", "156", "157", "158", "159",
      "162", "165", "166", "167", "170", "171", "172", "173", "174", "175", "176", "177",
      "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "190",
      "191", "192", "193", "195", "196", "197", "198", "199"};
  for (int prefix = 100; prefix <= 199; ++prefix) {
    const std::string number = std::to_string(prefix) + "00138000";
    EXPECT_EQ(is_mobile_digits(number), assigned.contains(std::to_string(prefix))) << number;
  }
  EXPECT_FALSE(is_mobile_digits("1380013800"));    // 10 digits
  EXPECT_FALSE(is_mobile_digits("138001380001"));  // 12 digits
}

TEST(IdentifierNumbers, EighteenDigitNumbersNeedRegionDateAndCheck) {
  EXPECT_TRUE(valid_18("11010519491231002X"));             // the GB 11643 example
  EXPECT_FALSE(valid_18("110105194912310021"));            // wrong check
  EXPECT_TRUE(valid_18(with_check("83000019800101001")));  // Taiwan residents' permit
  EXPECT_TRUE(valid_18(with_check("91100019800101001")));  // foreigner's permanent residence
  EXPECT_TRUE(valid_18(with_check("71000019800101001")));
  for (const char* region : {"10", "20", "39", "47", "55", "66", "70", "84", "90", "97"}) {
    EXPECT_FALSE(valid_18(with_check(std::string(region) + "010519491231002"))) << region;
  }
  EXPECT_FALSE(valid_18(with_check("11010519490230002")));  // 30 February
  EXPECT_FALSE(valid_18(with_check("11010518991231002")));  // before 1900
  EXPECT_FALSE(valid_18(with_check("11010520261124002")));  // the day after kToday
  EXPECT_TRUE(valid_18(with_check("11010520261123002")));   // kToday itself
}

TEST(IdentifierNumbers, FifteenDigitNumbersAreOf1900To1999WithoutCheck) {
  EXPECT_TRUE(is_identity_number_15("110105491231002"));  // born 1949-12-31
  EXPECT_TRUE(is_identity_number_15(test::identity_number_15(12345)));
  EXPECT_FALSE(is_identity_number_15("110105491331002"));  // month 13
  EXPECT_FALSE(is_identity_number_15("710105491231002"));  // no mainland province
  EXPECT_FALSE(is_identity_number_15("110105000229002"));  // 1900 was no leap year
  EXPECT_TRUE(is_identity_number_15("110105960229002"));   // 1996 was
}

TEST(IdentifierNumbers, RunsReadSeparatorsPrefixesAndCheckX) {
  EXPECT_EQ(whole_run("+86 138 0013 8000"), NumberKind::mobile_number);
  EXPECT_EQ(whole_run("0086-138-0013-8000"), NumberKind::mobile_number);
  EXPECT_EQ(whole_run("86.138.0013.8000"), NumberKind::mobile_number);
  EXPECT_EQ(whole_run("110105 19491231 002x"), NumberKind::identity_number);
  EXPECT_EQ(whole_run("1101 0519 4912 3100 2X"), NumberKind::identity_number);
  EXPECT_EQ(whole_run(test::full_width("13800138000")), NumberKind::mobile_number);
  EXPECT_EQ(whole_run(test::full_width("11010519491231002X")), NumberKind::identity_number);
  EXPECT_EQ(whole_run("138\xE3\x80\x80"
                      "0013\xEF\xBC\x8D"
                      "8000"),
            NumberKind::mobile_number);
  EXPECT_EQ(whole_run("110105491231002"), NumberKind::identity_number);
}

TEST(IdentifierNumbers, RunsThatAreNoIdentifier) {
  EXPECT_EQ(whole_run("+1 415 555 0100"), NumberKind::none);  // a foreign country code
  EXPECT_EQ(whole_run("+13800138000"), NumberKind::none);     // + and no 86
  EXPECT_EQ(whole_run("139.69170639"), NumberKind::none);     // a longitude
  EXPECT_EQ(whole_run("13800138000X"), NumberKind::none);     // X after 11 digits
  EXPECT_EQ(whole_run("1380013800012"), NumberKind::none);    // 13 digits, no 86
  NumberRun run;
  const std::string text = "138 0013 80 00";  // a group of two digits ends the run
  const char* end = read_number_run(text.data(), text.data() + text.size(), run);
  EXPECT_EQ(std::string(text.data(), end), "138 0013");
}

TEST(IdentifierNumbers, ConsecutiveGroupsInsideALongerRunAreFound) {
  std::vector<NumberKind> found;
  const auto collect = [&found](NumberKind k) { found.push_back(k); };
  NumberRun run;
  const std::string text = "2024 138 0013 8000 110105 19491231 002X";
  read_number_run(text.data(), text.data() + text.size(), run);
  find_in_run(run, kToday, collect);
  EXPECT_EQ(found,
            (std::vector<NumberKind>{NumberKind::mobile_number, NumberKind::identity_number}));
  found.clear();
  const std::string serial = "20240115138001380001";  // one run of 20 digits: no number inside
  read_number_run(serial.data(), serial.data() + serial.size(), run);
  find_in_run(run, kToday, collect);
  EXPECT_TRUE(found.empty());
}

}  // namespace
}  // namespace dx::compliance::detail
