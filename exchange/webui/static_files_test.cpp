#include "webui/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace dx::webui {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dx-static-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "web" / "js" / "screens");
    std::ofstream(dir_ / "web" / "index.html") << "<!doctype html>";
    std::ofstream(dir_ / "web" / "js" / "screens" / "home.js") << "export {};";
    std::ofstream(dir_ / "web" / "notes.md") << "notes";
    std::ofstream(dir_ / "outside.js") << "secret";
    fs::create_symlink(dir_ / "outside.js", dir_ / "web" / "js" / "link.js");
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST(StaticSegments, OnlyPlainNamesArePlain) {
  EXPECT_TRUE(is_plain_segment("app.js"));
  EXPECT_TRUE(is_plain_segment("kyc_queue-2.js"));
  using namespace std::string_literals;
  for (const auto& bad :
       {""s, "."s, ".."s, ".hidden"s, "a/b"s, "a\\b"s, "%2e%2e"s, "a b"s, "a\0b"s, "ä.js"s})
    EXPECT_FALSE(is_plain_segment(bad)) << bad;
  EXPECT_FALSE(is_plain_segment(std::string(101, 'a')));
}

TEST(StaticTypes, TheUiKindsOfFileHaveTheirMediaTypes) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("app.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("favicon.svg"), "image/svg+xml");
  EXPECT_FALSE(content_type_for("README.md"));
  EXPECT_FALSE(content_type_for("exchanged"));
}

TEST_F(StaticFilesTest, ServesFilesBelowTheRootWithADigestETag) {
  StaticFiles files(dir_ / "web");
  ASSERT_TRUE(files.available());
  auto home = files.load({"js", "screens", "home.js"});
  ASSERT_TRUE(home);
  EXPECT_EQ(home->body, "export {};");
  EXPECT_EQ(home->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(home->etag.size(), 34u);
  EXPECT_EQ(home->etag, files.load({"js", "screens", "home.js"})->etag);
  EXPECT_NE(home->etag, files.load({"index.html"})->etag);
}

TEST_F(StaticFilesTest, RefusesTraversalLinksOutOtherKindsAndMissingFiles) {
  StaticFiles files(dir_ / "web");
  EXPECT_FALSE(files.load({"..", "outside.js"}));
  EXPECT_FALSE(files.load({"js", "..", "..", "outside.js"}));
  EXPECT_FALSE(files.load({"js", "link.js"}));
  EXPECT_FALSE(files.load({"notes.md"}));
  EXPECT_FALSE(files.load({"js", "missing.js"}));
  EXPECT_FALSE(files.load({"js"}));
  EXPECT_FALSE(files.load({}));
}

TEST(StaticRoot, AMissingRootServesNothing) {
  StaticFiles files("/nonexistent/web/root");
  EXPECT_FALSE(files.available());
  EXPECT_FALSE(files.load({"index.html"}));
}

}  // namespace
}  // namespace dx::webui
