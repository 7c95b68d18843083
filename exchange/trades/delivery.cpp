#include "trades/delivery.hpp"

#include <cctype>

#include "crypto/crypto.hpp"
#include "http/json_body.hpp"

namespace dx::trades {

namespace {

using nlohmann::json;

// The trade id in the associated data: a delivery sealed for one trade does not open for another.
std::string aad(const std::string& trade_id) { return "dx.trade.delivery.v1:" + trade_id; }

// scheme "://" then at least one visible character, no spaces or controls anywhere.
bool looks_like_url(const std::string& s) {
  const auto sep = s.find("://");
  if (sep == std::string::npos || sep == 0 || sep + 3 >= s.size() || !std::isalpha(static_cast<unsigned char>(s[0])))
    return false;
  for (std::size_t i = 0; i < sep; ++i)
    if (!std::isalnum(static_cast<unsigned char>(s[i])) && s[i] != '+' && s[i] != '-' && s[i] != '.') return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f) return false;
  return true;
}

}  // namespace

Result<ApiDelivery> parse_delivery(const json& body) {
  http::Fields f(body);
  auto endpoint = f.string("endpoint", http::Need::required, 1, 2000);
  auto credentials = f.string("credentials", http::Need::required, 1, 4000);
  auto instructions = f.string("instructions", http::Need::optional, 0, 20000);
  if (endpoint && !looks_like_url(*endpoint)) f.add_error("endpoint", "must be a URL such as https://api.example.com/v1");
  if (auto st = f.finish(); !st) return st.error();
  return ApiDelivery{*endpoint, *credentials, instructions.value_or("")};
}

std::string seal_delivery(const ApiDelivery& d, const std::string& master_key, const std::string& trade_id) {
  const json doc = {{"endpoint", d.endpoint}, {"credentials", d.credentials}, {"instructions", d.instructions}};
  return crypto::seal(master_key, doc.dump(), aad(trade_id));
}

std::optional<ApiDelivery> open_delivery(const std::string& sealed, const std::string& master_key,
                                         const std::string& trade_id) {
  auto text = crypto::open(master_key, sealed, aad(trade_id));
  if (!text) return std::nullopt;
  const json doc = json::parse(*text, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  return ApiDelivery{doc.value("endpoint", ""), doc.value("credentials", ""), doc.value("instructions", "")};
}

}  // namespace dx::trades
