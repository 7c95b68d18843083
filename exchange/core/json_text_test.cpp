#include "core/json_text.hpp"

#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

namespace dx {
namespace {

using nlohmann::json;

std::string dumped(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::strict); }

std::string escaped(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonText, StringsAreEscapedAsNlohmannDumpsThem) {
  for (int c = 0; c < 0x80; ++c) {
    const std::string s = "a" + std::string(1, static_cast<char>(c)) + "z";
    EXPECT_EQ(escaped(s), dumped(json(s))) << c;
  }
  for (const std::string s : {"", "科研用途", "déjà vu", "emoji 😀", "tab\tquote\"back\\slash", "\x7f"})
    EXPECT_EQ(escaped(s), dumped(json(s))) << s;
}

TEST(JsonText, RandomUtf8StringsMatchNlohmann) {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"a", "Z", "0", " ", "\"", "\\", "\n", "\x01", "\x1f", "/", "é", "中", "😀", "\x7f"};
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    for (int n = rng() % 12; n > 0; --n) s += pieces[rng() % pieces.size()];
    EXPECT_EQ(escaped(s), dumped(json(s))) << s;
  }
}

TEST(JsonText, ADocumentWithSortedKeysIsTheDumpOfTheSameJson) {
  JsonText t;
  t.begin_object()
      .key("a").value(std::int64_t{-5})
      .key("b").begin_array().value("x").null().value(true).begin_object().end_object().end_array()
      .key("c").begin_object().key("d").value(false).key("e").raw(R"({"f":[1,2]})").end_object()
      .key("g").begin_array().end_array()
      .key("h").value(std::int64_t{9'007'199'254'740'993})
      .end_object();
  const json same = {{"a", -5}, {"b", {"x", nullptr, true, json::object()}}, {"c", {{"d", false}, {"e", {{"f", {1, 2}}}}}},
                     {"g", json::array()}, {"h", 9'007'199'254'740'993}};
  EXPECT_EQ(t.text(), dumped(same));
}

}  // namespace
}  // namespace dx
