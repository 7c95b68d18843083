// The per-cell detectors of direct identifiers (P5), and the keyed hash and group counting
// behind k-anonymity.
#include <gtest/gtest.h>

#include <set>

#include "compliance/detectors.hpp"
#include "compliance/qi_groups.hpp"
#include "compliance/siphash.hpp"
#include "compliance/test_data.hpp"

namespace dx::compliance::detail {
namespace {

using test::kToday;

CellKind kind(std::string_view cell) { return classify_cell(cell, kToday); }

CellFacts facts(std::string_view cell) {
  CellFacts f;
  inspect_cell(cell, kToday, f);
  return f;
}

TEST(Detectors, ValidIdentityNumbersAreRecognised) {
  EXPECT_EQ(kind("11010519491231002X"), CellKind::identity_number);  // GB 11643 example
  EXPECT_EQ(kind("11010519491231002x"), CellKind::identity_number);
  EXPECT_EQ(kind("  11010519491231002X "), CellKind::identity_number);
  for (int n = 0; n < 200; ++n)
    EXPECT_EQ(kind(test::identity_number(n)), CellKind::identity_number);
}

TEST(Detectors, IdentityNumberWithWrongCheckOrFutureBirthIsNotOne) {
  EXPECT_NE(kind("110105194912310021"), CellKind::identity_number);
  EXPECT_NE(kind("11010519491231002Y"), CellKind::identity_number);
  std::string future =
      "110105"
      "20301231"
      "002";
  future.push_back('0');
  for (char check = '0'; check <= '9'; ++check) {
    future.back() = check;
    EXPECT_NE(kind(future), CellKind::identity_number) << future;
  }
}

TEST(Detectors, MobileNumbersInCommonWritingsAreRecognised) {
  for (const char* cell : {"13800138000", "+86 138 0013 8000", "+8613800138000", "8613800138000",
                           "138-0013-8000", "19912345678"}) {
    EXPECT_EQ(kind(cell), CellKind::mobile_number) << cell;
  }
}

TEST(Detectors, ElevenDigitNumbersOutsideMobileRangesAreNotMobile) {
  EXPECT_EQ(kind("12800138000"), CellKind::plain);
  EXPECT_EQ(kind("23800138000"), CellKind::plain);
  EXPECT_EQ(kind("+1 415 555 0100"), CellKind::plain);
}

TEST(Detectors, EmailAddressesAreRecognised) {
  for (const char* cell : {"li.lei@example.com", "12345678@qq.com", "a@b.cn",
                           "first.last+tag@mail.example.org.cn", " x_y@sub-domain.example.com "}) {
    EXPECT_EQ(kind(cell), CellKind::email_address) << cell;
  }
}

TEST(Detectors, TextWithAnAtSignIsNotAnEmailAddress) {
  for (const char* cell :
       {"@example.com", "li@", "li lei@example.com", "li@example", "li@.com", "li..lei@example.com",
        "li@example.c", "li@exa mple.com", "meet @ 5pm at the gate", "li@example.123"}) {
    EXPECT_EQ(kind(cell), CellKind::plain) << cell;
  }
}

TEST(Detectors, LuhnValidCardNumbersAreRecognised) {
  for (const char* cell :
       {"4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
        "6200000000000005", "4111 1111 1111 1111", "4111-1111-1111-1111"}) {
    EXPECT_EQ(kind(cell), CellKind::bank_card_number) << cell;
  }
  for (int n = 0; n < 100; ++n) EXPECT_EQ(kind(test::card_number(n)), CellKind::bank_card_number);
}

TEST(Detectors, LongNumbersFailingLuhnAreNotCards) {
  EXPECT_EQ(kind("4111111111111112"), CellKind::long_number);
  EXPECT_EQ(kind(test::card_number_failing_luhn(7)), CellKind::long_number);
  EXPECT_EQ(kind("411111111111"), CellKind::plain);          // 12 digits: too short
  EXPECT_EQ(kind("41111111111111111111"), CellKind::plain);  // 20 digits: too long
}

TEST(Detectors, LuhnFollowsItsDefinition) {
  EXPECT_TRUE(passes_luhn("79927398713"));
  EXPECT_FALSE(passes_luhn("79927398710"));
  EXPECT_TRUE(passes_luhn("0"));
  EXPECT_FALSE(passes_luhn(""));
}

TEST(Detectors, OrdinaryCellsArePlain) {
  for (const char* cell :
       {"", "   ", "Xuhui", "2026-11-23", "2026-11-23 08:15:00", "1234.50", "-17", "30-39",
        "北京市朝阳区", "a long sentence of plain words", "1700000000"}) {
    EXPECT_EQ(kind(cell), CellKind::plain) << cell;
  }
}

// P5, TJ-29: the same numbers however a person or a spreadsheet writes them.
TEST(Detectors, IdentifiersInEveryWritingAreRecognised) {
  const std::string id = "11010519491231002X";
  for (const std::string& cell :
       {test::full_width(id), "=\"" + id + "\"", "'" + id, " \t" + id + "\xE3\x80\x80",
        std::string("110105 19491231 002x"), std::string("110105-19491231-002X"),
        std::string("110105.19491231.002X"), test::identity_number_15(42),
        "\xC2\xA0" + test::identity_number_15(7)}) {
    EXPECT_EQ(kind(cell), CellKind::identity_number) << cell;
  }
  for (const std::string& cell : {test::full_width("13800138000"), std::string("=\"13800138000\""),
                                  std::string("138.0013.8000"), std::string("0086 138 0013 8000"),
                                  std::string("0086-13800138000"), std::string("86 138 0013 8000"),
                                  std::string("\xEF\xBC\x8B"
                                              "86 138 0013 8000"),
                                  std::string("\"13800138000\"")}) {
    EXPECT_EQ(kind(cell), CellKind::mobile_number) << cell;
  }
}

TEST(Detectors, IdentifiersInsideFreeTextAreFound) {
  for (const char* cell :
       {"电话：138 0013 8000，请回拨", "联系人张三13800138000", "tel: +86-138-0013-8000.",
        "{\"phone\": \"13800138000\"}", "call 0086 13800138000 after 6pm"}) {
    const CellFacts f = facts(cell);
    EXPECT_TRUE(f.mobile_in_text) << cell;
    EXPECT_EQ(f.kind, CellKind::plain) << cell;
  }
  for (const std::string& cell : {"身份证号" + test::full_width("11010519491231002X") + "已核验",
                                  "old id " + test::identity_number_15(3) + " on file",
                                  std::string("证件 110105 19491231 002x。")}) {
    EXPECT_TRUE(facts(cell).identity_in_text) << cell;
  }
  // A cell of several numbers is not one number, but holds one.
  EXPECT_TRUE(facts("2024 13800138000").mobile_in_text);
}

TEST(Detectors, LookAlikesInTextAreNotIdentifiers) {
  for (const char* cell :
       {"SN13800138000", "13800138000abc", "订单号2024011513800138000", "金额 1.3800138000 万",
        "坐标 139.69170639, 35.6895", "2026-11-23 08:15:00 到 2026-11-24 09:30:00",
        "call 138-0013-800 now", "ID110105194912310021 (wrong check)"}) {
    const CellFacts f = facts(cell);
    EXPECT_FALSE(f.mobile_in_text || f.identity_in_text) << cell;
    EXPECT_EQ(f.kind, CellKind::plain) << cell;
  }
}

TEST(Detectors, MaskedNumbersAreNotRawIdentifiers) {
  for (const char* cell : {"110105********002X", "110105********002x", "110105******002"}) {
    EXPECT_EQ(kind(cell), CellKind::masked_identity_number) << cell;
  }
  for (const char* cell : {"138****0000", "138xxxx0000", "138 **** 0000", "1380000****"}) {
    EXPECT_EQ(kind(cell), CellKind::masked_mobile_number) << cell;
  }
  for (const char* cell : {"138****", "4111********1111", "12*3"}) {
    EXPECT_EQ(kind(cell), CellKind::plain) << cell;
  }
  EXPECT_FALSE(facts("用户 138****0000 已注销").mobile_in_text);
}

TEST(Detectors, DigitsAndWordsOfACellAreNoted) {
  EXPECT_TRUE(facts("n/a 3").has_digit);
  EXPECT_TRUE(facts(test::full_width("7")).has_digit);
  EXPECT_FALSE(facts("无").has_digit);
  EXPECT_FALSE(facts("\xEF\xBC\x8C").has_digit);  // a full-width comma is no digit
  EXPECT_TRUE(facts("无").has_word);
  EXPECT_TRUE(facts("x").has_word);
  EXPECT_FALSE(facts("12.50").has_word);
}

// Reference vectors of SipHash-2-4-128 (veorq/SipHash vectors.h): key 00..0f, message 00..(n-1).
TEST(SipHash, MatchesTheReferenceVectors) {
  const SipKey key{0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL};
  std::string message;
  for (int i = 0; i < 16; ++i) message.push_back(static_cast<char>(i));
  const Hash128 empty = siphash128(key, message.substr(0, 0));
  EXPECT_EQ(empty.lo, 0xe6a825ba047f81a3ULL);
  EXPECT_EQ(empty.hi, 0x930255c71472f66dULL);
  const Hash128 eight = siphash128(key, message.substr(0, 8));  // 3b62a9ba6258f561 0f83e264f31497b4
  EXPECT_EQ(eight.lo, 0x61f55862baa9623bULL);
  EXPECT_EQ(eight.hi, 0xb49714f364e2830fULL);
  const Hash128 nine = siphash128(key, message.substr(0, 9));  // 264499060ad9baab c47f8b02bb6d71ed
  EXPECT_EQ(nine.lo, 0xabbad90a06994426ULL);
  EXPECT_EQ(nine.hi, 0xed716dbb028b7fc4ULL);
}

void row(QiGroups& g, std::initializer_list<const char*> values) {
  g.begin_row();
  std::size_t i = 0;
  for (const char* v : values) {
    if (v != nullptr) g.set(i, v);
    ++i;
  }
  g.end_row();
}

TEST(QiGroups, SmallestGroupIsKMin) {
  QiGroups g(2, 100);
  for (int i = 0; i < 4; ++i) row(g, {"Xuhui", "30-39"});
  for (int i = 0; i < 2; ++i) row(g, {"Xuhui", "40-49"});
  row(g, {"Jing'an", "30-39"});
  EXPECT_EQ(g.k_min(), 1);
  EXPECT_EQ(g.groups(), 3u);
}

TEST(QiGroups, ValuesAreSeparatedUnambiguously) {
  QiGroups g(2, 100);
  row(g, {"ab", "c"});
  row(g, {"a", "bc"});
  row(g, {"", "abc"});
  row(g, {nullptr, "abc"});  // absent differs from empty
  EXPECT_EQ(g.groups(), 4u);
  EXPECT_EQ(g.k_min(), 1);
}

TEST(QiGroups, GroupsBeyondTheLimitAreNotCountedAndFlagged) {
  QiGroups g(1, 2);
  row(g, {"a"});
  row(g, {"a"});
  row(g, {"b"});
  EXPECT_FALSE(g.too_many_groups());
  row(g, {"c"});
  row(g, {"b"});
  EXPECT_TRUE(g.too_many_groups());
  EXPECT_EQ(g.groups(), 2u);
  EXPECT_EQ(g.k_min(), 2);
}

TEST(QiGroups, ManyGroupsSurviveTableGrowth) {
  QiGroups g(1, 1'000'000);
  for (int i = 0; i < 20000; ++i) {
    for (int r = 0; r < 3; ++r) row(g, {std::to_string(i).c_str()});
  }
  EXPECT_EQ(g.groups(), 20000u);
  EXPECT_EQ(g.k_min(), 3);
  EXPECT_FALSE(QiGroups(1, 10).k_min().has_value());
}

}  // namespace
}  // namespace dx::compliance::detail
