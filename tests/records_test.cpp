// API.md "Records": the records as an RFC 9162 Merkle tree with signed heads, proofs checked by an
// implementation of the RFC written here from its text, and the export/verify tool catching an
// edited, deleted or swapped record.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "crypto/crypto.hpp"
#include "store/db.hpp"
#include "test_util.hpp"

namespace dx::test {
namespace {

using nlohmann::json;
using Bytes = std::string;

// ---- RFC 9162 section 2.1, independently of the exchange's code ------------------------------
Bytes h(const Bytes& data) { return crypto::sha256(data); }
Bytes leaf_hash(const Bytes& leaf) { return h(std::string(1, '\0') + leaf); }
Bytes node(const Bytes& l, const Bytes& r) { return h(std::string(1, '\1') + l + r); }

// 2.1.3.2: verifying an inclusion proof.
bool rfc_inclusion(std::uint64_t leaf_index, std::uint64_t tree_size, Bytes hash,
                   const std::vector<Bytes>& inclusion_path, const Bytes& root_hash) {
  if (leaf_index >= tree_size) return false;
  std::uint64_t fn = leaf_index, sn = tree_size - 1;
  Bytes r = std::move(hash);
  for (const Bytes& p : inclusion_path) {
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      r = node(p, r);
      if ((fn & 1) == 0) {
        do {
          fn >>= 1;
          sn >>= 1;
        } while ((fn & 1) == 0 && fn != 0);
      }
    } else {
      r = node(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root_hash;
}

// 2.1.4.2: verifying consistency between two tree heads.
bool rfc_consistency(std::uint64_t first, std::uint64_t second, const Bytes& first_hash, const Bytes& second_hash,
                     std::vector<Bytes> path) {
  if (path.empty()) return false;
  if ((first & (first - 1)) == 0) path.insert(path.begin(), first_hash);
  std::uint64_t fn = first - 1, sn = second - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Bytes fr = path[0], sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Bytes& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      if ((fn & 1) == 0) {
        do {
          fn >>= 1;
          sn >>= 1;
        } while ((fn & 1) == 0 && fn != 0);
      }
    } else {
      sr = node(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == first_hash && sr == second_hash && sn == 0;
}

// 2.1.1: MTH computed straight from the leaves, for checking signed roots.
Bytes mth(const std::vector<Bytes>& leaves, std::size_t begin, std::size_t end) {
  const std::size_t n = end - begin;
  if (n == 0) return h("");
  if (n == 1) return leaf_hash(leaves[begin]);
  std::size_t k = 1;
  while (k * 2 < n) k *= 2;
  return node(mth(leaves, begin, begin + k), mth(leaves, begin + k, end));
}
// -------------------------------------------------------------------------------------------

std::vector<Bytes> unhex_all(const json& arr) {
  std::vector<Bytes> out;
  for (const auto& x : arr) out.push_back(*crypto::unhex(x.get<std::string>()));
  return out;
}

class RecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>();
    server_->start();
    admin_ = std::make_unique<HttpsClient>(server_->port());
    sign_in_admin(*admin_);
    HttpsClient user(server_->port());
    register_and_sign_in(user, unique_email("rec"));
    for (int i = 0; i < 9; ++i) user.post("/api/v1/api-keys", {{"name", "k" + std::to_string(i)}});
  }
  std::vector<Bytes> leaves() {
    std::vector<Bytes> out;
    for (const auto& r : all_records(*admin_)) out.push_back(*crypto::unbase64(r["leaf"].get<std::string>()));
    return out;
  }
  json head() {
    auto r = admin_->get("/api/v1/audit/head");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(*crypto::unbase64(r.json()["payload"].get<std::string>()));
  }
  std::pair<int, std::string> tool(const std::vector<std::string>& args) { return server_->run_command(args); }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpsClient> admin_;
};

TEST_F(RecordsTest, SignedHeadVerifiesWithStockOpenssl) {
  auto r = admin_->get("/api/v1/audit/head").json();
  const auto key = admin_->get("/api/v1/exchange/keys").json()["keys"][0];
  EXPECT_EQ(r["key_id"], key["key_id"]);
  const auto dir = server_->data_dir().parent_path();
  std::ofstream(dir / "pub.pem") << key["public_key_pem"].get<std::string>();
  std::ofstream(dir / "payload", std::ios::binary) << *crypto::unbase64(r["payload"].get<std::string>());
  std::ofstream(dir / "sig", std::ios::binary) << *crypto::unbase64(r["signature"].get<std::string>());
  const std::string cmd = "openssl pkeyutl -verify -pubin -inkey " + (dir / "pub.pem").string() + " -rawin -in " +
                          (dir / "payload").string() + " -sigfile " + (dir / "sig").string() + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  std::ofstream(dir / "payload", std::ios::binary | std::ios::app) << " ";
  EXPECT_NE(std::system(cmd.c_str()), 0);
}

TEST_F(RecordsTest, SignedRootIsTheRfc9162RootOfTheLeaves) {
  const auto l = leaves();
  const auto payload = head();
  EXPECT_EQ(payload["tree_size"], l.size());
  EXPECT_EQ(payload["root_hash"], crypto::hex(mth(l, 0, l.size())));
}

TEST_F(RecordsTest, EveryInclusionProofVerifies) {
  const auto l = leaves();
  const auto root = mth(l, 0, l.size());
  for (std::size_t seq = 1; seq <= l.size(); ++seq) {
    auto p = admin_->get("/api/v1/audit/proof/" + std::to_string(seq)).json();
    ASSERT_EQ(p["leaf_index"], seq - 1);
    ASSERT_EQ(p["tree_size"], l.size());
    EXPECT_TRUE(rfc_inclusion(seq - 1, l.size(), leaf_hash(l[seq - 1]), unhex_all(p["audit_path"]), root)) << seq;
    EXPECT_FALSE(rfc_inclusion(seq - 1, l.size(), leaf_hash(l[seq - 1] + "x"), unhex_all(p["audit_path"]), root));
  }
  // In an older, smaller tree too.
  auto p = admin_->get("/api/v1/audit/proof/3?tree_size=5").json();
  EXPECT_TRUE(rfc_inclusion(2, 5, leaf_hash(l[2]), unhex_all(p["audit_path"]), mth(l, 0, 5)));
}

TEST_F(RecordsTest, EveryConsistencyProofVerifies) {
  const auto l = leaves();
  const std::size_t n = l.size();
  for (std::size_t first = 1; first < n; ++first) {
    auto p = admin_->get("/api/v1/audit/consistency?first=" + std::to_string(first) + "&second=" + std::to_string(n)).json();
    EXPECT_TRUE(rfc_consistency(first, n, mth(l, 0, first), mth(l, 0, n), unhex_all(p["consistency_path"]))) << first;
  }
}

TEST_F(RecordsTest, ProofQueriesAreCheckedAndAuditorsOnly) {
  EXPECT_EQ(admin_->get("/api/v1/audit/proof/99999").status, 404);
  EXPECT_EQ(admin_->get("/api/v1/audit/proof/1?tree_size=0").status, 422);
  EXPECT_EQ(admin_->get("/api/v1/audit/consistency?second=2").status, 422);
  EXPECT_EQ(admin_->get("/api/v1/audit/consistency?first=5&second=2").status, 422);
  HttpsClient user(server_->port());
  register_and_sign_in(user, unique_email("nosy"));
  EXPECT_EQ(user.get("/api/v1/audit/head").status, 403);
  EXPECT_EQ(user.get("/api/v1/audit/proof/1").status, 403);
}

TEST_F(RecordsTest, ExportVerifiesAndAnEditedExportLineIsNamed) {
  head();  // a signed head in the log
  ASSERT_EQ(server_->stop_gracefully(), 0);
  const auto file = (server_->data_dir().parent_path() / "export.jsonl").string();
  auto [code, out] = tool({"records", "export", "--data-dir", server_->data_dir().string(), "--out", file});
  ASSERT_EQ(code, 0) << out;
  auto [vcode, vout] = tool({"records", "verify", file});
  EXPECT_EQ(vcode, 0) << vout;
  EXPECT_NE(vout.find("records verified"), std::string::npos);

  std::ifstream in(file);
  std::string text, all;
  int n = 0;
  while (std::getline(in, text)) {
    if (text.find("\"seq\":4,") != std::string::npos && ++n == 1) {
      const auto at = text.find("\"actor\":\"") + 9;
      text[at] = text[at] == 'a' ? 'b' : 'a';
    }
    all += text + "\n";
  }
  std::ofstream(file) << all;
  auto [bad, bout] = tool({"records", "verify", file});
  EXPECT_NE(bad, 0);
  EXPECT_NE(bout.find("first bad record: 4"), std::string::npos) << bout;
}

// GET /audit/export is written to a file and streamed from it: the body is the whole export, the
// same bytes the tool writes from the same log, and no file is left in the data directory.
TEST_F(RecordsTest, ExportOverHttpIsTheToolsExportAndLeavesNoFile) {
  head();
  for (int i = 0; i < 300; ++i)  // an export longer than one streamed chunk
    ASSERT_EQ(admin_->post("/api/v1/api-keys", {{"name", "key for a long export"}}).status, 201);
  const auto exported = admin_->get("/api/v1/audit/export");
  ASSERT_EQ(exported.status, 200);
  ASSERT_EQ(server_->stop_gracefully(), 0);
  const auto file = (server_->data_dir().parent_path() / "tool-export.jsonl").string();
  auto [code, out] = tool({"records", "export", "--data-dir", server_->data_dir().string(), "--out", file});
  ASSERT_EQ(code, 0) << out;
  std::ifstream in(file, std::ios::binary);
  const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_GT(exported.body.size(), 64u << 10);
  EXPECT_EQ(exported.body, written);
  for (const auto& entry : std::filesystem::directory_iterator(server_->data_dir()))
    EXPECT_EQ(entry.path().filename().string().rfind("export.", 0), std::string::npos) << entry.path();
}

TEST_F(RecordsTest, EventsAndExportFilterByTimeRange) {
  const auto all = all_records(*admin_);
  const std::string first_at = all.front()["at"], last_at = all.back()["at"];
  auto none = admin_->get("/api/v1/audit/events?from=2199-01-01T00:00:00Z").json();
  EXPECT_TRUE(none["items"].empty());
  auto some = admin_->get("/api/v1/audit/events?limit=500&from=" + first_at + "&to=" + last_at).json();
  EXPECT_EQ(some["items"].size(), all.size());
  EXPECT_EQ(admin_->get("/api/v1/audit/events?from=yesterday").status, 422);
  EXPECT_EQ(admin_->get("/api/v1/audit/events?from=2999-01-01T00:00:00Z").status, 422);
  auto exported = admin_->get("/api/v1/audit/export?to=1999-01-01T00:00:00Z");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.body.find("\"type\":\"record\""), std::string::npos);
  auto everything = admin_->get("/api/v1/audit/export");
  EXPECT_NE(everything.body.find("\"seq\":" + std::to_string(all.size()) + ","), std::string::npos);
}

class RecordsTamperTest : public RecordsTest {
 protected:
  void tamper(const std::string& sql) {
    head();
    ASSERT_EQ(server_->stop_gracefully(), 0);
    store::Db db(server_->data_dir() / "exchange.db", store::OpenMode::read_write_create);
    db.exec("DROP TRIGGER records_no_update; DROP TRIGGER records_no_delete;");
    db.exec(sql);
  }
  std::string verify_live() {
    auto [code, out] = tool({"records", "verify", "--data-dir", server_->data_dir().string()});
    EXPECT_NE(code, 0) << out;
    return out;
  }
};

TEST_F(RecordsTamperTest, IntactDataDirectoryVerifies) {
  head();
  ASSERT_EQ(server_->stop_gracefully(), 0);
  auto [code, out] = tool({"records", "verify", "--data-dir", server_->data_dir().string()});
  EXPECT_EQ(code, 0) << out;
}

TEST_F(RecordsTamperTest, OneEditedByteIsNamed) {
  tamper("UPDATE records SET actor = 'x' || substr(actor, 2) WHERE seq = 5");
  EXPECT_NE(verify_live().find("first bad record: 5"), std::string::npos);
}

TEST_F(RecordsTamperTest, ADeletedRecordIsNamed) {
  tamper("DELETE FROM records WHERE seq = 6");
  EXPECT_NE(verify_live().find("first bad record: 6"), std::string::npos);
}

TEST_F(RecordsTamperTest, TwoSwappedRecordsAreNamed) {
  tamper(
      "CREATE TEMP TABLE a AS SELECT * FROM records WHERE seq IN (3, 7);"
      "UPDATE records SET at = (SELECT at FROM a WHERE seq = 10 - records.seq),"
      " actor = (SELECT actor FROM a WHERE seq = 10 - records.seq),"
      " action = (SELECT action FROM a WHERE seq = 10 - records.seq),"
      " subject = (SELECT subject FROM a WHERE seq = 10 - records.seq),"
      " data = (SELECT data FROM a WHERE seq = 10 - records.seq),"
      " leaf = (SELECT leaf FROM a WHERE seq = 10 - records.seq),"
      " hash = (SELECT hash FROM a WHERE seq = 10 - records.seq) WHERE seq IN (3, 7);");
  EXPECT_NE(verify_live().find("first bad record: 3"), std::string::npos);
}

TEST_F(RecordsTamperTest, ARewrittenChainIsCaughtByTheSignedHead) {
  // Change record 2 and recompute every leaf and chain hash after it, as someone without the
  // exchange's signing key could: only the signed head still tells.
  head();
  ASSERT_EQ(server_->stop_gracefully(), 0);
  store::Db db(server_->data_dir() / "exchange.db", store::OpenMode::read_write_create);
  db.exec("DROP TRIGGER records_no_update;");
  auto rows = db.prepare("SELECT seq, at, actor, action, subject, data FROM records ORDER BY seq");
  std::string prev(32, '\0');
  std::vector<std::tuple<std::int64_t, std::string, std::string>> rewritten;
  while (rows.step()) {
    std::string actor = rows.text(2);
    if (rows.int64(0) == 2) actor = "acc_forged";
    const json leaf = {{"action", rows.text(3)}, {"actor", actor}, {"at", rows.text(1)},
                       {"data", json::parse(rows.text(5))}, {"seq", rows.int64(0)}, {"subject", rows.text(4)}};
    prev = crypto::sha256(prev + leaf.dump());
    rewritten.emplace_back(rows.int64(0), leaf.dump(), prev);
  }
  for (const auto& [seq, leaf, hash] : rewritten) {
    auto up = db.prepare("UPDATE records SET actor = json_extract(?, '$.actor'), leaf = ?, hash = ? WHERE seq = ?");
    up.bind(1, leaf).bind_blob(2, leaf).bind_blob(3, hash).bind(4, seq).run();
  }
  const auto out = verify_live();
  EXPECT_NE(out.find("do not match the exchange's signed head"), std::string::npos) << out;
}

TEST(RecordsHeads, HeadsAreSignedOnTheirOwnWhileRecordsAreAdded) {
  ServerProcess server(nlohmann::json{{"records", {{"head_interval_s", 1}}}});
  server.start();
  HttpsClient user(server.port());
  register_and_sign_in(user, unique_email("heads"));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ASSERT_EQ(server.stop_gracefully(), 0);
  const auto file = (server.data_dir().parent_path() / "heads.jsonl").string();
  ASSERT_EQ(server.run_command({"records", "export", "--data-dir", server.data_dir().string(), "--out", file}).first, 0);
  std::ifstream in(file);
  std::string line;
  int heads = 0;
  while (std::getline(in, line)) heads += line.find("\"type\":\"head\"") != std::string::npos;
  EXPECT_GE(heads, 1);
  EXPECT_EQ(server.run_command({"records", "verify", file}).first, 0);
}

}  // namespace
}  // namespace dx::test
