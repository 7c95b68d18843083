#include "egress/upstream_url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace dx::egress {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

bool is_control_or_space(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u == 0x7f;
}

// Splits "scheme://rest"; the scheme is judged here so that every other message can assume it.
Result<std::string> scheme_of(std::string_view& url, bool allow_http, const std::string& field) {
  const auto sep = url.find("://");
  const std::string scheme = sep == std::string_view::npos ? "" : lowered(url.substr(0, sep));
  const char* must = allow_http ? "must start with https:// or http://" : "must use https";
  if (scheme != "https" && !(scheme == "http" && allow_http)) return field_error(field, must);
  url.remove_prefix(sep + 3);
  return scheme;
}

// A DNS name of letters, digits, '-', '_' and '.', in labels that are not empty: no percent
// signs, spaces or controls, which a resolver or another parser could read differently.
bool valid_dns_name(const std::string& host) {
  if (host.empty() || host.size() > 253 || host.front() == '.' || host.front() == '-') return false;
  if (host.find("..") != std::string::npos) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
  });
}

bool valid_ipv6(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

Result<std::uint16_t> port_of(std::string_view text, const std::string& field) {
  if (text.empty() || text.size() > 5 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return field_error(field, "has an invalid port");
  const int port = std::stoi(std::string(text));
  if (port < 1 || port > 65535) return field_error(field, "has a port outside 1 to 65535");
  return static_cast<std::uint16_t>(port);
}

// "host", "host:port", "[v6]" or "[v6]:port" into the URL.
Status split_authority(std::string_view authority, UpstreamUrl& out, const std::string& field) {
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return field_error(field, "has an unclosed [ in its host");
    out.host = lowered(authority.substr(1, close - 1));
    if (!valid_ipv6(out.host)) return field_error(field, "has an invalid IPv6 address in its host");
    const auto rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return field_error(field, "has text after its host");
    has_port = !rest.empty();
    if (has_port) port_text = rest.substr(1);
  } else {
    const auto colon = authority.find(':');
    out.host = lowered(authority.substr(0, colon));
    has_port = colon != std::string_view::npos;
    if (has_port) port_text = authority.substr(colon + 1);
    if (out.host.empty()) return field_error(field, "must name a host");
    if (!valid_dns_name(out.host))
      return field_error(field, "must name its host with letters, digits, '-', '_' and '.' only");
  }
  if (out.host.empty()) return field_error(field, "must name a host");
  out.port = out.scheme == "https" ? 443 : 80;
  if (!has_port) return ok_status();
  auto port = port_of(port_text, field);
  if (!port) return port.error();
  out.port = *port;
  return ok_status();
}

// A segment that is "." or ".." once percent-decoded would let the path climb out of the base.
bool is_dot_segment(std::string_view segment) {
  const std::string s = lowered(segment);
  return s == "." || s == ".." || s == "%2e" || s == "%2e%2e" || s == ".%2e" || s == "%2e.";
}

Status check_path(std::string_view path, const std::string& field) {
  for (char c : path)
    if (is_control_or_space(c) || c == '\\')
      return field_error(field, "must not contain spaces, control characters or backslashes");
  if (path.empty()) return ok_status();
  for (std::size_t i = 1;;) {
    const auto next = std::min(path.find('/', i), path.size());
    const auto segment = path.substr(i, next - i);
    if (segment.empty()) return field_error(field, "must not contain empty path segments");
    if (is_dot_segment(segment))
      return field_error(field, "must not contain . or .. path segments");
    if (next == path.size()) break;
    i = next + 1;
  }
  return ok_status();
}

}  // namespace

Result<UpstreamUrl> parse_upstream_url(std::string_view url, bool allow_http,
                                       const std::string& field) {
  if (url.empty()) return field_error(field, "must not be empty");
  if (url.size() > 2048) return field_error(field, "must be at most 2048 characters");
  auto scheme = scheme_of(url, allow_http, field);
  if (!scheme) return scheme.error();
  if (url.find('?') != std::string_view::npos) return field_error(field, "must not have a query");
  if (url.find('#') != std::string_view::npos)
    return field_error(field, "must not have a fragment");
  UpstreamUrl out;
  out.scheme = std::move(*scheme);
  const auto slash = std::min(url.find('/'), url.size());
  const auto authority = url.substr(0, slash);
  if (authority.find('@') != std::string_view::npos)
    return field_error(field, "must not contain a user name or password");
  if (std::any_of(authority.begin(), authority.end(), [](char c) {
        return is_control_or_space(c) || c == '%' || c == '\\' ||
               static_cast<unsigned char>(c) >= 0x80;
      }))
    return field_error(
        field,
        "must not contain spaces, control characters, backslashes, % or non-ASCII in its host");
  if (auto st = split_authority(authority, out, field); !st) return st.error();
  std::string_view path = url.substr(slash);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (auto st = check_path(path, field); !st) return st.error();
  out.base_path = std::string(path);
  return out;
}

}  // namespace dx::egress
