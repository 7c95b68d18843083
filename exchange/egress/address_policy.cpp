#include "egress/address_policy.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <optional>

namespace dx::egress {

namespace {

using V6 = std::array<unsigned char, 16>;

struct V4Range {
  std::uint32_t base;
  int prefix;
  const char* name;
};

constexpr std::uint32_t v4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// IANA's IPv4 special-purpose registry, less the ranges that are globally reachable.
constexpr V4Range kV4Refused[] = {
    {v4(0, 0, 0, 0), 8, "0.0.0.0/8 (this network)"},
    {v4(10, 0, 0, 0), 8, "10.0.0.0/8 (private network)"},
    {v4(100, 64, 0, 0), 10, "100.64.0.0/10 (shared address space)"},
    {v4(127, 0, 0, 0), 8, "127.0.0.0/8 (loopback)"},
    {v4(169, 254, 0, 0), 16, "169.254.0.0/16 (link-local, cloud metadata)"},
    {v4(172, 16, 0, 0), 12, "172.16.0.0/12 (private network)"},
    {v4(192, 0, 0, 0), 24, "192.0.0.0/24 (IETF protocol assignments)"},
    {v4(192, 0, 2, 0), 24, "192.0.2.0/24 (documentation)"},
    {v4(192, 88, 99, 0), 24, "192.88.99.0/24 (6to4 relay anycast)"},
    {v4(192, 168, 0, 0), 16, "192.168.0.0/16 (private network)"},
    {v4(198, 18, 0, 0), 15, "198.18.0.0/15 (benchmarking)"},
    {v4(198, 51, 100, 0), 24, "198.51.100.0/24 (documentation)"},
    {v4(203, 0, 113, 0), 24, "203.0.113.0/24 (documentation)"},
    {v4(224, 0, 0, 0), 4, "224.0.0.0/4 (multicast)"},
    {v4(240, 0, 0, 0), 4, "240.0.0.0/4 (reserved, broadcast)"},
};

std::optional<std::string> v4_refusal(std::uint32_t a) {
  for (const auto& r : kV4Refused) {
    const std::uint32_t mask = r.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - r.prefix);
    if ((a & mask) == r.base) return r.name;
  }
  return std::nullopt;
}

std::uint32_t v4_at(const V6& a, int offset) {
  return v4(a[offset], a[offset + 1], a[offset + 2], a[offset + 3]);
}

bool has_prefix(const V6& a, const V6& base, int prefix) {
  for (int bit = 0; bit < prefix; ++bit) {
    const int byte = bit / 8, shift = 7 - bit % 8;
    if (((a[byte] >> shift) & 1) != ((base[byte] >> shift) & 1)) return false;
  }
  return true;
}

constexpr V6 kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
constexpr V6 kNat64 = {0x00, 0x64, 0xff, 0x9b};
constexpr V6 k6to4 = {0x20, 0x02};

struct V6Range {
  V6 base;
  int prefix;
  const char* name;
};

// IANA's IPv6 special-purpose registry, refused whole (2001::/23 holds a few global anycast
// services among many that are not; none is a plausible upstream).
const V6Range kV6Refused[] = {
    {{}, 96, "::/96 (unspecified, loopback, IPv4-compatible)"},
    {{0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48, "64:ff9b:1::/48 (local NAT64)"},
    {{0x01, 0x00}, 64, "100::/64 (discard)"},
    {{0x20, 0x01, 0x0d, 0xb8}, 32, "2001:db8::/32 (documentation)"},
    {{0x20, 0x01}, 23, "2001::/23 (IETF protocol assignments)"},
    {{0x3f, 0xff}, 20, "3fff::/20 (documentation)"},
    {{0xfc}, 7, "fc00::/7 (unique local, cloud metadata)"},
    {{0xfe, 0x80}, 10, "fe80::/10 (link-local)"},
    {{0xfe, 0xc0}, 10, "fec0::/10 (site-local)"},
    {{0xff}, 8, "ff00::/8 (multicast)"},
};

// IPv4 carried inside IPv6 is judged as the IPv4 address it reaches.
std::optional<std::string> embedded_refusal(std::uint32_t a, const char* how) {
  auto inner = v4_refusal(a);
  if (!inner) return std::nullopt;
  return std::string(how) + " of " + *inner;
}

std::optional<std::string> v6_refusal(const V6& a) {
  if (has_prefix(a, kMapped, 96))
    return embedded_refusal(v4_at(a, 12), "::ffff:0:0/96 (IPv4-mapped)");
  if (has_prefix(a, kNat64, 96)) return embedded_refusal(v4_at(a, 12), "64:ff9b::/96 (NAT64)");
  if (has_prefix(a, k6to4, 16)) return embedded_refusal(v4_at(a, 2), "2002::/16 (6to4)");
  for (const auto& r : kV6Refused)
    if (has_prefix(a, r.base, r.prefix)) return r.name;
  // Only 2000::/3 is allocated for global unicast; the rest is unassigned or special.
  if ((a[0] & 0xe0) != 0x20) return "outside 2000::/3 (not global unicast)";
  return std::nullopt;
}

// nullopt for a public address; otherwise why it is refused.
std::optional<std::string> refusal(const std::string& address) {
  in_addr a4{};
  if (inet_pton(AF_INET, address.c_str(), &a4) == 1) return v4_refusal(ntohl(a4.s_addr));
  V6 a6{};
  if (inet_pton(AF_INET6, address.c_str(), a6.data()) == 1) return v6_refusal(a6);
  return "not an IP address";
}

bool parses(const std::string& address) {
  unsigned char buf[16];
  return inet_pton(AF_INET, address.c_str(), buf) == 1 ||
         inet_pton(AF_INET6, address.c_str(), buf) == 1;
}

std::string to_text(const sockaddr* sa) {
  char text[INET6_ADDRSTRLEN] = {};
  const void* raw =
      sa->sa_family == AF_INET
          ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(sa)->sin_addr)
          : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr);
  inet_ntop(sa->sa_family, raw, text, sizeof text);
  return text;
}

Result<std::vector<std::string>> resolve(const std::string& host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0 || found == nullptr)
    return make_error(Errc::upstream_failed, "The upstream host " + host + " does not resolve.");
  std::vector<std::string> out;
  for (auto* ai = found; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    auto text = to_text(ai->ai_addr);
    if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(std::move(text));
  }
  freeaddrinfo(found);
  if (out.empty())
    return make_error(Errc::upstream_failed, "The upstream host " + host + " does not resolve.");
  return out;
}

}  // namespace

bool is_public_address(const std::string& address) { return !refusal(address).has_value(); }

Status check_address(const std::string& address, bool allow_private) {
  if (allow_private && parses(address)) return ok_status();
  auto why = refusal(address);
  if (!why) return ok_status();
  return make_error(Errc::upstream_failed,
                    "The upstream address " + address + " is refused: " + *why + ".");
}

Result<std::vector<std::string>> resolve_checked(const std::string& host, std::uint16_t port,
                                                 bool allow_private) {
  auto addresses = resolve(host, port);
  if (!addresses) return addresses.error();
  for (const auto& a : *addresses)
    if (auto st = check_address(a, allow_private); !st) return st.error();
  return addresses;
}

}  // namespace dx::egress
