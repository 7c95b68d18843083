// A seller's API delivery as the request states it (POST /trades/{id}/deliver): each bad field
// named (422). Declared in trades/delivery.hpp.
#include <cctype>

#include "http/json_body.hpp"
#include "trades/delivery.hpp"

namespace dx::trades {

namespace {

// scheme "://" then at least one visible character, no spaces or controls anywhere.
bool looks_like_url(const std::string& s) {
  const auto sep = s.find("://");
  if (sep == std::string::npos || sep == 0 || sep + 3 >= s.size() ||
      !std::isalpha(static_cast<unsigned char>(s[0])))
    return false;
  for (std::size_t i = 0; i < sep; ++i)
    if (!std::isalnum(static_cast<unsigned char>(s[i])) && s[i] != '+' && s[i] != '-' &&
        s[i] != '.')
      return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f) return false;
  return true;
}

}  // namespace

Result<ApiDelivery> parse_delivery(const nlohmann::json& body) {
  http::Fields f(body);
  auto endpoint = f.string("endpoint", http::Need::required, 1, 2000);
  auto credentials = f.string("credentials", http::Need::required, 1, 4000);
  auto instructions = f.string("instructions", http::Need::optional, 0, 20000);
  if (endpoint && !looks_like_url(*endpoint))
    f.add_error("endpoint", "must be a URL such as https://api.example.com/v1");
  if (auto st = f.finish(); !st) return st.error();
  return ApiDelivery{*endpoint, *credentials, instructions.value_or("")};
}

}  // namespace dx::trades
