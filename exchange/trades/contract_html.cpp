#include "trades/contract_html.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace dx::trades {

namespace {

using nlohmann::json;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

struct Range {
  std::string type;  // "text/html", "text/*", "*/*"
  double q = 1.0;
};

std::vector<Range> parse_accept(std::string_view accept) {
  std::vector<Range> out;
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    std::string_view part = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
    Range r{lower(trim(part.substr(0, part.find(';'))))};
    for (auto semi = part.find(';'); semi != std::string_view::npos; semi = part.find(';', semi + 1)) {
      const std::string param = lower(trim(part.substr(semi + 1, part.find(';', semi + 1) - semi - 1)));
      if (param.rfind("q=", 0) == 0) r.q = std::atof(param.c_str() + 2);
    }
    if (!r.type.empty()) out.push_back(r);
  }
  return out;
}

// The weight `type` gets: from its exact range, else its type/*, else */*; 0 when none matches.
double weight(const std::vector<Range>& ranges, const std::string& type) {
  const std::string family = type.substr(0, type.find('/')) + "/*";
  int best_rank = -1;
  double q = 0;
  for (const auto& r : ranges) {
    const int rank = r.type == type ? 2 : r.type == family ? 1 : r.type == "*/*" ? 0 : -1;
    if (rank > best_rank) best_rank = rank, q = r.q;
  }
  return q;
}

std::string text(const json& j) {
  if (j.is_string()) return escape_html(j.get<std::string>());
  if (j.is_null()) return "&mdash;";
  return escape_html(j.dump());
}

const json& at(const json& j, const char* key) {
  static const json kNull;
  if (!j.is_object() || !j.contains(key)) return kNull;
  return j[key];
}

std::string row(const char* label, const std::string& value) {
  return "<tr><th scope=\"row\">" + std::string(label) + "</th><td>" + value + "</td></tr>\n";
}

std::string section(const char* heading, const std::string& body) {
  return "<section><h2>" + std::string(heading) + "</h2>\n" + body + "</section>\n";
}

std::string party(const char* role, const json& p) {
  const json& legal = at(p, "legal_name");
  return row(role, (legal.is_string() ? text(legal) : "(no verified name)") + " &middot; " +
                       text(at(p, "display_name")) + " &middot; account " + text(at(p, "account_id")));
}

std::string data_list(const json& items) {
  std::string out = "<table><tr><th>Product</th><th>Title</th><th>Version</th><th>SHA-256</th><th>Rows</th></tr>\n";
  for (const auto& d : items.is_array() ? items : json::array())
    out += "<tr><td>" + text(at(d, "product_id")) + "</td><td>" + text(at(d, "title")) + "</td><td>" +
           text(at(d, "version")) + "</td><td><code>" + text(at(d, "sha256")) + "</code></td><td>" +
           text(at(d, "rows")) + "</td></tr>\n";
  return out + "</table>\n";
}

std::string money(const json& fen) {
  if (!fen.is_number_integer()) return text(fen);
  return escape_html(yuan(fen.get<std::int64_t>())) + " (" + fen.dump() + " fen)";
}

// A gateway licence's limits and routes; nothing for other modes.
std::string gateway_terms(const json& d) {
  const json& quota = at(d, "quota");
  if (!quota.is_object() || !at(d, "gateway").is_object()) return "";
  const json& calls = at(quota, "calls");
  const json& rate = at(quota, "rate_limit_per_s");
  const json& routes = at(at(d, "gateway"), "routes");
  std::string listed;
  for (const auto& r : routes.is_array() ? routes : json::array())
    listed += (listed.empty() ? "" : "<br>") + text(at(r, "method")) + " <code>" +
              text(at(r, "path_prefix")) + "</code>";
  return row("Call quota 调用配额",
             calls.is_null() ? "Unlimited within the term 期限内不限" : text(calls) + " calls 次") +
         row("Rate limit 速率上限",
             rate.is_null() ? "None 无" : text(rate) + " calls per second 次/秒") +
         row("Licensed routes 授权接口", listed.empty() ? "&mdash;" : listed);
}

// A compute licence's terms: how many jobs, how large every result group, who releases results
// and the privacy budget; nothing for other modes.
std::string compute_terms(const json& d) {
  const json& compute = at(d, "compute");
  if (!compute.is_object()) return "";
  const json& jobs = at(at(d, "quota"), "jobs");
  const json& epsilon = at(compute, "epsilon_per_licence");
  const bool by_seller = at(compute, "approval") == "seller";
  return row("Job quota 作业配额",
             jobs.is_null() ? "Unlimited within the term 期限内不限" : text(jobs) + " jobs 次") +
         row("Minimum group size 最小分组", "Every result row aggregates at least " +
                                                text(at(compute, "min_group_size")) +
                                                " records 每行结果至少汇总该数量的记录") +
         row("Release of results 结果发布",
             by_seller ? "The seller approves each result 卖方逐一审核结果"
                       : "Automatic once the rules are met 符合规则即自动发布") +
         row("Privacy budget 隐私预算", epsilon.is_null()
                                            ? "None: exact aggregates 无（精确汇总）"
                                            : "&epsilon; = " + text(epsilon) +
                                                  " for the licence, with noise added to counts "
                                                  "and sums 本许可总计，计数与求和加噪");
}

std::string terms(const json& d) {
  const json& term = at(d, "term");
  const json& price = at(d, "price");
  std::string purposes;
  for (const auto& p : at(d, "permitted_purposes").is_array() ? at(d, "permitted_purposes") : json::array())
    purposes += (purposes.empty() ? "" : ", ") + text(p);
  return "<table>\n" + row("Purpose 用途", text(at(d, "purpose"))) +
         row("Permitted purposes", purposes.empty() ? "&mdash;" : purposes) +
         row("Application scenario 应用场景", text(at(d, "application_scenario"))) +
         row("Security measures 安全措施", text(at(d, "security_measures"))) +
         row("Term 期限", text(at(term, "start")) + " to " + text(at(term, "end")) + " (" +
                              text(at(term, "days")) + " days)") +
         row("Disposal after the term 期满处置", text(at(d, "disposal_after_term"))) +
         row("Usage feedback 使用反馈", text(at(d, "usage_feedback"))) +
         row("Attribution 来源标注", text(at(d, "attribution"))) +
         row("Delivery 交付方式", text(at(d, "delivery_mode"))) + gateway_terms(d) +
         compute_terms(d) +
         row("Licence", text(at(at(d, "licence"), "name")) + ", " +
                            text(at(at(d, "licence"), "seats")) + " seat(s), offer " +
                            text(at(at(d, "licence"), "offer_id"))) +
         row("Price per seat 单价", money(at(price, "price_fen"))) +
         row("Quantity", text(at(price, "quantity"))) +
         row("Amount 总价", money(at(price, "amount_fen"))) +
         row("Exchange fee (from the seller)", money(at(price, "fee_fen"))) + "</table>\n";
}

}  // namespace

bool prefers_html(std::string_view accept) {
  const auto ranges = parse_accept(accept);
  return weight(ranges, "text/html") > weight(ranges, "application/json");
}

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string yuan(std::int64_t fen) {
  const bool negative = fen < 0;
  const std::uint64_t abs = negative ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  std::string whole = std::to_string(abs / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(static_cast<std::size_t>(i), ",");
  const std::uint64_t cents = abs % 100;
  return std::string(negative ? "-" : "") + "\u00a5" + whole + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

std::string contract_html(const json& d, const std::string& sha256_hex) {
  const json& parties = at(d, "parties");
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Data-use agreement " +
         text(at(d, "contract_id")) +
         "</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
         "th{text-align:left;vertical-align:top;padding-right:1em}td,th{border-bottom:1px solid #ddd;padding:.3em}"
         "table{border-collapse:collapse;width:100%}code{word-break:break-all}</style></head>\n<body>\n"
         "<h1>Data-use agreement 数据使用协议</h1>\n<p>Agreement " + text(at(d, "contract_id")) + " for trade " +
         text(at(d, "trade_id")) + ", made " + text(at(d, "made_at")) + ".</p>\n" +
         section("Parties 当事人", "<table>\n" + party("Seller 卖方", at(parties, "seller")) +
                                       party("Buyer 买方", at(parties, "buyer")) + "</table>\n") +
         section("Data list 数据清单", data_list(at(d, "data_list"))) + section("Terms 条款", terms(d)) +
         section("Rules", "<p>" + text(at(d, "governing_rules")) +
                              " Use beyond the agreed purpose and scenario is forbidden.</p>\n") +
         "<footer><p>SHA-256 of the agreement as stored: <code>" + escape_html(sha256_hex) +
         "</code> (the JSON form at this address with Accept: application/json).</p></footer>\n</body></html>\n";
}

}  // namespace dx::trades
