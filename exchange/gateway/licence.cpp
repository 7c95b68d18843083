#include "gateway/licence.hpp"

namespace dx::gateway {

namespace {

bool delivered(std::string_view status) {
  return status == "delivered" || status == "settled" || status == "disputed";
}

Error inactive(std::string detail) {
  return legal_error(Errc::licence_inactive, std::move(detail), "O12", "CQ-29; CQO-25");
}

bool method_matches(std::string_view licensed, std::string_view method) {
  return licensed == "ANY" || licensed == method || (licensed == "GET" && method == "HEAD");
}

// "/v1/items" admits "/v1/items" and "/v1/items/…" but not "/v1/itemsX"; a prefix ending in '/'
// admits everything below it.
bool path_matches(std::string_view prefix, std::string_view path) {
  if (path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || prefix.back() == '/' || path[prefix.size()] == '/';
}

bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '!' || c == '$' || c == '&' || c == '\'' ||
         c == '(' || c == ')' || c == '*' || c == '+' || c == ',' || c == ';' || c == '=' ||
         c == ':' || c == '@';
}

void append_encoded(std::string& out, std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const unsigned char c : segment) {
    if (unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

Error bad_path(std::string detail) { return make_error(Errc::route_not_licensed, std::move(detail)); }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> decode_segment(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      if (i + 2 >= s.size()) return bad_path("The path has a malformed percent-encoding.");
      const int a = hex_digit(s[i + 1]), b = hex_digit(s[i + 2]);
      if (a < 0 || b < 0) return bad_path("The path has a malformed percent-encoding.");
      c = static_cast<unsigned char>(a * 16 + b);
      if (c == '/') return bad_path("A path segment may not hold an encoded /.");
      i += 2;
    }
    // Some servers read a backslash as a slash: it could step outside a licensed prefix.
    if (c == '\\') return bad_path("A path may not contain a backslash.");
    if (c < 0x20 || c == 0x7f) return bad_path("A path may not contain control characters.");
    out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

Status permits(const Licence& l, std::string_view caller, TimePoint now) {
  if (l.buyer_id != caller || l.delivery_mode != "gateway")
    return make_error(Errc::not_found, "No gateway licence with this id is yours.");
  return standing(l, now);
}

Status standing(const Licence& l, TimePoint now) {
  if (l.buyer_suspended)
    return legal_error(Errc::account_suspended, "This account is suspended; its licences are suspended with it.",
                       "O14", "CQO-39");
  if (l.product_status != "listed")
    return legal_error(Errc::product_not_tradable, "The product is " + l.product_status + "; its use is stopped.",
                       "O13", "CQO-41");
  if (l.seller_suspended)
    return legal_error(Errc::product_not_tradable, "The product's seller is suspended; its use is stopped.", "O14",
                       "CQO-39");
  if (!delivered(l.trade_status)) return inactive("The licence's trade is " + l.trade_status + ".");
  if (l.term_end && now >= *l.term_end) return inactive("The licence's term ended at " + to_rfc3339(*l.term_end) + ".");
  return ok_status();
}

Result<const LicensedRoute*> licensed_route(const Licence& l, std::string_view method, std::string_view path) {
  for (const auto& r : l.upstream.routes)
    if (method_matches(r.method, method) && path_matches(r.path_prefix, path)) return &r;
  return make_error(Errc::route_not_licensed,
                    std::string(method) + " " + std::string(path) + " is not among the licensed routes.");
}

Result<CallPath> canonical_path(std::string_view raw) {
  CallPath out;
  std::size_t i = 0;
  for (;;) {
    const auto slash = raw.find('/', i);
    const auto segment = raw.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
    auto decoded = decode_segment(segment);
    if (!decoded) return decoded.error();
    if (*decoded == "." || *decoded == "..") return bad_path("A path may not contain . or .. segments.");
    // Empty segments ("a//b") are dropped; a trailing slash is kept.
    if (!decoded->empty() || slash == std::string_view::npos) {
      out.decoded += '/' + *decoded;
      out.encoded += '/';
      append_encoded(out.encoded, *decoded);
    }
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  return out;
}

}  // namespace dx::gateway
