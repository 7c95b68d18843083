#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "crypto/crypto.hpp"
#include "crypto/test_support.hpp"

namespace dx::crypto {
namespace {

using testing::mode_of;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

namespace fs = std::filesystem;

// ---- secrets ------------------------------------------------------------------------------------

TEST(Secrets, SecretIsCreatedWithMode0600InANewPrivateDirectory) {
  TempDir dir;
  const auto path = dir.path() / "keys" / "master.key";

  const auto secret = load_or_create_secret(path, 32);

  EXPECT_EQ(secret.size(), 32u);
  EXPECT_EQ(read_file(path), secret);
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(mode_of(path.parent_path()), 0700u);
}

TEST(Secrets, SecretIsReloadedIdentically) {
  TempDir dir;
  const auto first = load_or_create_secret(dir.path() / "master.key", 32);

  const auto second = load_or_create_secret(dir.path() / "master.key", 32);

  EXPECT_EQ(second, first);
}

TEST(Secrets, SecretOfAnotherSizeIsRefused) {
  TempDir dir;
  load_or_create_secret(dir.path() / "master.key", 32);

  EXPECT_THROW(load_or_create_secret(dir.path() / "master.key", 16), std::runtime_error);
}

TEST(Secrets, CreationLeavesNoTemporaryFileAndAnExistingDirectoryAlone) {
  TempDir dir;
  fs::permissions(dir.path(), fs::perms(0755));

  load_or_create_secret(dir.path() / "master.key", 32);

  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
  EXPECT_EQ(mode_of(dir.path()), 0755u);
}

TEST(Secrets, ProcessesRacingToCreateASecretAllGetTheOneOnDisk) {
  TempDir dir;
  const auto path = dir.path() / "keys" / "master.key";
  std::vector<Bytes> secrets(8);

  {
    std::vector<std::jthread> racers;
    for (auto& secret : secrets)
      racers.emplace_back([&path, &secret] { secret = load_or_create_secret(path, 32); });
  }

  for (const auto& secret : secrets) EXPECT_EQ(secret, read_file(path));
}

// Works in `dir` for its lifetime, then returns to where the process was.
class WorkingDirectory {
 public:
  explicit WorkingDirectory(const fs::path& dir) : previous_(fs::current_path()) {
    fs::current_path(dir);
  }
  ~WorkingDirectory() { fs::current_path(previous_); }
  WorkingDirectory(const WorkingDirectory&) = delete;
  WorkingDirectory& operator=(const WorkingDirectory&) = delete;

 private:
  fs::path previous_;
};

TEST(Secrets, SecretMayBeNamedRelativeToTheWorkingDirectory) {
  TempDir dir;
  Bytes secret;

  {
    const WorkingDirectory inside(dir.path());
    secret = load_or_create_secret("bare.key", 16);
  }

  EXPECT_EQ(read_file(dir.path() / "bare.key"), secret);
}

// ---- certificates -------------------------------------------------------------------------------

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using PKeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

X509Ptr load_certificate(const fs::path& path) {
  std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "r"), &std::fclose);
  return X509Ptr(file ? PEM_read_X509(file.get(), nullptr, nullptr, nullptr) : nullptr, &X509_free);
}

PKeyPtr load_private_key(const fs::path& path) {
  std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "r"), &std::fclose);
  return PKeyPtr(file ? PEM_read_PrivateKey(file.get(), nullptr, nullptr, nullptr) : nullptr,
                 &EVP_PKEY_free);
}

class Certificates : public ::testing::Test {
 protected:
  fs::path cert() const { return dir_.path() / "tls" / "cert.pem"; }
  fs::path key() const { return dir_.path() / "tls" / "key.pem"; }
  TempDir dir_;
};

TEST_F(Certificates, FilesLoadAsAMatchingCertificateAndPrivateKey) {
  ensure_self_signed_certificate(cert(), key(), "exchange.test");

  const auto certificate = load_certificate(cert());
  const auto private_key = load_private_key(key());

  ASSERT_TRUE(certificate);
  ASSERT_TRUE(private_key);
  EXPECT_EQ(X509_check_private_key(certificate.get(), private_key.get()), 1);
  EXPECT_EQ(EVP_PKEY_get_id(private_key.get()), EVP_PKEY_EC);
  EXPECT_EQ(mode_of(key()), 0600u);
}

TEST_F(Certificates, CertificateNamesLocalhostAndLoopbackAndIsNoCa) {
  ensure_self_signed_certificate(cert(), key(), "exchange.test");

  const auto certificate = load_certificate(cert());

  ASSERT_TRUE(certificate);
  EXPECT_EQ(X509_get_version(certificate.get()), X509_VERSION_3);
  EXPECT_EQ(X509_check_host(certificate.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(certificate.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_host(certificate.get(), "example.com", 0, 0, nullptr), 0);
  EXPECT_EQ(X509_check_ca(certificate.get()), 0);
  EXPECT_EQ(X509_get_signature_nid(certificate.get()), NID_ecdsa_with_SHA256);
}

TEST_F(Certificates, CertificateIsValidNowWithTheCommonNameAsSubjectAndIssuer) {
  ensure_self_signed_certificate(cert(), key(), "exchange.test");

  const auto certificate = load_certificate(cert());

  ASSERT_TRUE(certificate);
  std::time_t now = std::time(nullptr);
  EXPECT_LT(X509_cmp_time(X509_get0_notBefore(certificate.get()), &now), 0);
  std::time_t in_800_days = now + 800L * 86400;
  EXPECT_GT(X509_cmp_time(X509_get0_notAfter(certificate.get()), &in_800_days), 0);
  char common_name[64] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(certificate.get()), NID_commonName, common_name,
                            sizeof common_name);
  EXPECT_STREQ(common_name, "exchange.test");
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(certificate.get()),
                          X509_get_issuer_name(certificate.get())),
            0);
}

TEST_F(Certificates, ExistingPairIsKept) {
  ensure_self_signed_certificate(cert(), key(), "localhost");
  const auto first = read_file(cert());

  ensure_self_signed_certificate(cert(), key(), "localhost");

  EXPECT_EQ(read_file(cert()), first);
}

TEST_F(Certificates, LoneCertificateIsReplacedByAMatchingPair) {
  ensure_self_signed_certificate(cert(), key(), "localhost");
  fs::remove(key());

  ensure_self_signed_certificate(cert(), key(), "localhost");

  const auto certificate = load_certificate(cert());
  const auto private_key = load_private_key(key());
  ASSERT_TRUE(certificate && private_key);
  EXPECT_EQ(X509_check_private_key(certificate.get(), private_key.get()), 1);
}

// ---- signatures ---------------------------------------------------------------------------------

TEST(Signatures, SignatureOverTheMessageVerifies) {
  TempDir dir;
  const auto key = SigningKey::load_or_create(dir.path() / "sign.pem");

  const auto signature = key.sign("tree head 42");

  EXPECT_EQ(signature.size(), 64u);
  EXPECT_TRUE(verify_signature(key.public_key_pem(), "tree head 42", signature));
}

TEST(Signatures, ChangedMessageSignatureOrKeyFails) {
  TempDir dir;
  const auto key = SigningKey::load_or_create(dir.path() / "a.pem");
  const auto other = SigningKey::load_or_create(dir.path() / "b.pem");
  const auto signature = key.sign("payload");
  auto altered = signature;
  altered[10] ^= 1;

  EXPECT_FALSE(verify_signature(key.public_key_pem(), "payloaD", signature));
  EXPECT_FALSE(verify_signature(key.public_key_pem(), "payload", altered));
  EXPECT_FALSE(verify_signature(key.public_key_pem(), "payload", signature.substr(0, 63)));
  EXPECT_FALSE(verify_signature(other.public_key_pem(), "payload", signature));
  EXPECT_FALSE(verify_signature("not a key", "payload", signature));
}

TEST(Signatures, KeyPersistsAcrossLoads) {
  TempDir dir;
  const auto first = SigningKey::load_or_create(dir.path() / "keys" / "sign.pem");

  const auto second = SigningKey::load_or_create(dir.path() / "keys" / "sign.pem");

  EXPECT_EQ(second.key_id(), first.key_id());
  EXPECT_EQ(second.public_key_pem(), first.public_key_pem());
  EXPECT_TRUE(verify_signature(second.public_key_pem(), "m", first.sign("m")));
}

TEST(Signatures, KeyFileIsPrivatePkcs8) {
  TempDir dir;

  SigningKey::load_or_create(dir.path() / "sign.pem");

  EXPECT_EQ(mode_of(dir.path() / "sign.pem"), 0600u);
  EXPECT_EQ(read_file(dir.path() / "sign.pem").rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
}

TEST(Signatures, KeyIdIsTheStartOfTheSha256OfTheRawPublicKey) {
  TempDir dir;
  const auto key = SigningKey::load_or_create(dir.path() / "sign.pem");
  // An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte DER prefix and the 32-byte raw key.
  const auto pem = key.public_key_pem();
  const auto body = pem.substr(pem.find('\n') + 1, pem.find("\n-----END") - pem.find('\n') - 1);
  const auto der = unbase64(body);

  ASSERT_TRUE(der);
  ASSERT_EQ(der->size(), 44u);
  EXPECT_EQ(key.key_id(), hex(sha256(der->substr(12))).substr(0, 16));
}

std::string public_pem_of(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PUBKEY(bio.get(), key);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

Bytes sign_with_default_digest(EVP_PKEY* key, std::string_view message) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  Bytes signature(256, '\0');
  std::size_t size = signature.size();
  EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key);
  EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                 reinterpret_cast<const unsigned char*>(message.data()), message.size());
  signature.resize(size);
  return signature;
}

TEST(Signatures, KeyOfAnotherTypeIsRefused) {
  TempDir dir;
  ensure_self_signed_certificate(dir.path() / "cert.pem", dir.path() / "key.pem", "localhost");
  const auto ec_key = load_private_key(dir.path() / "key.pem");
  const auto ecdsa_signature = sign_with_default_digest(ec_key.get(), "m");

  EXPECT_THROW(SigningKey::load_or_create(dir.path() / "key.pem"), std::runtime_error);
  EXPECT_FALSE(verify_signature(public_pem_of(ec_key.get()), "m", ecdsa_signature));
}

}  // namespace
}  // namespace dx::crypto
