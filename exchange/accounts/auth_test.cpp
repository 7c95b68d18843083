#include "accounts/auth.hpp"

#include <atomic>
#include <chrono>

#include <filesystem>

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "store/db.hpp"
#include "store/schema.hpp"

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

TEST(PrincipalCache, AnswersOnlyAtTheEpochItWasFilledAtAndBeforeTheSessionEnds) {
  std::atomic<std::uint64_t> epoch{7};
  PrincipalCache cache([&epoch] { return epoch.load(); });
  const TimePoint now{std::chrono::seconds(1'800'000'000)};
  http::Principal p;
  p.account_id = "acc_1";
  cache.put("key", p, std::nullopt, 7);
  cache.put("session", p, now + std::chrono::seconds(60), 7);
  cache.put("stale", p, std::nullopt, 6);  // filled from a read older than the last change
  ASSERT_TRUE(cache.find("key", now));
  EXPECT_EQ(cache.find("key", now)->account_id, "acc_1");
  EXPECT_TRUE(cache.find("session", now + std::chrono::seconds(59)));
  EXPECT_FALSE(cache.find("session", now + std::chrono::seconds(60)));  // the session ended
  EXPECT_FALSE(cache.find("stale", now));
  EXPECT_FALSE(cache.find("unknown", now));
  epoch = 8;  // a sign-out, revocation, suspension or verification was committed
  EXPECT_FALSE(cache.find("key", now));
}

TEST(PrincipalCache, StaysBounded) {
  PrincipalCache cache([] { return std::uint64_t{0}; }, 3);
  const TimePoint now{};
  for (int i = 0; i < 10; ++i) cache.put(std::to_string(i), http::Principal{}, std::nullopt, 0);
  int found = 0;
  for (int i = 0; i < 10; ++i) found += cache.find(std::to_string(i), now).has_value();
  EXPECT_LE(found, 3);
  EXPECT_TRUE(cache.find("9", now));
}

TEST(ApiKeys, CarryTheirIdAndAreStoredAsTheirDigest) {
  const std::string a = new_api_key("key_0AbCdEfGhijklmnopqrs"), b = new_api_key("key_0AbCdEfGhijklmnopqrs");
  EXPECT_EQ(a.rfind("dxk_0AbCdEfGhijklmnopqrs", 0), 0u);
  EXPECT_EQ(a.size(), 4u + 20 + 43);
  EXPECT_NE(a, b);
  EXPECT_EQ(api_key_id(a), "key_0AbCdEfGhijklmnopqrs");
  EXPECT_EQ(api_key_digest(a), crypto::sha256(a));
  // Keys of the earlier formats carry no id and are looked up by what was stored for them.
  const std::string timed = crypto::new_token("dxk_0AbCdEfG"), old = crypto::new_token(kApiKeyPrefix);
  EXPECT_FALSE(api_key_id(timed));
  EXPECT_FALSE(api_key_id(old));
  EXPECT_EQ(api_key_digest(timed), "0AbCdEfG" + crypto::sha256(timed));
  EXPECT_EQ(api_key_digest(old), crypto::sha256(old));
  EXPECT_THROW(new_api_key("key_short"), std::invalid_argument);
  EXPECT_THROW(new_api_key("ord_0AbCdEfGhijklmnopqrs"), std::invalid_argument);
}

TEST(ApiKeys, KeysOfEveryFormatAuthenticateAndForgedOrRevokedOnesDoNot) {
  const auto dir = std::filesystem::temp_directory_path() / ("dx-auth-" + crypto::hex(crypto::random_bytes(8)));
  std::filesystem::create_directories(dir);
  {
    store::Db db(dir / "t.db", store::OpenMode::read_write_create);
    store::migrate(db);
    db.exec("INSERT INTO accounts (id, email, password_hash, kind, display_name, jurisdiction, created_at) "
            "VALUES ('acc_k', 'k@example.com', 'h', 'organization', 'K', 'CN', 't')");
    const std::string old = crypto::new_token(kApiKeyPrefix), timed = crypto::new_token("dxk_0AbCdEfG"),
                      fresh = new_api_key("key_0AbCdEfGhijklmnopqrs"), revoked = new_api_key("key_0AbCdEfGzzzzzzzzzzzz");
    auto ins = db.prepare("INSERT INTO api_keys (id, account_id, name, key_hash, found_by_id, created_at, revoked_at) "
                          "VALUES (?, 'acc_k', 'n', ?, ?, 't', ?)");
    const auto add = [&ins](const std::string& id, const std::string& key, bool by_id, bool is_revoked) {
      ins.bind(1, id).bind_blob(2, api_key_digest(key)).bind(3, std::int64_t{by_id});
      if (is_revoked) ins.bind(4, "t"); else ins.bind_null(4);
      ins.run();
      ins.reset();
    };
    add("key_old", old, false, false);
    add("key_timed", timed, false, false);
    add("key_0AbCdEfGhijklmnopqrs", fresh, true, false);
    add("key_0AbCdEfGzzzzzzzzzzzz", revoked, true, true);
    for (const auto& key : {old, timed, fresh}) {
      auto who = authenticate(with_headers({{"authorization", "Bearer " + key}}), db, TimePoint{});
      ASSERT_TRUE(who && *who) << key;
      EXPECT_EQ((*who)->account_id, "acc_k");
    }
    // A key naming a stored id with another secret, a revoked key, a key of an unknown id.
    for (const auto& key : {new_api_key("key_0AbCdEfGhijklmnopqrs"), revoked, new_api_key("key_0AbCdEfGyyyyyyyyyyyy"),
                            crypto::new_token("dxk_0AbCdEfG")}) {
      auto forged = authenticate(with_headers({{"authorization", "Bearer " + key}}), db, TimePoint{});
      ASSERT_FALSE(forged) << key;
      EXPECT_EQ(forged.error().code, Errc::unauthenticated);
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dx::accounts
