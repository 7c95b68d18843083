// Uploaded content, encrypted at rest (O5, O10) and addressed by the SHA-256 of its plaintext.
// Each blob has its own random AES-256 data key, stored only wrapped by the master key.
// Layout: DATA/blobs/<first two hex>/<sha256 hex>; uploads in progress in DATA/blobs/tmp/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "crypto/crypto.hpp"
#include "http/message.hpp"

namespace dx::files {

class BlobStore;

// Plaintext arrives in chunks and is encrypted as it comes; nothing unencrypted touches the disk.
class Upload : public http::BodySink {
 public:
  Upload(const BlobStore& store, std::filesystem::path temp_path);
  ~Upload() override;  // removes the temporary file unless it was stored
  void write(std::string_view chunk) override;

  struct Finished {
    std::string sha256_hex;
    std::uint64_t size_bytes = 0;
    crypto::Bytes wrapped_key;
  };
  Finished finish();
  const std::filesystem::path& temp_path() const { return temp_path_; }
  void mark_stored() { stored_ = true; }

 private:
  std::filesystem::path temp_path_;
  crypto::Bytes key_;
  crypto::Bytes wrapped_key_;
  crypto::Sha256 hash_;
  std::unique_ptr<crypto::FileEncryptor> encryptor_;
  std::uint64_t size_ = 0;
  bool stored_ = false;
};

class BlobStore {
 public:
  BlobStore(std::filesystem::path data_dir, crypto::Bytes master_key);

  std::shared_ptr<Upload> begin_upload() const;
  // Moves a finished upload to its content address and fsyncs the directory.
  void store(Upload& upload, const std::string& sha256_hex) const;
  // Drops a finished upload whose content is already stored.
  void discard(Upload& upload) const;
  // Removes a stored blob (one whose row was rolled back). Missing is not an error.
  void remove(const std::string& sha256_hex) const;
  // A pull source of the plaintext, authenticated segment by segment.
  std::function<std::optional<std::string>()> reader(const std::string& sha256_hex,
                                                      const crypto::Bytes& wrapped_key) const;
  std::filesystem::path path_of(const std::string& sha256_hex) const;

  crypto::Bytes wrap(const crypto::Bytes& data_key) const;
  crypto::Bytes unwrap(const crypto::Bytes& wrapped) const;

 private:
  std::filesystem::path root_;
  crypto::Bytes master_;
};

}  // namespace dx::files
