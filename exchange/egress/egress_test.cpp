// The address policy and the upstream URL: every refused range at both of its edges, its public
// neighbours, IPv4 inside IPv6, and the URL forms a seller could use to reach somewhere else.
#include <gtest/gtest.h>

#include "egress/address_policy.hpp"
#include "egress/upstream_url.hpp"

namespace dx::egress {
namespace {

struct Case {
  const char* address;
  bool is_public;
};

// For each range: the address before it, its first and last, the address after it.
const Case kV4[] = {
    {"0.0.0.0", false},         {"0.255.255.255", false},   {"1.0.0.0", true},
    {"9.255.255.255", true},    {"10.0.0.0", false},        {"10.255.255.255", false},
    {"11.0.0.0", true},         {"100.63.255.255", true},   {"100.64.0.0", false},
    {"100.127.255.255", false}, {"100.128.0.0", true},      {"126.255.255.255", true},
    {"127.0.0.0", false},       {"127.0.0.1", false},       {"127.255.255.255", false},
    {"128.0.0.0", true},        {"169.253.255.255", true},  {"169.254.0.0", false},
    {"169.254.169.254", false}, {"169.254.255.255", false}, {"169.255.0.0", true},
    {"172.15.255.255", true},   {"172.16.0.0", false},      {"172.31.255.255", false},
    {"172.32.0.0", true},       {"191.255.255.255", true},  {"192.0.0.0", false},
    {"192.0.0.255", false},     {"192.0.1.0", true},        {"192.0.1.255", true},
    {"192.0.2.0", false},       {"192.0.2.255", false},     {"192.0.3.0", true},
    {"192.88.98.255", true},    {"192.88.99.0", false},     {"192.88.99.255", false},
    {"192.88.100.0", true},     {"192.167.255.255", true},  {"192.168.0.0", false},
    {"192.168.255.255", false}, {"192.169.0.0", true},      {"198.17.255.255", true},
    {"198.18.0.0", false},      {"198.19.255.255", false},  {"198.20.0.0", true},
    {"198.51.99.255", true},    {"198.51.100.0", false},    {"198.51.100.255", false},
    {"198.51.101.0", true},     {"203.0.112.255", true},    {"203.0.113.0", false},
    {"203.0.113.255", false},   {"203.0.114.0", true},      {"223.255.255.255", true},
    {"224.0.0.0", false},       {"239.255.255.255", false}, {"240.0.0.0", false},
    {"255.255.255.254", false}, {"255.255.255.255", false}, {"8.8.8.8", true},
};

const Case kV6[] = {
    {"::", false},
    {"::1", false},
    {"::ffff", false},
    {"::ffff:ffff", false},  // ::/96, IPv4-compatible
    {"::ffff:8.8.8.8", true},
    {"::ffff:0.0.0.0", false},
    {"::ffff:127.0.0.1", false},
    {"::ffff:10.1.2.3", false},
    {"::ffff:169.254.169.254", false},
    {"::ffff:255.255.255.255", false},
    {"64:ff9b::8.8.8.8", true},
    {"64:ff9b::7f00:1", false},
    {"64:ff9b::a9fe:a9fe", false},
    {"64:ff9b::c0a8:1", false},
    {"64:ff9b:1::", false},
    {"64:ff9b:1:ffff:ffff:ffff:ffff:ffff", false},
    {"100::", false},
    {"100::ffff:ffff:ffff:ffff", false},
    {"1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},  // outside 2000::/3
    {"2000::", true},
    {"2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true},
    {"2001::", false},
    {"2001:0:ffff::1", false},  // Teredo, inside 2001::/23
    {"2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"2001:200::", true},
    {"2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", true},
    {"2001:db8::", false},
    {"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"2001:db9::", true},
    {"2001:4860:4860::8888", true},
    {"2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true},
    {"2002:808:808::", true},
    {"2002::", false},
    {"2002:a00:1::", false},
    {"2002:7f00:1::1", false},
    {"2002:a9fe:a9fe::", false},
    {"2002:c0a8:101::", false},
    {"2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"2003::", true},
    {"2606:4700:4700::1111", true},
    {"3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true},
    {"3fff::", false},
    {"3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"3fff:1000::", true},
    {"3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true},
    {"4000::", false},
    {"fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"fc00::", false},
    {"fd00:ec2::254", false},
    {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"fe80::", false},
    {"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"fec0::", false},
    {"feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"ff00::", false},
    {"ff02::1", false},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},
};

void expect_cases(const Case* begin, const Case* end) {
  for (const Case* c = begin; c != end; ++c) {
    EXPECT_EQ(is_public_address(c->address), c->is_public) << c->address;
    const auto st = check_address(c->address, false);
    EXPECT_EQ(st.ok(), c->is_public) << c->address;
    if (!st.ok()) {
      EXPECT_EQ(st.error().code, Errc::upstream_failed);
      EXPECT_NE(st.error().detail.find(c->address), std::string::npos) << st.error().detail;
    }
    EXPECT_TRUE(check_address(c->address, true).ok()) << c->address;
  }
}

TEST(AddressPolicy, Ipv4RangesAreRefusedAtBothEdgesAndTheirNeighboursAdmitted) {
  expect_cases(std::begin(kV4), std::end(kV4));
}

TEST(AddressPolicy, Ipv6RangesAndEmbeddedIpv4AreJudged) {
  expect_cases(std::begin(kV6), std::end(kV6));
}

TEST(AddressPolicy, RefusalNamesTheRange) {
  EXPECT_NE(check_address("169.254.169.254", false).error().detail.find("169.254.0.0/16"),
            std::string::npos);
  EXPECT_NE(check_address("fd00:ec2::254", false).error().detail.find("fc00::/7"),
            std::string::npos);
  EXPECT_NE(check_address("::ffff:10.0.0.1", false).error().detail.find("10.0.0.0/8"),
            std::string::npos);
}

TEST(AddressPolicy, AnythingButALiteralAddressIsRefusedEvenWhenPrivateIsAllowed) {
  for (const char* text : {"", "localhost", "127.1", "0x7f000001", "1.2.3.4.5", "[::1]",
                           "fe80::1%eth0", "8.8.8.8 ", " 8.8.8.8", "2130706433"}) {
    EXPECT_FALSE(is_public_address(text)) << text;
    EXPECT_FALSE(check_address(text, true).ok()) << text;
  }
}

TEST(AddressPolicy, ResolveCheckedJudgesEveryAddress) {
  EXPECT_FALSE(resolve_checked("127.0.0.1", 80, false).ok());
  auto loop = resolve_checked("127.0.0.1", 80, true);
  ASSERT_TRUE(loop.ok());
  EXPECT_EQ(*loop, std::vector<std::string>{"127.0.0.1"});
  auto localhost = resolve_checked("localhost", 80, false);
  ASSERT_FALSE(localhost.ok());
  EXPECT_EQ(localhost.error().code, Errc::upstream_failed);
  auto missing = resolve_checked("no-such-host.invalid", 443, true);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().detail.find("does not resolve"), std::string::npos);
  EXPECT_TRUE(resolve_checked("8.8.8.8", 443, false).ok());
}

struct UrlCase {
  const char* url;
  const char* scheme;
  const char* host;
  int port;
  const char* base_path;
};

TEST(UpstreamUrl, AcceptedFormsAreNormalised) {
  const UrlCase cases[] = {
      {"https://api.example.com", "https", "api.example.com", 443, ""},
      {"HTTPS://API.Example.COM/", "https", "api.example.com", 443, ""},
      {"https://api.example.com:8443/v1", "https", "api.example.com", 8443, "/v1"},
      {"https://api.example.com/v1/", "https", "api.example.com", 443, "/v1"},
      {"https://api.example.com/a/b%20c", "https", "api.example.com", 443, "/a/b%20c"},
      {"https://[2001:DB8::1]:9000/x", "https", "2001:db8::1", 9000, "/x"},
      {"https://[2606:4700::1111]", "https", "2606:4700::1111", 443, ""},
      {"http://127.0.0.1:8080", "http", "127.0.0.1", 8080, ""},
      {"http://localhost", "http", "localhost", 80, ""},
      {"https://host:65535", "https", "host", 65535, ""},
      {"https://host:1", "https", "host", 1, ""},
  };
  for (const auto& c : cases) {
    auto u = parse_upstream_url(c.url, true, "gateway.upstream_url");
    ASSERT_TRUE(u.ok()) << c.url << ": " << (u.ok() ? "" : u.error().errors.at(0).message);
    EXPECT_EQ(u->scheme, c.scheme) << c.url;
    EXPECT_EQ(u->host, c.host) << c.url;
    EXPECT_EQ(u->port, c.port) << c.url;
    EXPECT_EQ(u->base_path, c.base_path) << c.url;
  }
}

TEST(UpstreamUrl, RefusedFormsAreFieldErrorsInPlainWords) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "must not be empty"},
      {"http://api.example.com", "must use https"},
      {"ftp://api.example.com", "must use https"},
      {"api.example.com", "must use https"},
      {"//api.example.com", "must use https"},
      {"https://user:pw@api.example.com", "user name or password"},
      {"https://api.example.com@evil.com", "user name or password"},
      {"https://api.example.com/?q=1", "query"},
      {"https://api.example.com/#frag", "fragment"},
      {"https://", "must name a host"},
      {"https:///v1", "must name a host"},
      {"https://:443", "must name a host"},
      {"https://[]", "IPv6"},
      {"https://[::1", "unclosed"},
      {"https://[zz::1]", "IPv6"},
      {"https://[::1]x", "after its host"},
      {"https://host:", "invalid port"},
      {"https://host:0", "outside 1 to 65535"},
      {"https://host:65536", "outside 1 to 65535"},
      {"https://host:99999999", "invalid port"},
      {"https://host:8a", "invalid port"},
      {"https://host:-1", "invalid port"},
      {"https://ho%2est", "%"},
      {"https://ho st", "spaces"},
      {"https://ho\tst", "control"},
      {"https://h\xc3\xa9st", "non-ASCII"},
      {"https://host\\@evil.com", "user name or password"},
      {"https://host\\evil", "backslash"},
      {"https://ho!st", "letters, digits"},
      {"https://.host", "letters, digits"},
      {"https://a..b", "letters, digits"},
      {"https://host:443:1", "invalid port"},
      {"https://host/a/../b", ". or .."},
      {"https://host/..", ". or .."},
      {"https://host/./x", ". or .."},
      {"https://host/%2e%2E/x", ". or .."},
      {"https://host/a//b", "empty path segments"},
      {"https://host//", "empty path segments"},
      {"https://host/a b", "spaces"},
      {"https://host/a\\b", "backslashes"},
  };
  for (const auto& [url, words] : cases) {
    auto u = parse_upstream_url(url, false, "gateway.upstream_url");
    ASSERT_FALSE(u.ok()) << url;
    EXPECT_EQ(u.error().code, Errc::validation_failed) << url;
    ASSERT_EQ(u.error().errors.size(), 1u) << url;
    EXPECT_EQ(u.error().errors[0].field, "gateway.upstream_url");
    EXPECT_NE(u.error().errors[0].message.find(words), std::string::npos)
        << url << " -> " << u.error().errors[0].message;
  }
}

TEST(UpstreamUrl, HttpOnlyWhenAllowed) {
  EXPECT_FALSE(parse_upstream_url("http://h", false, "f").ok());
  EXPECT_TRUE(parse_upstream_url("http://h", true, "f").ok());
  EXPECT_EQ(parse_upstream_url("http://h", true, "f")->port, 80);
}

}  // namespace
}  // namespace dx::egress
