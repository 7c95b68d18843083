// Screening judged on the data, however the seller wrote or declared it: identifiers by column
// share and inside text (P5, TJ-29), national-security keywords in values (P1), the declared
// format (O9). Each class is found in CSV, TSV and JSON Lines, and its lawful look-alike passes.
#include <gtest/gtest.h>

#include "compliance/screening.hpp"
#include "compliance/test_data.hpp"
#include "kyc/identity_number.hpp"

namespace dx::compliance {
namespace {

using test::describe;
using test::find;
using test::of_rule;

const std::string kContains = "personal_information.contains";

class InEveryFormat : public ::testing::TestWithParam<DataFormat> {
 protected:
  // The product declared in the format under test, screened with this table as its data.
  std::vector<Finding> screen_table(const std::vector<std::string>& header,
                                    const std::vector<std::vector<std::string>>& rows) {
    scan_ = test::scan_with_rules(test::table(GetParam(), header, rows), GetParam());
    EXPECT_TRUE(scan_.parsed) << scan_.parse_error;
    Product p = test::clean_product();
    p.format = GetParam() == DataFormat::tsv     ? "tsv"
               : GetParam() == DataFormat::jsonl ? "jsonl"
                                                 : "csv";
    return test::screen_with(p, &scan_);
  }

  // The message of the P5 block finding for this table, or "(none)" and the findings.
  std::string p5_block(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows) {
    const auto findings = screen_table(header, rows);
    const Finding* f = find(findings, "P5", Severity::block, kContains);
    return f != nullptr ? f->message : "(none)\n" + describe(findings);
  }

  std::int64_t counted(const std::string& column, IdentifierKind kind) const {
    for (const auto& id : scan_.identifiers) {
      if (id.column == column && id.kind == kind) return id.count;
    }
    return 0;
  }

  ScanResult scan_;
};

std::string name(const ::testing::TestParamInfo<DataFormat>& info) {
  return info.param == DataFormat::tsv     ? "Tsv"
         : info.param == DataFormat::jsonl ? "JsonLines"
                                           : "Csv";
}

INSTANTIATE_TEST_SUITE_P(Screening, InEveryFormat,
                         ::testing::Values(DataFormat::csv, DataFormat::tsv, DataFormat::jsonl),
                         name);

std::vector<std::vector<std::string>> column(const std::vector<std::string>& values) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < values.size(); ++i) rows.push_back({std::to_string(i), values[i]});
  return rows;
}

// 18-digit serials whose first 17 digits look like an identity number: the check digit cycles
// 0-9, so about one in eleven passes by chance.
std::vector<std::string> serials(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(test::identity_number(i).substr(0, 17) + static_cast<char>('0' + i % 10));
  }
  return out;
}

// 11-digit amounts from 10,000,000,000 to 19,999,999,999 fen: about half fall in a mobile range.
std::vector<std::string> amounts(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    const long long rest = (i * 7919LL + 13) % 1'000'000'000LL;
    char buf[16];
    std::snprintf(buf, sizeof buf, "1%d%09lld", i % 10, rest);
    out.push_back(buf);
  }
  return out;
}

TEST_P(InEveryFormat, ColumnOfIdentityNumbersBlocks) {
  std::vector<std::string> ids;  // as a database, an input method and a 1990s register write them
  for (int i = 0; i < 20; ++i) {
    ids.push_back(i % 3 == 0   ? test::identity_number(i)
                  : i % 3 == 1 ? test::full_width(test::identity_number(i))
                               : test::identity_number_15(i));
  }
  const std::string message = p5_block({"row", "holder"}, column(ids));
  EXPECT_NE(message.find("resident identity numbers in 20 rows"), std::string::npos) << message;
  EXPECT_EQ(message.find(test::identity_number(1)), std::string::npos);
}

TEST_P(InEveryFormat, SerialColumnWhereAFewPassTheCheckByChanceDoesNotBlock) {
  const auto findings = screen_table({"row", "serial"}, column(serials(110)));
  EXPECT_GT(counted("serial", IdentifierKind::identity_number), 0);  // some do pass
  EXPECT_TRUE(of_rule(findings, "P5").empty()) << describe(findings);
}

TEST_P(InEveryFormat, AmountColumnOfElevenDigitsDoesNotBlockButAPhoneColumnDoes) {
  EXPECT_TRUE(of_rule(screen_table({"row", "amount_fen"}, column(amounts(100))), "P5").empty());
  EXPECT_GT(counted("amount_fen", IdentifierKind::mobile_number), 0);  // half look like mobiles
  // The same values under a header that names phones are judged at the lower share.
  const auto findings = screen_table({"row", "contact_phone"}, column(amounts(100)));
  EXPECT_FINDING(findings, "P5", Severity::block, kContains);
}

TEST_P(InEveryFormat, DirtyIdentityColumnBlocksWhenItsHeaderNamesIt) {
  std::vector<std::string> values = serials(22);  // two pass by chance
  for (int i = 0; i < 10; ++i) values.push_back(test::identity_number(100 + i));
  EXPECT_TRUE(of_rule(screen_table({"row", "code"}, column(values)), "P5").empty());
  EXPECT_FINDING(screen_table({"row", "身份证号码"}, column(values)), "P5", Severity::block,
                 kContains);
  EXPECT_FINDING(screen_table({"row", "ID_Card"}, column(values)), "P5", Severity::block,
                 kContains);
}

TEST_P(InEveryFormat, MaskedNumbersAreNoIdentifiersButRawOnesAmongThemAre) {
  const std::vector<std::string> ids(8, "110105********002X");
  EXPECT_TRUE(of_rule(screen_table({"row", "holder"}, column(ids)), "P5").empty());
  std::vector<std::string> mobiles;
  for (int i = 0; i < 8; ++i) mobiles.push_back("138****" + std::to_string(1000 + i));
  EXPECT_TRUE(of_rule(screen_table({"row", "contact"}, column(mobiles)), "P5").empty());
  mobiles.push_back(test::mobile_number(1));
  mobiles.push_back(test::mobile_number(2));
  const std::string message = p5_block({"row", "contact"}, column(mobiles));
  EXPECT_NE(message.find("mobile numbers in 2 rows"), std::string::npos) << message;
}

TEST_P(InEveryFormat, NumberWrittenInsideTextBlocksOnItsOwn) {
  std::vector<std::string> notes(30, "passenger satisfied");
  notes[7] = "请拨 +86 138-0013-8000 联系";
  const std::string message = p5_block({"row", "note"}, column(notes));
  EXPECT_NE(message.find("\"note\" holds mobile numbers in 1 row"), std::string::npos) << message;
  EXPECT_EQ(message.find("8000"), std::string::npos);
}

TEST_P(InEveryFormat, IdentityNumberWrittenInsideTextBlocksOnItsOwn) {
  std::vector<std::string> notes(30, "已核验");
  notes[3] = "持证人 110105 19491231 002x 已到场";
  const std::string message = p5_block({"row", "note"}, column(notes));
  EXPECT_NE(message.find("resident identity numbers in 1 row"), std::string::npos) << message;
}

TEST_P(InEveryFormat, CodesAndDecimalsInTextDoNotBlock) {
  const std::vector<std::string> notes = {"SN13800138000 returned", "坐标 139.69170639",
                                          "订单 2024011513800138000", "余额 1.3800138000 万",
                                          "用户 138****0000 已注销"};
  EXPECT_TRUE(of_rule(screen_table({"row", "note"}, column(notes)), "P5").empty());
}

// P1 in the values, in simplified and traditional characters.
TEST_P(InEveryFormat, KeywordInValuesGoesToReviewNamingColumnAndKeyword) {
  const auto findings = screen_table(
      {"row", "stop"}, column({"国防大学站", "國防大學站", "人民广场站", "Top Secret Depot"}));
  const Finding* f = find(findings, "P1", Severity::review, "data_file_id");
  ASSERT_NE(f, nullptr) << describe(findings);
  EXPECT_NE(f->message.find("\"stop\""), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("\"国防\" in 2 rows"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("\"top secret\" in 1 row"), std::string::npos) << f->message;
  EXPECT_FALSE(any_block(findings)) << describe(findings);
}

TEST_P(InEveryFormat, ValuesWithoutKeywordsRaiseNoP1) {
  const auto findings = screen_table(
      {"row", "stop"}, column({"秘书处", "密码重置", "人民广场站", "Weather station"}));
  EXPECT_TRUE(of_rule(findings, "P1").empty()) << describe(findings);
}

// ---- O9: the declared format ----
Product declared(const std::string& format) {
  Product p = test::clean_product();
  p.format = format;
  return p;
}

TEST(Screening, FileDeclaredCsvThatIsTabSeparatedBlocksNamingTsv) {
  const ScanResult scan = test::scan("station\thour\nS01\t08\n", DataFormat::csv);
  const auto findings = test::screen_with(declared("csv"), &scan);
  const Finding* f = find(findings, "O9", Severity::block, "format");
  ASSERT_NE(f, nullptr) << describe(findings);
  EXPECT_NE(f->message.find("tab-separated"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("\"tsv\""), std::string::npos) << f->message;
  const ScanResult as_declared = test::scan("station\thour\nS01\t08\n", DataFormat::tsv);
  EXPECT_TRUE(test::screen_with(declared("tsv"), &as_declared).empty());
}

TEST(Screening, FileDeclaredCsvThatIsJsonLinesOrSemicolonSeparatedBlocks) {
  const ScanResult jsonl = test::scan("{\"station\": \"S01\"}\n", DataFormat::csv);
  const Finding* f =
      find(test::screen_with(declared("csv"), &jsonl), "O9", Severity::block, "format");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("\"jsonl\""), std::string::npos) << f->message;
  const ScanResult semicolons = test::scan("station;hour\nS01;08\n", DataFormat::csv);
  f = find(test::screen_with(declared("csv"), &semicolons), "O9", Severity::block, "format");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("semicolons"), std::string::npos) << f->message;
  const ScanResult csv = test::scan("station,hour\nS01,08\n", DataFormat::jsonl);
  EXPECT_FINDING(test::screen_with(declared("jsonl"), &csv), "O9", Severity::block, "format");
}

TEST(Screening, TextFileDeclaredInAnUnknownFormatIsScreenedAndNamedForWhatItIs) {
  const ScanResult scan = test::scan("id,phone\n1,13800138000\n", DataFormat::other);
  const auto findings = test::screen_with(declared("txt"), &scan);
  EXPECT_FINDING(findings, "P5", Severity::block, kContains);
  const Finding* f = find(findings, "O9", Severity::block, "format");
  ASSERT_NE(f, nullptr) << describe(findings);
  EXPECT_NE(f->message.find("declare its format as \"csv\""), std::string::npos) << f->message;
  const ScanResult binary = test::scan("PK\x03\x04 13800138000", DataFormat::other);
  const auto spreadsheet = test::screen_with(declared("xlsx"), &binary);
  EXPECT_FINDING(spreadsheet, "O9", Severity::review, "format");
  EXPECT_FALSE(any_block(spreadsheet)) << describe(spreadsheet);
}

}  // namespace
}  // namespace dx::compliance
