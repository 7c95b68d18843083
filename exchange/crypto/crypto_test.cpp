#include "crypto/crypto.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <random>
#include <sstream>

namespace dx::crypto {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("dx-crypto-" + hex(random_bytes(8)))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& data) { std::ofstream(p, std::ios::binary) << data; }

std::string decrypt_all(const fs::path& p, const Bytes& key) {
  FileDecryptor dec(p, key);
  std::string out;
  while (auto chunk = dec.next()) out += *chunk;
  return out;
}

TEST(Hashes, Sha256OfAbcMatchesTheStandardVector) {
  EXPECT_EQ(hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hashes, IncrementalSha256EqualsOneShot) {
  Sha256 h;
  h.update("a");
  h.update("bc");
  EXPECT_EQ(h.finish(), sha256("abc"));
}

TEST(Hashes, HmacSha256MatchesRfc4231Case2) {
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Encoding, Base64MatchesRfc4648Vectors) {
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64(plain), encoded);
    EXPECT_EQ(unbase64(encoded), plain);
  }
}

TEST(Encoding, Unbase64RejectsGarbage) {
  EXPECT_FALSE(unbase64("Zm9v!"));
  EXPECT_FALSE(unbase64("Zm9"));
  EXPECT_FALSE(unbase64("Z=9v"));
}

TEST(Encoding, HexRoundTripsAndRejectsOddOrForeignText) {
  const Bytes b = random_bytes(33);
  EXPECT_EQ(unhex(hex(b)), b);
  EXPECT_FALSE(unhex("abc"));
  EXPECT_FALSE(unhex("zz"));
}

TEST(Encoding, Base64UrlHasNoPaddingOrUnsafeCharacters) {
  const std::string s = base64url(std::string("\xfb\xff\xfe", 3));
  EXPECT_EQ(s, "-__-");
}

TEST(Passwords, RightPasswordVerifiesAndWrongOneDoesNot) {
  const auto encoded = hash_password("correct horse battery", {10, 8, 1});
  EXPECT_EQ(encoded.rfind("$scrypt$ln=10,r=8,p=1$", 0), 0u);
  EXPECT_TRUE(verify_password("correct horse battery", encoded));
  EXPECT_FALSE(verify_password("correct horse batterx", encoded));
}

TEST(Passwords, SaltMakesTwoHashesOfOnePasswordDiffer) {
  EXPECT_NE(hash_password("same password", {10, 8, 1}), hash_password("same password", {10, 8, 1}));
}

TEST(Passwords, MalformedOrUnreasonableEncodingsNeverVerify) {
  EXPECT_FALSE(verify_password("x", ""));
  EXPECT_FALSE(verify_password("x", "$scrypt$ln=30,r=8,p=1$AAAA$AAAA"));
  EXPECT_FALSE(verify_password("x", "$pbkdf2$whatever"));
}

TEST(Passwords, DefaultWorkFactorRoundTrips) {
  const auto encoded = hash_password("default cost", KdfParams{});
  EXPECT_TRUE(verify_password("default cost", encoded));
}

TEST(Tokens, CarryPrefixAnd256RandomBits) {
  const auto t = new_token("dxs_");
  EXPECT_EQ(t.rfind("dxs_", 0), 0u);
  EXPECT_EQ(t.size(), 4u + 43u);
  EXPECT_NE(t, new_token("dxs_"));
  EXPECT_EQ(token_digest(t), sha256(t));
}

TEST(Aead, SealedValueOpensWithTheSameKeyAndAad) {
  const Bytes key = random_bytes(32);
  const auto sealed = seal(key, "110105194912310021", "submission-1");
  EXPECT_EQ(sealed.find("110105194912310021"), std::string::npos);
  EXPECT_EQ(open(key, sealed, "submission-1"), "110105194912310021");
}

TEST(Aead, TamperingWrongKeyOrOtherAadFailToOpen) {
  const Bytes key = random_bytes(32);
  auto sealed = seal(key, "secret", "a");
  EXPECT_FALSE(open(random_bytes(32), sealed, "a"));
  EXPECT_FALSE(open(key, sealed, "b"));
  sealed[14] ^= 1;
  EXPECT_FALSE(open(key, sealed, "a"));
  EXPECT_FALSE(open(key, "short", "a"));
  EXPECT_THROW(seal("short key", "x"), std::invalid_argument);
}

class FileCipherSizes : public ::testing::TestWithParam<std::size_t> {};

TEST_P(FileCipherSizes, RoundTripsInAnyChunking) {
  TempDir dir;
  const Bytes key = random_bytes(32);
  std::mt19937 rng(static_cast<unsigned>(GetParam()));
  std::string plain(GetParam(), '\0');
  for (auto& c : plain) c = static_cast<char>(rng());
  FileEncryptor enc(dir.path() / "f", key);
  for (std::size_t off = 0; off < plain.size();) {
    const std::size_t n = std::min<std::size_t>(plain.size() - off, 1 + rng() % 100000);
    enc.write(std::string_view(plain).substr(off, n));
    off += n;
  }
  EXPECT_EQ(enc.finish(), plain.size());
  EXPECT_EQ(decrypt_all(dir.path() / "f", key), plain);
}

INSTANTIATE_TEST_SUITE_P(Sizes, FileCipherSizes,
                         ::testing::Values(0, 1, 65535, 65536, 65537, 200000, (1u << 20) + 3));

class FileCipherTamper : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = random_bytes(32);
    plain_ = std::string(3 * kSegmentSize + 100, 'p');
    FileEncryptor enc(path(), key_);
    enc.write(plain_);
    enc.finish();
    sealed_ = read_file(path());
  }
  fs::path path() const { return dir_.path() / "f"; }
  void expect_detected(const std::string& altered) {
    write_file(path(), altered);
    EXPECT_THROW(decrypt_all(path(), key_), std::runtime_error);
  }
  TempDir dir_;
  Bytes key_;
  std::string plain_, sealed_;
};

TEST_F(FileCipherTamper, FlippedByteIsDetected) {
  auto s = sealed_;
  s[s.size() / 2] ^= 0x20;
  expect_detected(s);
}

TEST_F(FileCipherTamper, TruncationAtASegmentBoundaryIsDetected) {
  expect_detected(sealed_.substr(0, 12 + 2 * (kSegmentSize + 16)));
}

TEST_F(FileCipherTamper, TruncationInsideASegmentIsDetected) { expect_detected(sealed_.substr(0, sealed_.size() - 5)); }

TEST_F(FileCipherTamper, BytesAfterTheFinalSegmentAreDetected) { expect_detected(sealed_ + "extra"); }

TEST_F(FileCipherTamper, SwappedSegmentsAreDetected) {
  const std::size_t seg = kSegmentSize + 16;
  auto s = sealed_;
  std::swap_ranges(s.begin() + 12, s.begin() + 12 + static_cast<long>(seg), s.begin() + 12 + static_cast<long>(seg));
  expect_detected(s);
}

TEST_F(FileCipherTamper, WrongKeyIsDetected) {
  EXPECT_THROW(decrypt_all(path(), random_bytes(32)), std::runtime_error);
}

TEST(KeyFiles, SecretIsCreatedWithMode0600AndReloaded) {
  TempDir dir;
  const auto p = dir.path() / "keys" / "master.key";
  const auto a = load_or_create_secret(p, 32);
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(load_or_create_secret(p, 32), a);
  EXPECT_THROW(load_or_create_secret(p, 16), std::runtime_error);
}

TEST(KeyFiles, SelfSignedCertificateIsMadeOnceWithAPrivateKey) {
  TempDir dir;
  const auto cert = dir.path() / "tls" / "cert.pem", key = dir.path() / "tls" / "key.pem";
  ensure_self_signed_certificate(cert, key, "localhost");
  const auto first = read_file(cert);
  EXPECT_NE(first.find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_NE(read_file(key).find("PRIVATE KEY"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ensure_self_signed_certificate(cert, key, "localhost");
  EXPECT_EQ(read_file(cert), first);
}

TEST(Signatures, SignatureVerifiesAndAChangedMessageDoesNot) {
  TempDir dir;
  const auto k = SigningKey::load_or_create(dir.path() / "sign.pem");
  const auto sig = k.sign("payload");
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_TRUE(verify_signature(k.public_key_pem(), "payload", sig));
  EXPECT_FALSE(verify_signature(k.public_key_pem(), "payloaD", sig));
}

TEST(Signatures, KeyPersistsAcrossLoads) {
  TempDir dir;
  const auto a = SigningKey::load_or_create(dir.path() / "sign.pem");
  const auto b = SigningKey::load_or_create(dir.path() / "sign.pem");
  EXPECT_EQ(a.key_id(), b.key_id());
  EXPECT_EQ(a.key_id().size(), 16u);
  EXPECT_TRUE(verify_signature(b.public_key_pem(), "m", a.sign("m")));
}

}  // namespace
}  // namespace dx::crypto
