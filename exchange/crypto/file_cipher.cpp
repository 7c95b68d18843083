#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "crypto/crypto.hpp"

namespace dx::crypto {

namespace {

constexpr std::string_view kMagic = "DXE1";
constexpr std::size_t kPrefix = 8;
constexpr std::size_t kHeader = 4 + kPrefix;
constexpr std::size_t kTag = 16;

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// The segment's nonce is prefix || counter; its AAD binds the counter and whether it is the last.
std::string nonce_of(const std::string& prefix, std::uint32_t counter) { return prefix + be32(counter); }
std::string aad_of(std::uint32_t counter, bool final) { return be32(counter) + (final ? '\1' : '\0'); }

Bytes gcm(bool encrypt, std::string_view key, const std::string& nonce, const std::string& aad,
          std::string_view in, std::string_view tag_in) {
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  auto* k = reinterpret_cast<const unsigned char*>(key.data());
  auto* n = reinterpret_cast<const unsigned char*>(nonce.data());
  Bytes out(in.size() + (encrypt ? kTag : 0), '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int len = 0;
  bool ok = ctx && EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, k, n, encrypt ? 1 : 0) == 1 &&
            EVP_CipherUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                             static_cast<int>(aad.size())) == 1 &&
            EVP_CipherUpdate(ctx.get(), o, &len, reinterpret_cast<const unsigned char*>(in.data()),
                             static_cast<int>(in.size())) == 1;
  if (ok && !encrypt)
    ok = EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, const_cast<char*>(tag_in.data())) == 1;
  ok = ok && EVP_CipherFinal_ex(ctx.get(), o + len, &len) == 1;
  if (ok && encrypt) ok = EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, o + in.size()) == 1;
  if (!ok) throw std::runtime_error(encrypt ? "segment encryption failed" : "an encrypted file was altered or truncated");
  return out;
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const auto n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error(std::string("write failed: ") + std::strerror(errno));
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Reads up to `n` bytes; fewer only at the end of the file.
std::string read_up_to(int fd, std::size_t n) {
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    const auto r = ::read(fd, out.data() + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw std::runtime_error(std::string("read failed: ") + std::strerror(errno));
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  out.resize(got);
  return out;
}

}  // namespace

struct FileEncryptor::Impl {
  int fd = -1;
  Bytes key;
  std::string prefix;
  std::uint32_t counter = 0;
  std::string pending;
  bool finished = false;

  void seal_segment(std::string_view plain, bool final) {
    write_all(fd, gcm(true, key, nonce_of(prefix, counter), aad_of(counter, final), plain, {}));
    ++counter;
  }
};

FileEncryptor::FileEncryptor(const std::filesystem::path& path, std::string_view key) : impl_(std::make_unique<Impl>()) {
  if (key.size() != 32) throw std::invalid_argument("AES-256-GCM needs a 32-byte key");
  impl_->key = Bytes(key);
  impl_->prefix = random_bytes(kPrefix);
  impl_->fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (impl_->fd < 0) throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
  write_all(impl_->fd, std::string(kMagic) + impl_->prefix);
}

FileEncryptor::~FileEncryptor() {
  if (impl_ && impl_->fd >= 0) ::close(impl_->fd);
}

void FileEncryptor::write(std::string_view plaintext) {
  auto& s = *impl_;
  if (s.finished) throw std::logic_error("write after finish");
  s.pending.append(plaintext);
  // Keep the last (possibly full) segment back: only finish() knows which segment is final.
  std::size_t off = 0;
  while (s.pending.size() - off > kSegmentSize) {
    s.seal_segment(std::string_view(s.pending).substr(off, kSegmentSize), false);
    off += kSegmentSize;
  }
  s.pending.erase(0, off);
}

std::uint64_t FileEncryptor::finish() {
  auto& s = *impl_;
  if (s.finished) throw std::logic_error("finish twice");
  const std::uint64_t size = static_cast<std::uint64_t>(s.counter) * kSegmentSize + s.pending.size();
  s.seal_segment(s.pending, true);
  s.pending.clear();
  s.finished = true;
  if (::fsync(s.fd) != 0) throw std::runtime_error(std::string("fsync failed: ") + std::strerror(errno));
  ::close(s.fd);
  s.fd = -1;
  return size;
}

struct FileDecryptor::Impl {
  int fd = -1;
  Bytes key;
  std::string prefix;
  std::uint32_t counter = 0;
  std::string lookahead;
  bool done = false;
};

FileDecryptor::FileDecryptor(const std::filesystem::path& path, std::string_view key) : impl_(std::make_unique<Impl>()) {
  if (key.size() != 32) throw std::invalid_argument("AES-256-GCM needs a 32-byte key");
  impl_->key = Bytes(key);
  impl_->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (impl_->fd < 0) throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
  const auto header = read_up_to(impl_->fd, kHeader);
  if (header.size() != kHeader || header.substr(0, 4) != kMagic)
    throw std::runtime_error("not an encrypted file: " + path.string());
  impl_->prefix = header.substr(4);
}

FileDecryptor::~FileDecryptor() {
  if (impl_ && impl_->fd >= 0) ::close(impl_->fd);
}

std::optional<Bytes> FileDecryptor::next() {
  auto& s = *impl_;
  if (s.done) return std::nullopt;
  const std::size_t full = kSegmentSize + kTag;
  std::string seg = s.lookahead + read_up_to(s.fd, full - s.lookahead.size());
  s.lookahead = read_up_to(s.fd, 1);
  const bool final = s.lookahead.empty();  // nothing after this segment
  if (seg.size() < kTag) throw std::runtime_error("an encrypted file was altered or truncated");
  const std::string_view body(seg.data(), seg.size() - kTag), tag(seg.data() + seg.size() - kTag, kTag);
  Bytes plain = gcm(false, s.key, nonce_of(s.prefix, s.counter), aad_of(s.counter, final), body, tag);
  ++s.counter;
  s.done = final;
  return plain;
}

}  // namespace dx::crypto
