#include "crypto/crypto.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "crypto/test_support.hpp"

namespace dx::crypto {
namespace {

// ---- hashes -------------------------------------------------------------------------------------

TEST(Hashes, Sha256OfAbcMatchesFips180Vector) {
  const auto digest = sha256("abc");

  EXPECT_EQ(hex(digest), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hashes, IncrementalSha256EqualsOneShot) {
  Sha256 h;
  h.update("a");
  h.update("bc");

  EXPECT_EQ(h.finish(), sha256("abc"));
}

TEST(Hashes, HmacSha256MatchesRfc4231TestCase2) {
  const auto mac = hmac_sha256("Jefe", "what do ya want for nothing?");

  EXPECT_EQ(hex(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// ---- encoding -----------------------------------------------------------------------------------

TEST(Encoding, Base64MatchesRfc4648Section10Vectors) {
  const std::vector<std::pair<std::string, std::string>> vectors = {{"", ""},
                                                                    {"f", "Zg=="},
                                                                    {"fo", "Zm8="},
                                                                    {"foo", "Zm9v"},
                                                                    {"foob", "Zm9vYg=="},
                                                                    {"fooba", "Zm9vYmE="},
                                                                    {"foobar", "Zm9vYmFy"}};

  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64(plain), encoded);
    EXPECT_EQ(unbase64(encoded), plain);
  }
}

TEST(Encoding, Unbase64RejectsBadCharactersLengthsAndPadding) {
  const std::vector<std::string> garbage = {"Zm9v!AAA", "Zm9",  "Z=9v", "Zm9v====",
                                            "Zg=a",     "=Zg=", "Zm 9", "Zm9\n",
                                            "Zh==",     "Zm9=", "Z===", "-_AA"};

  for (const auto& text : garbage) EXPECT_FALSE(unbase64(text)) << text;
}

TEST(Encoding, Base64UrlUsesUrlSafeAlphabetWithoutPadding) {
  const auto encoded = base64url(std::string("\xfb\xff\xfe\x01", 4));

  EXPECT_EQ(encoded, "-__-AQ");
}

TEST(Encoding, HexRoundTripsEveryByteValueInLowercase) {
  std::string all(256, '\0');
  for (int i = 0; i < 256; ++i) all[static_cast<std::size_t>(i)] = static_cast<char>(i);

  const auto text = hex(all);

  EXPECT_EQ(text.substr(0x1a * 2, 4), "1a1b");
  EXPECT_EQ(unhex(text), all);
  EXPECT_EQ(unhex("ABCDEF"), unhex("abcdef"));
}

TEST(Encoding, UnhexRejectsOddLengthOrNonHexCharacters) {
  EXPECT_FALSE(unhex("abc"));
  EXPECT_FALSE(unhex("zz"));
  EXPECT_FALSE(unhex("0x"));
}

TEST(Encoding, ConstantTimeEqualComparesLengthAndContents) {
  EXPECT_TRUE(constant_time_equal("same", "same"));
  EXPECT_FALSE(constant_time_equal("same", "sane"));
  EXPECT_FALSE(constant_time_equal("same", "same!"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(Encoding, RandomBytesHaveTheRequestedLengthAndDiffer) {
  EXPECT_EQ(random_bytes(0), "");
  EXPECT_EQ(random_bytes(33).size(), 33u);
  EXPECT_NE(random_bytes(32), random_bytes(32));
}

// ---- passwords ----------------------------------------------------------------------------------

constexpr KdfParams kFast{10, 8, 1};

TEST(Passwords, RightPasswordVerifies) {
  const auto encoded = hash_password("correct horse battery staple", kFast);

  EXPECT_TRUE(verify_password("correct horse battery staple", encoded));
}

TEST(Passwords, WrongPasswordDoesNotVerify) {
  const auto encoded = hash_password("correct horse battery staple", kFast);

  EXPECT_FALSE(verify_password("correct horse battery stapler", encoded));
  EXPECT_FALSE(verify_password("", encoded));
}

TEST(Passwords, EncodedFormCarriesParametersSaltAndHash) {
  const auto encoded = hash_password("pw", kFast);

  ASSERT_EQ(encoded.rfind("$scrypt$ln=10,r=8,p=1$", 0), 0u);
  const auto salt_and_hash = encoded.substr(std::string("$scrypt$ln=10,r=8,p=1$").size());
  const auto dollar = salt_and_hash.find('$');
  EXPECT_EQ(unbase64(salt_and_hash.substr(0, dollar))->size(), 16u);
  EXPECT_EQ(unbase64(salt_and_hash.substr(dollar + 1))->size(), 32u);
}

TEST(Passwords, VerifiesTheRfc7914TestVector) {
  // RFC 7914 section 12: scrypt("password", "NaCl", N=1024, r=8, p=16), first 32 bytes.
  const auto hash = unhex("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162");
  const auto encoded = "$scrypt$ln=10,r=8,p=16$" + base64("NaCl") + "$" + base64(*hash);

  EXPECT_TRUE(verify_password("password", encoded));
  EXPECT_FALSE(verify_password("Password", encoded));
}

TEST(Passwords, SaltMakesTwoHashesOfOnePasswordDiffer) {
  const auto first = hash_password("same password", kFast);
  const auto second = hash_password("same password", kFast);

  EXPECT_NE(first, second);
  EXPECT_TRUE(verify_password("same password", second));
}

TEST(Passwords, MalformedEncodingsNeverVerify) {
  const auto good = hash_password("x", kFast);
  const std::vector<std::string> malformed = {
      "",
      "$pbkdf2$whatever",
      good.substr(0, good.size() - 4),
      good + "$",
      good + " trailing",
      " " + good,
      "$scrypt$ln=10,r=8$" + base64("salt") + "$" + good.substr(good.rfind('$') + 1),
      "$scrypt$ln=10,r=8,p=1,x=1$" + base64("salt") + "$" + good.substr(good.rfind('$') + 1),
      "$scrypt$ln=+10,r=8,p=1$" + base64("salt") + "$" + good.substr(good.rfind('$') + 1),
      "$scrypt$ln=10,r=8,p=1$$" + good.substr(good.rfind('$') + 1),
      "$scrypt$ln=10,r=8,p=1$!!!!$" + good.substr(good.rfind('$') + 1),
      "$scrypt$ln=10,r=8,p=1$" + base64("salt") + "$" + base64("short hash"),
  };

  for (const auto& encoded : malformed) EXPECT_FALSE(verify_password("x", encoded)) << encoded;
}

TEST(Passwords, UnreasonableParametersNeverVerify) {
  const std::string tail = "$" + base64("salt") + "$" + base64(std::string(32, 'h'));
  const std::vector<std::string> params = {
      "ln=9,r=8,p=1",  "ln=21,r=8,p=1",          "ln=30,r=8,p=1",  "ln=10,r=0,p=1",
      "ln=10,r=8,p=0", "ln=10,r=-8,p=1",         "ln=10,r=8,p=17", "ln=20,r=16,p=1",
      "ln=20,r=8,p=2", "ln=10,r=99999999999,p=1"};

  for (const auto& p : params) EXPECT_FALSE(verify_password("x", "$scrypt$" + p + tail)) << p;
}

TEST(Passwords, HashingRefusesUnreasonableParameters) {
  EXPECT_THROW(hash_password("x", KdfParams{9, 8, 1}), std::invalid_argument);
  EXPECT_THROW(hash_password("x", KdfParams{15, 0, 1}), std::invalid_argument);
}

TEST(Passwords, DefaultWorkFactorRoundTrips) {
  const auto encoded = hash_password("default cost", KdfParams{});

  EXPECT_EQ(encoded.rfind("$scrypt$ln=15,r=8,p=1$", 0), 0u);
  EXPECT_TRUE(verify_password("default cost", encoded));
}

// ---- tokens -------------------------------------------------------------------------------------

TEST(Tokens, TokenIsPrefixThen256BitsInBase64Url) {
  const auto token = new_token("dxs_");

  ASSERT_EQ(token.rfind("dxs_", 0), 0u);
  const auto body = token.substr(4);
  EXPECT_EQ(body.size(), 43u);  // ceil(256 / 6)
  EXPECT_EQ(
      body.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
}

TEST(Tokens, TwoTokensDiffer) { EXPECT_NE(new_token("dxk_"), new_token("dxk_")); }

TEST(Tokens, DigestIsSha256OfTheWholeToken) {
  const auto token = new_token("dxk_");

  EXPECT_EQ(token_digest(token), sha256(token));
  EXPECT_EQ(token_digest(token).size(), 32u);
}

// ---- authenticated encryption -------------------------------------------------------------------

TEST(Aead, SealedValueOpensWithTheSameKeyAndAad) {
  const Bytes key = random_bytes(32);

  const auto sealed = seal(key, "110105194912310021", "submission-1");

  EXPECT_EQ(sealed.size(), 12u + 18u + 16u);
  EXPECT_EQ(sealed.find("110105194912310021"), std::string::npos);
  EXPECT_EQ(open(key, sealed, "submission-1"), "110105194912310021");
}

TEST(Aead, EmptyValueAndEmptyAadRoundTrip) {
  const Bytes key = random_bytes(32);

  EXPECT_EQ(open(key, seal(key, "")), "");
  EXPECT_EQ(open(key, seal(key, "v")), "v");
}

TEST(Aead, SealingTwiceUsesFreshNonces) {
  const Bytes key = random_bytes(32);

  EXPECT_NE(seal(key, "same"), seal(key, "same"));
}

TEST(Aead, AnyFlippedByteFailsToOpen) {
  const Bytes key = random_bytes(32);
  const auto sealed = seal(key, "secret value", "aad");

  for (std::size_t i = 0; i < sealed.size(); ++i) {
    auto altered = sealed;
    altered[i] ^= 0x01;
    EXPECT_FALSE(open(key, altered, "aad")) << "byte " << i;
  }
}

TEST(Aead, WrongKeyOtherAadOrShortInputFailToOpen) {
  const Bytes key = random_bytes(32);
  const auto sealed = seal(key, "secret", "a");

  EXPECT_FALSE(open(random_bytes(32), sealed, "a"));
  EXPECT_FALSE(open(key, sealed, "b"));
  EXPECT_FALSE(open(key, sealed));
  EXPECT_FALSE(open(key, sealed.substr(0, 27), "a"));
  EXPECT_FALSE(open(key, "", "a"));
}

TEST(Aead, KeyOfWrongSizeIsRefused) {
  EXPECT_THROW(seal(random_bytes(16), "x"), std::invalid_argument);
  EXPECT_THROW(open(random_bytes(31), std::string(40, 'x')), std::invalid_argument);
}

// ---- random access to sealed files --------------------------------------------------------------

class SegmentReaderTest : public ::testing::Test {
 protected:
  // 3 whole segments and a partial final one, in bytes that differ per position.
  void SetUp() override {
    std::mt19937 rng(5);
    plain_.resize(3 * kSegmentSize + 1234);
    for (auto& c : plain_) c = static_cast<char>(rng());
    seal(plain_);
  }
  void seal(std::string_view plain) {
    FileEncryptor encryptor(path(), key_);
    encryptor.write(plain);
    encryptor.finish();
  }
  std::filesystem::path path() const { return dir_.path() / "sealed"; }
  std::string expected(std::uint32_t i) const {
    return plain_.substr(i * kSegmentSize, kSegmentSize);
  }

  testing::TempDir dir_;
  Bytes key_ = random_bytes(32);
  std::string plain_;
};

TEST_F(SegmentReaderTest, ReadsAnySegmentInAnyOrder) {
  SegmentReader reader(path(), key_);
  EXPECT_EQ(reader.plaintext_size(), plain_.size());
  ASSERT_EQ(reader.segment_count(), 4u);
  Bytes out;
  for (std::uint32_t i : {2u, 0u, 3u, 1u, 2u}) {
    reader.read(i, out);
    EXPECT_EQ(out, expected(i)) << "segment " << i;
  }
  EXPECT_EQ(out.size(), kSegmentSize);
  reader.read(3, out);
  EXPECT_EQ(out.size(), 1234u);  // the final, partial segment
  EXPECT_THROW(reader.read(4, out), std::out_of_range);
}

TEST_F(SegmentReaderTest, AFinalSegmentThatIsWholeAndAnEmptyFileRead) {
  seal(std::string_view(plain_).substr(0, 2 * kSegmentSize));
  SegmentReader whole(path(), key_);
  EXPECT_EQ(whole.plaintext_size(), 2 * kSegmentSize);
  ASSERT_EQ(whole.segment_count(), 2u);
  Bytes out;
  whole.read(1, out);
  EXPECT_EQ(out, expected(1));

  seal("");
  SegmentReader empty(path(), key_);
  EXPECT_EQ(empty.plaintext_size(), 0u);
  EXPECT_EQ(empty.segment_count(), 1u);
}

TEST_F(SegmentReaderTest, AFlippedByteFailsItsSegmentOnly) {
  auto sealed = testing::read_file(path());
  sealed[12 + (kSegmentSize + 16) + 100] ^= 1;  // inside segment 1
  testing::write_file(path(), sealed);
  SegmentReader reader(path(), key_);
  Bytes out;
  EXPECT_THROW(reader.read(1, out), std::runtime_error);
  EXPECT_TRUE(out.empty());  // nothing unauthenticated is handed out
  reader.read(2, out);
  EXPECT_EQ(out, expected(2));
}

TEST_F(SegmentReaderTest, TruncationAndAWrongKeyFailToOpen) {
  const auto sealed = testing::read_file(path());
  testing::write_file(path(), sealed.substr(0, 12 + 3 * (kSegmentSize + 16)));  // at a boundary
  EXPECT_THROW(SegmentReader(path(), key_), std::runtime_error);
  testing::write_file(path(), sealed.substr(0, sealed.size() - 1));
  EXPECT_THROW(SegmentReader(path(), key_), std::runtime_error);
  testing::write_file(path(), sealed.substr(0, 12 + 3 * (kSegmentSize + 16) + 5));  // no tag
  EXPECT_THROW(SegmentReader(path(), key_), std::runtime_error);
  testing::write_file(path(), sealed.substr(0, 12));
  EXPECT_THROW(SegmentReader(path(), key_), std::runtime_error);
  testing::write_file(path(), sealed);
  EXPECT_THROW(SegmentReader(path(), random_bytes(32)), std::runtime_error);
  EXPECT_THROW(SegmentReader(path(), "short"), std::invalid_argument);
}

TEST_F(SegmentReaderTest, SwappedSegmentsFailToRead) {
  auto sealed = testing::read_file(path());
  const std::size_t s = kSegmentSize + 16;
  std::swap_ranges(sealed.begin() + 12, sealed.begin() + 12 + s, sealed.begin() + 12 + s);
  testing::write_file(path(), sealed);
  SegmentReader reader(path(), key_);
  Bytes out;
  EXPECT_THROW(reader.read(0, out), std::runtime_error);
  EXPECT_THROW(reader.read(1, out), std::runtime_error);
}

}  // namespace
}  // namespace dx::crypto
