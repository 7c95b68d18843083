#include "files/blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

namespace dx::files {

namespace {

constexpr std::string_view kWrapAad = "dx.blob.key.v1";

void fsync_dir(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) throw std::runtime_error("cannot open " + dir.string());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw std::runtime_error("cannot fsync " + dir.string());
}

}  // namespace

Upload::Upload(const BlobStore& store, std::filesystem::path temp_path)
    : temp_path_(std::move(temp_path)), key_(crypto::random_bytes(32)), wrapped_key_(store.wrap(key_)) {
  encryptor_ = std::make_unique<crypto::FileEncryptor>(temp_path_, key_);
}

Upload::~Upload() {
  encryptor_.reset();
  if (!stored_) {
    std::error_code ec;
    std::filesystem::remove(temp_path_, ec);
  }
}

void Upload::write(std::string_view chunk) {
  encryptor_->write(chunk);
  hash_.update(chunk);
  size_ += chunk.size();
}

Upload::Finished Upload::finish() {
  encryptor_->finish();
  return {crypto::hex(hash_.finish()), size_, wrapped_key_};
}

BlobStore::BlobStore(std::filesystem::path data_dir, crypto::Bytes master_key)
    : root_(std::move(data_dir) / "blobs"), master_(std::move(master_key)) {
  std::filesystem::create_directories(root_ / "tmp");
  // Leftovers of uploads interrupted by a crash: never acknowledged, safe to drop.
  for (const auto& entry : std::filesystem::directory_iterator(root_ / "tmp"))
    std::filesystem::remove(entry.path());
}

std::shared_ptr<Upload> BlobStore::begin_upload() const {
  return std::make_shared<Upload>(*this, root_ / "tmp" / crypto::hex(crypto::random_bytes(16)));
}

std::filesystem::path BlobStore::path_of(const std::string& sha256_hex) const {
  return root_ / sha256_hex.substr(0, 2) / sha256_hex;
}

void BlobStore::store(Upload& upload, const std::string& sha256_hex) const {
  const auto target = path_of(sha256_hex);
  std::filesystem::create_directories(target.parent_path());
  std::filesystem::rename(upload.temp_path(), target);
  upload.mark_stored();
  fsync_dir(target.parent_path());
}

void BlobStore::discard(Upload& upload) const {
  std::error_code ec;
  std::filesystem::remove(upload.temp_path(), ec);
  upload.mark_stored();
}

void BlobStore::remove(const std::string& sha256_hex) const {
  std::error_code ec;
  std::filesystem::remove(path_of(sha256_hex), ec);
}

std::function<std::optional<std::string>()> BlobStore::reader(const std::string& sha256_hex,
                                                              const crypto::Bytes& wrapped_key) const {
  auto dec = std::make_shared<crypto::FileDecryptor>(path_of(sha256_hex), unwrap(wrapped_key));
  return [dec] { return dec->next(); };
}

crypto::Bytes BlobStore::wrap(const crypto::Bytes& data_key) const {
  return crypto::seal(master_, data_key, kWrapAad);
}

crypto::Bytes BlobStore::unwrap(const crypto::Bytes& wrapped) const {
  auto key = crypto::open(master_, wrapped, kWrapAad);
  if (!key) throw std::runtime_error("a blob key does not open under the master key");
  return *key;
}

}  // namespace dx::files
