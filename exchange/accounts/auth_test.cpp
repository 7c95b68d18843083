#include "accounts/auth.hpp"

#include <gtest/gtest.h>

namespace dx::accounts {
namespace {

http::Request with_headers(std::map<std::string, std::string> headers) {
  http::Request r;
  r.headers = std::move(headers);
  return r;
}

TEST(SessionCookie, IsFoundAmongOtherCookies) {
  auto r = with_headers({{"cookie", "theme=dark; dx_session=dxs_abc; other=1"}});
  EXPECT_EQ(session_cookie(r), "dxs_abc");
  EXPECT_TRUE(uses_cookie(r));
}

TEST(SessionCookie, OnlySessionTokensCount) {
  EXPECT_FALSE(session_cookie(with_headers({{"cookie", "dx_session=dxk_an_api_key"}})));
  EXPECT_FALSE(session_cookie(with_headers({{"cookie", "xdx_session=dxs_abc"}})));
  EXPECT_FALSE(session_cookie(with_headers({{"cookie", "dx_session="}})));
  EXPECT_FALSE(session_cookie(with_headers({})));
}

TEST(SessionCookie, AnAuthorizationHeaderWins) {
  auto r = with_headers({{"cookie", "dx_session=dxs_abc"}, {"authorization", "Bearer dxs_other"}});
  EXPECT_FALSE(uses_cookie(r));
}

TEST(CsrfToken, IsStablePerSessionAndDiffersBetweenSessions) {
  EXPECT_EQ(csrf_token("dxs_one"), csrf_token("dxs_one"));
  EXPECT_NE(csrf_token("dxs_one"), csrf_token("dxs_two"));
  EXPECT_EQ(csrf_token("dxs_one").size(), 43u);  // 256 bits in unpadded base64url
}

TEST(SessionCookieHeader, IsSecureHttpOnlyStrictAndClearable) {
  EXPECT_EQ(session_cookie_header("dxs_abc", 60),
            "dx_session=dxs_abc; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(cleared_session_cookie_header(),
            "dx_session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
}

}  // namespace
}  // namespace dx::accounts
