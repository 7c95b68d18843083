// Screening of what the seller declares, without the seller's help: admissions of data obtained
// illegally (P4) and public data named by its category or source (P7), in Chinese (simplified
// and traditional) and English, and the lawful phrasing that must pass.
#include <gtest/gtest.h>

#include "compliance/screening.hpp"
#include "compliance/test_data.hpp"

namespace dx::compliance {
namespace {

using test::describe;
using test::find;
using test::of_rule;

std::vector<Finding> screen_product(const Product& p) {
  const ScanResult scan = test::clean_scan();
  return test::screen_with(p, &scan);
}

Product with_statement(const std::string& statement) {
  Product p = test::clean_product();
  p.source_statement = statement;
  return p;
}

// ---- P4 ----
TEST(Declarations, AdmittedIllegalSourceBlocksUnderP4NamingThePhrase) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"通过撞库获取的电商用户数据", "撞库获取"},
      {"从暗网购买的快递面单", "暗网购买"},
      {"從暗網購買的快遞面單", "暗网购买"},  // traditional
      {"绕过反爬策略抓取的招聘信息", "绕过反爬"},
      {"A leaked database of a retailer's customers", "leaked database"},
      {"Records SCRAPED in violation of the site's terms", "scraped in violation"},
      {"Bought on the black market in 2024", "bought on the black market"},
      {"Obtained via credential-stuffing against a game site", "via credential stuffing"},
  };
  for (const auto& [statement, phrase] : cases) {
    const auto findings = screen_product(with_statement(statement));
    const Finding* f = find(findings, "P4", Severity::block, "source.statement");
    ASSERT_NE(f, nullptr) << statement << "\n" << describe(findings);
    EXPECT_NE(f->message.find("\"" + phrase + "\""), std::string::npos) << f->message;
    EXPECT_EQ(f->basis, test::real_rules().rule("P4").basis);
  }
}

TEST(Declarations, IllegalSourceInTitleOrDescriptionBlocksToo) {
  Product p = test::clean_product();
  p.title = "黑市购买的车主信息";
  p.description = "Stolen data from a parking operator.";
  const auto findings = screen_product(p);
  EXPECT_FINDING(findings, "P4", Severity::block, "title");
  EXPECT_FINDING(findings, "P4", Severity::block, "description");
}

TEST(Declarations, LawfulPhrasingRaisesNoP4) {
  for (const char* statement :
       {"Anti-fraud scores computed from our own transactions.",
        "Our leak detection service watches public paste sites for our clients' keys.",
        "防撞库风控模型的训练数据，来自自有登录系统日志",
        "平台采取措施防止黑客入侵，数据为用户授权采集",
        "Credential stuffing detection logs of our own login service.",
        "Counted by our own roadside sensors."}) {
    const auto findings = screen_product(with_statement(statement));
    EXPECT_TRUE(of_rule(findings, "P4").empty()) << statement << "\n" << describe(findings);
  }
}

// ---- P7 ----
TEST(Declarations, PublicDataCategoryNeedsAuthorisedOperationWhateverTheMethod) {
  Product p = test::clean_product();
  p.category = "government.open_data";
  EXPECT_FINDING(screen_product(p), "P7", Severity::block, "source.method");
  p.source_method = SourceMethod::public_data_authorized;
  p.public_data_authorization_id = "CQ-PD-2026-0042";
  EXPECT_TRUE(of_rule(screen_product(p), "P7").empty()) << describe(screen_product(p));
}

TEST(Declarations, SourceNamingAPublicBodyNeedsAuthorisedOperation) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"数据来自某市公安局交通管理支队", "公安局"},
      {"數據來自市衛健委", "卫健委"},  // traditional
      {"Exported from the municipal government's records", "municipal government"},
      {"来源：政务数据共享平台", "政务数据"},
  };
  for (const auto& [statement, body] : cases) {
    Product p = with_statement(statement);
    const auto findings = screen_product(p);
    const Finding* f = find(findings, "P7", Severity::block, "source.statement");
    ASSERT_NE(f, nullptr) << statement << "\n" << describe(findings);
    EXPECT_NE(f->message.find("\"" + body + "\""), std::string::npos) << f->message;
    p.source_method = SourceMethod::public_data_authorized;
    p.public_data_authorization_id = "CQ-PD-2026-0042";
    EXPECT_TRUE(of_rule(screen_product(p), "P7").empty()) << statement;
  }
}

TEST(Declarations, SourcesThatAreNotPublicDataRaiseNoP7) {
  for (const char* statement :
       {"本数据为企业自有数据，非公共数据", "Counted by our own roadside sensors.",
        "Collected from our app users with consent; not government data.",
        "爬取的公开网页商品价格，遵守robots协议", "Licensed from Chengdu Traffic Sensors Ltd."}) {
    const auto findings = screen_product(with_statement(statement));
    EXPECT_TRUE(of_rule(findings, "P7").empty()) << statement << "\n" << describe(findings);
  }
  Product description_only = test::clean_product();
  description_only.description = "Useful for the 公安局 and government agencies.";
  EXPECT_TRUE(of_rule(screen_product(description_only), "P7").empty());
}

}  // namespace
}  // namespace dx::compliance
