// Cryptographic primitives of the exchange, all on OpenSSL 3. Byte strings are std::string holding
// raw bytes. Every function is thread-safe. Failures of OpenSSL itself (out of memory, a broken
// library) throw std::runtime_error; expected outcomes (a wrong password, a forged tag) are values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dx::crypto {

using Bytes = std::string;

Bytes random_bytes(std::size_t n);

Bytes sha256(std::string_view data);
Bytes hmac_sha256(std::string_view key, std::string_view data);

// Incremental SHA-256 for streamed content.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  void update(std::string_view data);
  Bytes finish();  // 32 bytes; the object must not be used afterwards

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string hex(std::string_view bytes);                      // lowercase
std::optional<Bytes> unhex(std::string_view text);
std::string base64(std::string_view bytes);                   // standard alphabet, padded
std::optional<Bytes> unbase64(std::string_view text);         // strict: rejects bad characters
std::string base64url(std::string_view bytes);                // URL-safe alphabet, no padding

bool constant_time_equal(std::string_view a, std::string_view b);

// ---- passwords ------------------------------------------------------------------------------
// scrypt (RFC 7914). The encoded form carries its own parameters and salt, so a work factor can
// be raised later without invalidating stored hashes:  $scrypt$ln=15,r=8,p=1$<salt b64>$<hash b64>
struct KdfParams {
  int log2_n = 15;  // N = 2^15: about 32 MiB and tens of milliseconds per hash
  int r = 8;
  int p = 1;
};
std::string hash_password(std::string_view password, const KdfParams& params);
bool verify_password(std::string_view password, std::string_view encoded);

// ---- tokens ---------------------------------------------------------------------------------
// A bearer secret: `prefix` followed by 256 random bits in base64url, e.g. "dxs_…" for sessions,
// "dxk_…" for API keys. Only token_digest() of it is ever stored.
std::string new_token(std::string_view prefix);
Bytes token_digest(std::string_view token);  // SHA-256

// ---- authenticated encryption -----------------------------------------------------------------
// AES-256-GCM for small values (wrapped keys, identity numbers, credentials):
// output = 12-byte random nonce || ciphertext || 16-byte tag. `key` is 32 bytes.
Bytes seal(std::string_view key, std::string_view plaintext, std::string_view aad = {});
std::optional<Bytes> open(std::string_view key, std::string_view sealed, std::string_view aad = {});

// Streamed AES-256-GCM for files of any size. The file is a sequence of segments of at most
// kSegmentSize plaintext bytes, each sealed on its own with a nonce made of a random 8-byte file
// prefix and the 4-byte segment counter, and the final-segment flag bound into the AAD, so that
// truncation, reordering and splicing of segments are all detected (the STREAM construction).
// Layout: "DXE1" | 8-byte nonce prefix | segments (each: ciphertext || 16-byte tag).
inline constexpr std::size_t kSegmentSize = 64 * 1024;

class FileEncryptor {
 public:
  // Creates (truncates) `path` with mode 0600.
  FileEncryptor(const std::filesystem::path& path, std::string_view key);
  ~FileEncryptor();
  FileEncryptor(const FileEncryptor&) = delete;
  FileEncryptor& operator=(const FileEncryptor&) = delete;
  void write(std::string_view plaintext);
  // Seals the final segment, flushes and fsyncs the file. Returns the plaintext size.
  std::uint64_t finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class FileDecryptor {
 public:
  FileDecryptor(const std::filesystem::path& path, std::string_view key);
  ~FileDecryptor();
  FileDecryptor(const FileDecryptor&) = delete;
  FileDecryptor& operator=(const FileDecryptor&) = delete;
  // The next authenticated plaintext segment; nullopt at the end. Throws std::runtime_error when
  // the file was altered, truncated or encrypted under another key: nothing unauthenticated is
  // ever returned.
  std::optional<Bytes> next();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Random access to a file written by FileEncryptor: any segment decrypted on its own, as a
// read-only database over a sealed file needs (datasets/). Opening authenticates the final
// segment, so plaintext_size() is what was sealed and a truncated file never opens. Throws like
// FileDecryptor: std::runtime_error when the file was altered, truncated or encrypted under
// another key, and nothing unauthenticated is ever returned. Not thread-safe: one reader per
// thread.
class SegmentReader {
 public:
  SegmentReader(const std::filesystem::path& path, std::string_view key);
  ~SegmentReader();
  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;
  std::uint64_t plaintext_size() const;
  std::uint32_t segment_count() const;  // at least 1: an empty file has one empty final segment
  // Replaces `out` with segment `index`'s plaintext (kSegmentSize bytes, fewer for the final
  // segment). Throws std::out_of_range when `index` >= segment_count().
  void read(std::uint32_t index, Bytes& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- key files --------------------------------------------------------------------------------
// Reads a `size`-byte secret from `path`, creating it with random bytes and mode 0600 (parent
// directory created) when absent. Throws when it exists with the wrong size.
Bytes load_or_create_secret(const std::filesystem::path& path, std::size_t size);

// Makes a self-signed TLS certificate (EC P-256, SHA-256, valid 825 days, subjectAltName
// DNS:localhost, IP:127.0.0.1) unless both files already exist. The key file gets mode 0600.
void ensure_self_signed_certificate(const std::filesystem::path& cert_pem,
                                    const std::filesystem::path& key_pem,
                                    std::string_view common_name);

// ---- signatures -------------------------------------------------------------------------------
// Ed25519 signing key kept as PEM (PKCS#8, mode 0600) in the data directory.
class SigningKey {
 public:
  static SigningKey load_or_create(const std::filesystem::path& pem_path);
  ~SigningKey();
  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  Bytes sign(std::string_view message) const;          // 64-byte signature
  std::string public_key_pem() const;                   // SubjectPublicKeyInfo PEM
  std::string key_id() const;                           // first 16 hex chars of SHA-256(raw public key)

 private:
  SigningKey();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

bool verify_signature(std::string_view public_key_pem, std::string_view message,
                      std::string_view signature);

}  // namespace dx::crypto

namespace dx {

// The exchange's key material, loaded once at start (app/app.cpp).
struct Keys {
  crypto::Bytes master;   // 32 bytes: wraps per-file data keys and encrypts secrets at rest
  crypto::Bytes pepper;   // 32 bytes: HMAC key for keyed hashes of personal identifiers
};

// A new opaque identifier: `prefix` + "_" + 8 characters of the time in milliseconds and 12
// random ones (72 bits), in an alphabet whose ASCII order is its numeric order.
std::string new_id(const char* prefix);

}  // namespace dx
