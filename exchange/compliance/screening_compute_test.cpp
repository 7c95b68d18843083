// Screening of compute products: a file the exchange can load (O15), columns that are exactly the
// data dictionary's (O15), and identifiers only in columns declared `identifier` (P5, TJ-29).
#include <gtest/gtest.h>

#include "compliance/screening.hpp"
#include "compliance/test_data.hpp"

namespace dx::compliance {
namespace {

using test::describe;
using test::find;
using test::of_rule;

Column column(std::string name, ColumnRole role, ColumnType type = ColumnType::text) {
  return Column{.name = std::move(name), .type = type, .description = "", .role = role};
}

// A compute product over a table of (phone, city, amount), the phone column declared `role`.
Product compute_product(ColumnRole phone_role = ColumnRole::identifier) {
  Product p = test::clean_product();
  p.delivery_mode = DeliveryMode::compute;
  p.compute = Compute{};
  p.data_dictionary = {column("phone", phone_role), column("city", ColumnRole::quasi_identifier),
                       column("amount", ColumnRole::sensitive, ColumnType::integer)};
  return p;
}

ScanResult phone_table(DataFormat format = DataFormat::csv) {
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 40; ++i)
    rows.push_back({test::mobile_number(i), i % 2 == 0 ? "北京" : "上海", std::to_string(i * 7)});
  auto scan = test::scan_with_rules(test::table(format, {"phone", "city", "amount"}, rows), format);
  EXPECT_TRUE(scan.parsed) << scan.parse_error;
  return scan;
}

TEST(ComputeScreening, IdentifierColumnDeclaredAsSuchPasses) {
  const auto scan = phone_table();
  const auto findings = test::screen_with(compute_product(), &scan);
  EXPECT_TRUE(of_rule(findings, "P5").empty()) << describe(findings);
  EXPECT_TRUE(of_rule(findings, "O15").empty()) << describe(findings);
  EXPECT_FALSE(any_block(findings)) << describe(findings);
}

TEST(ComputeScreening, IdentifierColumnDeclaredOtherwiseIsBlockedCitingP5) {
  for (auto role : {ColumnRole::attribute, ColumnRole::quasi_identifier, ColumnRole::sensitive}) {
    const auto scan = phone_table(DataFormat::jsonl);
    Product p = compute_product(role);
    p.format = "jsonl";
    const auto findings = test::screen_with(p, &scan);
    const Finding* f = find(findings, "P5", Severity::block, "data_dictionary[0].role");
    ASSERT_NE(f, nullptr) << describe(findings);
    EXPECT_EQ(f->basis, "TJ-29");
    EXPECT_NE(f->message.find("\"phone\" holds mobile numbers in 40 rows"), std::string::npos)
        << f->message;
    // The value itself is never repeated to the seller.
    EXPECT_EQ(f->message.find(test::mobile_number(0)), std::string::npos);
  }
}

TEST(ComputeScreening, TheSameColumnInAFileProductStillBreaksItsDeclaration) {
  const auto scan = phone_table();
  Product p = compute_product();
  p.delivery_mode = DeliveryMode::file;
  p.compute.reset();
  const auto findings = test::screen_with(p, &scan);
  EXPECT_FINDING(findings, "P5", Severity::block, "personal_information.contains");
}

TEST(ComputeScreening, ColumnsMustBeExactlyTheDictionarys) {
  const auto scan = phone_table();
  Product p = compute_product();
  p.data_dictionary[2].name = "amount_fen";
  const auto findings = test::screen_with(p, &scan);
  ASSERT_EQ(of_rule(findings, "O15").size(), 2u) << describe(findings);
  EXPECT_NE(of_rule(findings, "O15")[0].message.find("\"amount\" are not in the data dictionary"),
            std::string::npos);
  EXPECT_NE(of_rule(findings, "O15")[1].message.find("\"amount_fen\" are not columns"),
            std::string::npos);
  EXPECT_EQ(of_rule(findings, "O15")[0].basis, "CQO-13");
}

TEST(ComputeScreening, FormatsTheLoaderDoesNotReadAreBlocked) {
  Product p = compute_product();
  p.format = "parquet";
  const auto findings = test::screen_with(p, nullptr);
  EXPECT_FINDING(findings, "O15", Severity::block, "format");
}

TEST(ComputeScreening, TermsDictionaryAndFileAreRequired) {
  Product p = compute_product();
  p.compute.reset();
  p.data_dictionary.clear();
  p.data_file_id.reset();
  const auto findings = test::screen_with(p, nullptr);
  EXPECT_FINDING(findings, "O15", Severity::block, "compute");
  EXPECT_FINDING(findings, "O15", Severity::block, "data_dictionary");
  EXPECT_FINDING(findings, "O15", Severity::block, "data_file_id");
}

TEST(ComputeScreening, OtherModesAreNotJudgedByComputeRules) {
  const auto scan = test::clean_scan();
  const auto findings = test::screen_with(test::clean_product(), &scan);
  EXPECT_TRUE(of_rule(findings, "O15").empty()) << describe(findings);
}

}  // namespace
}  // namespace dx::compliance
