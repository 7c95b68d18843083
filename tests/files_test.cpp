// API.md "Files": uploads streamed, encrypted at rest, addressed by SHA-256, readable by their
// owner and staff only.
#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "test_util.hpp"

namespace dx::test {
namespace {

class FilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(nlohmann::json{{"limits", {{"upload_bytes", 3 * 1024 * 1024}}}});
    server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
};
ServerProcess* FilesTest::server_ = nullptr;

std::string csv(std::size_t rows, const std::string& marker) {
  std::string s = "id,district,value\n";
  for (std::size_t i = 0; i < rows; ++i)
    s += std::to_string(i) + "," + marker + "," + std::to_string(i * 7 % 1000) + "\n";
  return s;
}

HttpResponse upload(HttpsClient& c, const std::string& body, const std::string& type = "text/csv") {
  return c.request("POST", "/api/v1/files", body, {{"Content-Type", type}, {"X-File-Name", "traffic.csv"}});
}

TEST_F(FilesTest, UploadAnswersIdHashAndSizeAndOwnerDownloadsTheSameBytes) {
  HttpsClient c(server_->port());
  register_and_sign_in(c, unique_email("uploader"));
  const std::string body = csv(20000, "Xuhui");  // several encryption segments
  auto r = upload(c, body);
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["sha256"], crypto::hex(crypto::sha256(body)));
  EXPECT_EQ(j["size_bytes"], body.size());
  EXPECT_EQ(j["content_type"], "text/csv");
  EXPECT_EQ(j["file_name"], "traffic.csv");
  auto d = c.get("/api/v1/files/" + j["id"].get<std::string>());
  ASSERT_EQ(d.status, 200);
  EXPECT_EQ(d.body, body);
  EXPECT_EQ(d.header("x-content-sha256"), j["sha256"]);
  EXPECT_EQ(d.header("content-type"), "text/csv");
}

TEST_F(FilesTest, EmptyFileRoundTrips) {
  HttpsClient c(server_->port());
  register_and_sign_in(c, unique_email("empty"));
  auto r = upload(c, "");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(c.get("/api/v1/files/" + r.json()["id"].get<std::string>()).body, "");
}

TEST_F(FilesTest, ContentIsEncryptedAtRest) {
  HttpsClient c(server_->port());
  register_and_sign_in(c, unique_email("secret"));
  const std::string marker = "plaintext-marker-5f1c2a";
  ASSERT_EQ(upload(c, csv(100, marker)).status, 201);
  EXPECT_FALSE(occurs_in_tree(server_->data_dir(), marker));
}

TEST_F(FilesTest, OthersGet404AndStaffMayRead) {
  HttpsClient owner(server_->port()), other(server_->port()), admin(server_->port());
  register_and_sign_in(owner, unique_email("own"));
  register_and_sign_in(other, unique_email("peek"));
  sign_in_admin(admin);
  const std::string id = upload(owner, "a,b\n1,2\n").json()["id"];
  EXPECT_EQ(other.get("/api/v1/files/" + id).status, 404);
  EXPECT_EQ(admin.get("/api/v1/files/" + id).status, 200);
  EXPECT_EQ(owner.get("/api/v1/files/file_unknown").status, 404);
}

TEST_F(FilesTest, SameContentTwiceGivesTwoFilesOverOneBlob) {
  HttpsClient c(server_->port());
  register_and_sign_in(c, unique_email("twice"));
  auto a = upload(c, "same,content\n").json();
  auto b = upload(c, "same,content\n").json();
  EXPECT_NE(a["id"], b["id"]);
  EXPECT_EQ(a["sha256"], b["sha256"]);
  EXPECT_EQ(c.get("/api/v1/files/" + b["id"].get<std::string>()).body, "same,content\n");
}

TEST_F(FilesTest, MissingContentTypeIs415) {
  HttpsClient c(server_->port());
  register_and_sign_in(c, unique_email("notype"));
  auto r = c.request("POST", "/api/v1/files", "abc");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(r.json()["code"], "unsupported_media_type");
}

TEST_F(FilesTest, UploadOverTheLimitIs413) {
  HttpsClient c(server_->port());
  register_and_sign_in(c, unique_email("huge"));
  auto r = upload(c, std::string(4 * 1024 * 1024, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.json()["code"], "payload_too_large");
}

TEST_F(FilesTest, UploadWithoutCredentialsIs401) {
  HttpsClient c(server_->port());
  EXPECT_EQ(upload(c, "a,b\n").status, 401);
}

}  // namespace
}  // namespace dx::test
