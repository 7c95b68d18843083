#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "crypto/crypto.hpp"
#include "crypto/test_support.hpp"

namespace dx::crypto {
namespace {

using testing::mode_of;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

namespace fs = std::filesystem;

constexpr std::size_t kHeader = 12;
constexpr std::size_t kSealedSegment = kSegmentSize + 16;

std::string random_text(std::size_t size, unsigned seed) {
  std::mt19937 rng(seed);
  std::string text(size, '\0');
  for (auto& c : text) c = static_cast<char>(rng());
  return text;
}

std::string decrypt_all(const fs::path& path, const Bytes& key) {
  FileDecryptor decryptor(path, key);
  std::string out;
  while (auto segment = decryptor.next()) out += *segment;
  return out;
}

std::uint64_t encrypt_in_random_chunks(const fs::path& path, const Bytes& key,
                                       std::string_view plain, unsigned seed) {
  std::mt19937 rng(seed);
  FileEncryptor encryptor(path, key);
  while (!plain.empty()) {
    const std::size_t n = std::min<std::size_t>(plain.size(), 1 + rng() % 100'000);
    encryptor.write(plain.substr(0, n));
    plain.remove_prefix(n);
  }
  return encryptor.finish();
}

// ---- round trips --------------------------------------------------------------------------------

class FileCipherSizes : public ::testing::TestWithParam<std::size_t> {};

TEST_P(FileCipherSizes, RoundTripsWrittenInArbitraryChunks) {
  TempDir dir;
  const Bytes key = random_bytes(32);
  const auto plain = random_text(GetParam(), static_cast<unsigned>(GetParam()));

  const auto size = encrypt_in_random_chunks(dir.path() / "f", key, plain, 7);

  EXPECT_EQ(size, plain.size());
  EXPECT_EQ(decrypt_all(dir.path() / "f", key), plain);
}

TEST_P(FileCipherSizes, FileIsHeaderPlusSegmentsWithOneTagEach) {
  TempDir dir;
  const auto plain = random_text(GetParam(), 1);
  const std::size_t segments =
      std::max<std::size_t>(1, (plain.size() + kSegmentSize - 1) / kSegmentSize);

  encrypt_in_random_chunks(dir.path() / "f", random_bytes(32), plain, 3);

  EXPECT_EQ(fs::file_size(dir.path() / "f"), kHeader + plain.size() + 16 * segments);
}

INSTANTIATE_TEST_SUITE_P(Sizes, FileCipherSizes,
                         ::testing::Values(0, 1, 65535, 65536, 65537, 131072, 200000,
                                           (1u << 20) + 3));

TEST(FileCipher, SegmentsComeOutWholeAndInOrder) {
  TempDir dir;
  const Bytes key = random_bytes(32);
  const auto plain = random_text(2 * kSegmentSize + 5, 2);
  encrypt_in_random_chunks(dir.path() / "f", key, plain, 2);

  FileDecryptor decryptor(dir.path() / "f", key);

  EXPECT_EQ(decryptor.next(), plain.substr(0, kSegmentSize));
  EXPECT_EQ(decryptor.next(), plain.substr(kSegmentSize, kSegmentSize));
  EXPECT_EQ(decryptor.next(), plain.substr(2 * kSegmentSize));
  EXPECT_EQ(decryptor.next(), std::nullopt);
  EXPECT_EQ(decryptor.next(), std::nullopt);
}

TEST(FileCipher, EncryptedFileHasMode0600EvenWhenItExistedBefore) {
  TempDir dir;
  write_file(dir.path() / "f", "old");
  fs::permissions(dir.path() / "f", fs::perms(0644));

  FileEncryptor encryptor(dir.path() / "f", random_bytes(32));
  encryptor.finish();

  EXPECT_EQ(mode_of(dir.path() / "f"), 0600u);
}

TEST(FileCipher, UnfinishedFileIsDestroyedQuietlyAndNeverDecrypts) {
  TempDir dir;
  const Bytes key = random_bytes(32);

  EXPECT_NO_THROW({
    FileEncryptor encryptor(dir.path() / "f", key);
    encryptor.write(random_text(kSegmentSize + 10, 4));
  });

  EXPECT_THROW(decrypt_all(dir.path() / "f", key), std::runtime_error);
}

TEST(FileCipher, UseAfterFinishIsAProgrammingError) {
  TempDir dir;
  FileEncryptor encryptor(dir.path() / "f", random_bytes(32));
  encryptor.finish();

  EXPECT_THROW(encryptor.write("more"), std::logic_error);
  EXPECT_THROW(encryptor.finish(), std::logic_error);
}

TEST(FileCipher, KeyOfWrongSizeIsRefused) {
  TempDir dir;

  EXPECT_THROW(FileEncryptor(dir.path() / "f", random_bytes(16)), std::invalid_argument);
  EXPECT_FALSE(fs::exists(dir.path() / "f"));
}

// ---- tampering ----------------------------------------------------------------------------------

// A file of three full segments and a short final one.
class FileCipherTamper : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = random_bytes(32);
    encrypt_in_random_chunks(path(), key_, random_text(3 * kSegmentSize + 100, 5), 5);
    sealed_ = read_file(path());
  }
  fs::path path() const { return dir_.path() / "f"; }
  std::string segment(std::size_t i) const {
    return sealed_.substr(kHeader + i * kSealedSegment, kSealedSegment);
  }
  void expect_detected(const std::string& altered) {
    write_file(path(), altered);
    EXPECT_THROW(decrypt_all(path(), key_), std::runtime_error);
  }

  TempDir dir_;
  Bytes key_;
  std::string sealed_;
};

TEST_F(FileCipherTamper, FlippedByteAnywhereIsDetected) {
  const std::vector<std::size_t> positions = {0,
                                              4,
                                              11,
                                              kHeader,
                                              kHeader + kSegmentSize,
                                              kHeader + kSealedSegment + 7,
                                              kHeader + 3 * kSealedSegment,
                                              sealed_.size() - 1};

  for (const auto at : positions) {
    auto altered = sealed_;
    altered[at] ^= 0x20;
    expect_detected(altered);
  }
}

TEST_F(FileCipherTamper, MissingFinalSegmentIsDetected) {
  expect_detected(sealed_.substr(0, kHeader + 3 * kSealedSegment));
}

TEST_F(FileCipherTamper, TruncationInsideASegmentIsDetected) {
  expect_detected(sealed_.substr(0, sealed_.size() - 5));
  expect_detected(sealed_.substr(0, kHeader + kSealedSegment + 100));
}

TEST_F(FileCipherTamper, HeaderWithoutSegmentsIsDetected) {
  expect_detected(sealed_.substr(0, kHeader));
  expect_detected(sealed_.substr(0, kHeader - 1));
}

TEST_F(FileCipherTamper, BytesAfterTheFinalSegmentAreDetected) {
  expect_detected(sealed_ + "x");
  expect_detected(sealed_ + segment(2));
}

TEST_F(FileCipherTamper, SwappedSegmentsAreDetected) {
  expect_detected(sealed_.substr(0, kHeader) + segment(1) + segment(0) + segment(2) +
                  sealed_.substr(kHeader + 3 * kSealedSegment));
}

TEST_F(FileCipherTamper, DroppedMiddleSegmentIsDetected) {
  expect_detected(sealed_.substr(0, kHeader) + segment(0) + segment(2) +
                  sealed_.substr(kHeader + 3 * kSealedSegment));
}

TEST_F(FileCipherTamper, SegmentSplicedFromAnotherFileIsDetected) {
  encrypt_in_random_chunks(dir_.path() / "other", key_, random_text(3 * kSegmentSize + 100, 6), 6);
  const auto other = read_file(dir_.path() / "other");

  expect_detected(sealed_.substr(0, kHeader + kSealedSegment) +
                  other.substr(kHeader + kSealedSegment, kSealedSegment) +
                  sealed_.substr(kHeader + 2 * kSealedSegment));
}

TEST_F(FileCipherTamper, WrongKeyIsDetected) {
  EXPECT_THROW(decrypt_all(path(), random_bytes(32)), std::runtime_error);
}

TEST_F(FileCipherTamper, SegmentsBeforeTheDamageAreReturnedAndNothingAfter) {
  auto altered = sealed_;
  altered[kHeader + kSealedSegment + 3] ^= 1;
  write_file(path(), altered);
  FileDecryptor decryptor(path(), key_);

  EXPECT_TRUE(decryptor.next());
  EXPECT_THROW(decryptor.next(), std::runtime_error);
  EXPECT_THROW(decryptor.next(), std::runtime_error);
}

}  // namespace
}  // namespace dx::crypto
