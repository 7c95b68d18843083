#include "compliance/test_data.hpp"

#include <algorithm>
#include <cstdio>
#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "compliance/screening.hpp"
#include "kyc/identity_number.hpp"

namespace dx::compliance::test {
namespace {

std::string luhn_complete(std::string body) {
  // The check digit makes the Luhn sum over body + check a multiple of 10.
  int sum = 0;
  bool doubled = true;  // the rightmost body digit is doubled once the check is appended
  for (auto it = body.rbegin(); it != body.rend(); ++it) {
    int d = *it - '0';
    if (doubled) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    doubled = !doubled;
  }
  body.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
  return body;
}

// n in exactly `width` digits, zero-padded; n must fit.
std::string digits(std::uint64_t n, std::size_t width) {
  std::string s = std::to_string(n);
  if (s.size() > width) throw std::logic_error("number too wide");
  return std::string(width - s.size(), '0') + s;
}

}  // namespace

std::string identity_number(int n) {
  using namespace std::chrono;
  const year_month_day birth{sys_days{1990y / January / 1} + days{n % 9000}};
  char date[16];
  std::snprintf(date, sizeof date, "%04d%02u%02u", static_cast<int>(birth.year()),
                static_cast<unsigned>(birth.month()), static_cast<unsigned>(birth.day()));
  const std::string body =
      "110105" + std::string(date) + digits(static_cast<std::uint64_t>(n % 1000), 3);
  return body + *kyc::compute_identity_check_character(body);
}

std::string identity_number_15(int n) {
  using namespace std::chrono;
  const year_month_day birth{sys_days{1950y / January / 1} + days{n % 18000}};
  char date[16];
  std::snprintf(date, sizeof date, "%02d%02u%02u", static_cast<int>(birth.year()) % 100,
                static_cast<unsigned>(birth.month()), static_cast<unsigned>(birth.day()));
  return "110105" + std::string(date) + digits(static_cast<std::uint64_t>(n % 1000), 3);
}

std::string full_width(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    if (c >= '0' && c <= '9') {
      out += "\xEF\xBC";
      out.push_back(static_cast<char>(0x90 + (c - '0')));  // U+FF10 + digit
    } else if (c == 'X') {
      out += "\xEF\xBC\xB8";  // U+FF38
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string card_number(int n) {
  return luhn_complete("622202" + digits(static_cast<std::uint64_t>(n), 9));
}

std::string card_number_failing_luhn(int n) {
  std::string card = card_number(n);
  card.back() = static_cast<char>('0' + (card.back() - '0' + 1) % 10);
  return card;
}

std::string mobile_number(int n) { return "138" + digits(static_cast<std::uint64_t>(n), 8); }

std::string email_address(int n) { return "user" + std::to_string(n) + "@example.com"; }

std::vector<std::string> random_long_numbers(int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(std::to_string(1'000'000'000'000'000ULL + rng() % 9'000'000'000'000'000ULL));
  }
  return out;
}

const Rules& real_rules() {
  static const Rules rules = [] {
    auto loaded = load_rules(std::filesystem::path(DX_SOURCE_DIR) / "config" / "compliance", 5);
    if (!loaded) throw std::runtime_error(loaded.error().detail);
    return std::move(loaded).value();
  }();
  return rules;
}

Product clean_product() {
  Product p;
  p.title = "Hourly traffic counts on Chengdu ring roads";
  p.description = "Vehicles per hour at 40 counting stations, 2025.";
  p.category = "transport.traffic";
  p.source_method = SourceMethod::collected;
  p.source_statement = "Counted by our own roadside sensors.";
  p.classification = Classification::general;
  p.data_file_id = "file_0001";
  p.format = "csv";
  Offer offer;
  offer.name = "standard";
  offer.purposes = {"research"};
  offer.scenario = "Traffic planning studies";
  offer.term_days = 365;
  offer.price_fen = 100000;
  offer.security_measures = "Access limited to named analysts.";
  p.offers.push_back(offer);
  return p;
}

ScanResult clean_scan() { return scan("station,hour,vehicles\nS01,08,1200\nS02,08,950\n"); }

std::string table(DataFormat format, const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  const auto line = [&](const std::vector<std::string>& values) {
    if (format == DataFormat::jsonl) {
      nlohmann::json object = nlohmann::json::object();
      for (std::size_t i = 0; i < values.size(); ++i) object[header[i]] = values[i];
      out += object.dump() + "\n";
      return;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += format == DataFormat::tsv ? "\t" : ",";
      if (format == DataFormat::tsv) {
        out += values[i];
        continue;
      }
      out += '"';
      for (char c : values[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += "\n";
  };
  if (format != DataFormat::jsonl) line(header);
  for (const auto& row : rows) line(row);
  return out;
}

namespace {

ScanResult feed_all(Scanner& scanner, const std::string& data, std::size_t chunk) {
  const std::size_t step = chunk == 0 ? std::max<std::size_t>(data.size(), 1) : chunk;
  for (std::size_t pos = 0; pos < data.size(); pos += step) {
    scanner.feed(std::string_view(data).substr(pos, step));
  }
  return scanner.finish();
}

}  // namespace

ScanResult scan_with_rules(const std::string& data, DataFormat format, std::size_t chunk) {
  Scanner scanner(format, {}, real_rules(), kToday);
  return feed_all(scanner, data, chunk);
}

ScanResult scan(const std::string& data, DataFormat format,
                std::vector<std::string> quasi_identifiers, std::size_t chunk, ScanLimits limits) {
  Scanner scanner(format, std::move(quasi_identifiers), kToday, limits);
  return feed_all(scanner, data, chunk);
}

std::vector<Finding> screen_with(const Product& p, const ScanResult* scan) {
  return screen(p, scan, real_rules(), kToday);
}

std::string describe(const std::vector<Finding>& findings) {
  std::string s;
  for (const Finding& f : findings) {
    s += f.rule + " " + to_string(f.severity) + " " + f.field + ": " + f.message + "\n";
  }
  return s;
}

const Finding* find(const std::vector<Finding>& findings, const std::string& rule, Severity s,
                    const std::string& field) {
  const auto it = std::find_if(findings.begin(), findings.end(), [&](const Finding& f) {
    return f.rule == rule && f.severity == s && f.field == field;
  });
  return it == findings.end() ? nullptr : &*it;
}

std::vector<Finding> of_rule(const std::vector<Finding>& findings, const std::string& rule) {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

}  // namespace dx::compliance::test
