// Test helpers for compliance_test: real identifiers made by their definitions (valid check
// characters, Luhn digits), a clean product, the real rule files, and scanning a string.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/finding.hpp"
#include "compliance/product.hpp"
#include "compliance/rules.hpp"
#include "compliance/scanner.hpp"

namespace dx::compliance::test {

using namespace std::chrono_literals;
inline constexpr std::chrono::year_month_day kToday = 2026y / std::chrono::November / 23;

// A valid resident identity number for person `n` (region 110105, born 1990-01-01 + n days).
std::string identity_number(int n);
// A 16-digit UnionPay-style card number that passes Luhn, and one that fails it.
std::string card_number(int n);
std::string card_number_failing_luhn(int n);
// A first-generation (GB 11643-1989) 15-digit number: region 110105, born 1950-01-01 + n days.
std::string identity_number_15(int n);
// `ascii` with its digits and X written full-width (０-９, Ｘ), as Chinese input methods type.
std::string full_width(std::string_view ascii);
// A mainland mobile number (138 followed by 8 digits of n) and an e-mail address.
std::string mobile_number(int n);
std::string email_address(int n);
// n random 16-digit numbers (ids, not cards): about one in ten passes Luhn by chance.
std::vector<std::string> random_long_numbers(int n, std::uint64_t seed);

// The rules from config/compliance/ with the configured minimum k of 5.
const Rules& real_rules();

// A product that breaks no rule: self-held, collected, general, no personal information,
// one complete domestic offer, a CSV file.
Product clean_product();
// A scan of a small clean CSV (the file clean_product() names).
ScanResult clean_scan();

// A table written in `format`: CSV (every field quoted), TSV, or JSON Lines with string values.
std::string table(DataFormat format, const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows);

// Scans `data` fed in chunks of `chunk` bytes (0: in one piece).
ScanResult scan(const std::string& data, DataFormat format = DataFormat::csv,
                std::vector<std::string> quasi_identifiers = {}, std::size_t chunk = 0,
                ScanLimits limits = {});
// The same with the real rules, so that keywords are looked for in the values too.
ScanResult scan_with_rules(const std::string& data, DataFormat format = DataFormat::csv,
                           std::size_t chunk = 0);

// screen() with the real rules on kToday.
std::vector<Finding> screen_with(const Product& p, const ScanResult* scan);
// One line per finding: "P5 block personal_information.contains: ...".
std::string describe(const std::vector<Finding>& findings);
// The first finding of `rule` with that severity on `field`, or nullptr.
const Finding* find(const std::vector<Finding>& findings, const std::string& rule, Severity s,
                    const std::string& field);
// The findings of one rule.
std::vector<Finding> of_rule(const std::vector<Finding>& findings, const std::string& rule);

}  // namespace dx::compliance::test

#define EXPECT_FINDING(findings, rule, severity, field)                             \
  EXPECT_NE(::dx::compliance::test::find(findings, rule, severity, field), nullptr) \
      << ::dx::compliance::test::describe(findings)
