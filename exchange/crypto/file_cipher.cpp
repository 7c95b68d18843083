#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "crypto/crypto.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/posix_file.hpp"

namespace dx::crypto {

namespace {

constexpr std::string_view kMagic = "DXE1";
constexpr std::size_t kPrefixBytes = 8;
constexpr std::size_t kHeaderBytes = kMagic.size() + kPrefixBytes;
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kSealedSegmentBytes = kSegmentSize + kTagBytes;
// The counter is 4 bytes; stopping one short of wrapping keeps every nonce of a file distinct.
constexpr std::uint32_t kMaxSegments = std::numeric_limits<std::uint32_t>::max();

enum class Direction { seal, open };

void check_key(std::string_view key) {
  if (key.size() != 32) throw std::invalid_argument("AES-256-GCM needs a 32-byte key");
}

[[noreturn]] void throw_altered() {
  throw std::runtime_error("an encrypted file was altered, truncated or sealed under another key");
}

void put_be32(unsigned char* out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i, v >>= 8) out[i] = static_cast<unsigned char>(v);
}

// AES-256-GCM over one file's segments, in place. Segment i uses nonce = prefix || be32(i) and
// AAD = be32(i) || final flag, so a segment only opens at its own position and with its own
// finality: reordering, truncation at a boundary and appended segments all fail the tag.
class SegmentCipher {
 public:
  SegmentCipher(std::string_view key, std::string_view prefix, Direction direction)
      : ctx_(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free), prefix_(prefix) {
    const int encrypt = direction == Direction::seal ? 1 : 0;
    if (!ctx_ || EVP_CipherInit_ex(ctx_.get(), EVP_aes_256_gcm(), nullptr,
                                   reinterpret_cast<const unsigned char*>(key.data()), nullptr,
                                   encrypt) != 1)
      detail::throw_openssl_error("AES-256-GCM init failed");
  }

  // `segment` holds plaintext; afterwards ciphertext || tag.
  void seal(std::uint32_t index, bool final, Bytes& segment) {
    const std::size_t size = segment.size();
    segment.resize(size + kTagBytes);
    auto* data = reinterpret_cast<unsigned char*>(segment.data());
    int len = 0;
    if (!start(index, final) || EVP_CipherUpdate(ctx_.get(), data, &len, data, int_of(size)) != 1 ||
        EVP_CipherFinal_ex(ctx_.get(), data + len, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, data + size) != 1)
      detail::throw_openssl_error("segment encryption failed");
  }

  // `segment` holds ciphertext || tag; afterwards the plaintext, or false and unspecified bytes.
  bool open(std::uint32_t index, bool final, Bytes& segment) {
    if (segment.size() < kTagBytes) return false;
    const std::size_t size = segment.size() - kTagBytes;
    auto* data = reinterpret_cast<unsigned char*>(segment.data());
    int len = 0;
    const bool ok =
        start(index, final) &&
        EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, data + size) == 1 &&
        EVP_CipherUpdate(ctx_.get(), data, &len, data, int_of(size)) == 1 &&
        EVP_CipherFinal_ex(ctx_.get(), data + len, &len) == 1;
    if (!ok) detail::discard_openssl_errors();
    segment.resize(size);
    return ok;
  }

 private:
  static int int_of(std::size_t n) { return static_cast<int>(n); }

  // New nonce and AAD; the key schedule set up by the constructor is kept.
  bool start(std::uint32_t index, bool final) {
    unsigned char nonce[kPrefixBytes + 4];
    std::copy(prefix_.begin(), prefix_.end(), nonce);
    put_be32(nonce + kPrefixBytes, index);
    unsigned char aad[5];
    put_be32(aad, index);
    aad[4] = final ? 1 : 0;
    int len = 0;
    return EVP_CipherInit_ex(ctx_.get(), nullptr, nullptr, nullptr, nonce, -1) == 1 &&
           EVP_CipherUpdate(ctx_.get(), nullptr, &len, aad, sizeof aad) == 1;
  }

  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx_;
  std::string prefix_;
};

detail::Fd create_private(const std::filesystem::path& path) {
  auto fd = detail::open_file(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  // O_CREAT's mode applies only to a new file; an existing one is narrowed here.
  if (::fchmod(fd.get(), 0600) != 0)
    throw std::system_error(errno, std::generic_category(), "cannot chmod " + path.string());
  return fd;
}

// Reads `n` bytes at `offset`; fewer only at the end of the file.
std::size_t read_at(int fd, char* out, std::size_t n, std::uint64_t offset) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd, out + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw std::system_error(errno, std::generic_category(), "read failed");
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

// The file's nonce prefix, after checking its magic.
Bytes read_header(int fd, const std::filesystem::path& path) {
  std::string header(kHeaderBytes, '\0');
  if (detail::read_up_to(fd, header.data(), header.size()) != kHeaderBytes ||
      !header.starts_with(kMagic))
    throw std::runtime_error("not an encrypted file: " + path.string());
  return header.substr(kMagic.size());
}

}  // namespace

// ---- FileEncryptor ----------------------------------------------------------------------------

// Invariant: `pending` holds at most one segment of plaintext not yet sealed. A full pending
// segment is sealed only once more data arrives, because only finish() knows which is final.
struct FileEncryptor::Impl {
  enum class State { writing, finished, failed };

  Impl(const std::filesystem::path& path, std::string_view key, const Bytes& prefix)
      : fd(create_private(path)), cipher(key, prefix, Direction::seal) {
    pending.reserve(kSealedSegmentBytes);
    detail::write_all(fd.get(), std::string(kMagic) + prefix);
  }

  void seal_pending(bool final) {
    if (index == kMaxSegments) throw std::length_error("file too large to encrypt");
    cipher.seal(index, final, pending);
    detail::write_all(fd.get(), pending);
    pending.clear();
    ++index;
  }

  void append(std::string_view plaintext) {
    while (!plaintext.empty()) {
      if (pending.size() == kSegmentSize) seal_pending(false);
      const std::size_t n = std::min(kSegmentSize - pending.size(), plaintext.size());
      pending.append(plaintext.substr(0, n));
      plaintext.remove_prefix(n);
    }
  }

  detail::Fd fd;
  SegmentCipher cipher;
  Bytes pending;
  std::uint32_t index = 0;
  std::uint64_t size = 0;
  State state = State::writing;
};

FileEncryptor::FileEncryptor(const std::filesystem::path& path, std::string_view key) {
  check_key(key);
  impl_ = std::make_unique<Impl>(path, key, random_bytes(kPrefixBytes));
}

// An unfinished file lacks its final segment, so it never decrypts; the caller removes it.
FileEncryptor::~FileEncryptor() = default;

void FileEncryptor::write(std::string_view plaintext) {
  auto& s = *impl_;
  if (s.state != Impl::State::writing) throw std::logic_error("FileEncryptor::write when not open");
  try {
    s.append(plaintext);
    s.size += plaintext.size();
  } catch (...) {
    s.state = Impl::State::failed;
    throw;
  }
}

std::uint64_t FileEncryptor::finish() {
  auto& s = *impl_;
  if (s.state != Impl::State::writing)
    throw std::logic_error("FileEncryptor::finish when not open");
  s.state = Impl::State::failed;  // until every step below has succeeded
  s.seal_pending(true);
  detail::sync_file(s.fd.get());
  s.fd.close();
  s.state = Impl::State::finished;
  return s.size;
}

// ---- FileDecryptor ----------------------------------------------------------------------------

// Reads one sealed segment plus one byte ahead: a segment is final exactly when nothing follows.
struct FileDecryptor::Impl {
  enum class State { reading, done, failed };

  Impl(detail::Fd file, std::string_view key, std::string_view prefix)
      : fd(std::move(file)), cipher(key, prefix, Direction::open) {
    buffer.reserve(kSealedSegmentBytes + 1);
  }

  // Fills `buffer` with the next sealed segment; returns whether it is the last in the file.
  bool read_segment() {
    buffer.resize(kSealedSegmentBytes + 1);
    std::size_t have = 0;
    if (carry) buffer[have++] = *std::exchange(carry, std::nullopt);
    have += detail::read_up_to(fd.get(), buffer.data() + have, buffer.size() - have);
    const bool final = have <= kSealedSegmentBytes;
    if (!final) carry = buffer[--have];
    buffer.resize(have);
    return final;
  }

  detail::Fd fd;
  SegmentCipher cipher;
  Bytes buffer;
  std::optional<char> carry;
  std::uint32_t index = 0;
  State state = State::reading;
};

FileDecryptor::FileDecryptor(const std::filesystem::path& path, std::string_view key) {
  check_key(key);
  auto fd = detail::open_file(path, O_RDONLY | O_CLOEXEC);
  const Bytes prefix = read_header(fd.get(), path);
  impl_ = std::make_unique<Impl>(std::move(fd), key, prefix);
}

FileDecryptor::~FileDecryptor() = default;

std::optional<Bytes> FileDecryptor::next() {
  auto& s = *impl_;
  if (s.state == Impl::State::done) return std::nullopt;
  if (s.state == Impl::State::failed || s.index == kMaxSegments) throw_altered();
  s.state = Impl::State::failed;  // until this segment has been authenticated
  const bool final = s.read_segment();
  if (!s.cipher.open(s.index, final, s.buffer)) throw_altered();
  ++s.index;
  s.state = final ? Impl::State::done : Impl::State::reading;
  return s.buffer;
}

// ---- SegmentReader ----------------------------------------------------------------------------

// Every segment but the last is sealed whole, so the file's size alone says where each segment
// lies and which one is final; the final flag in each segment's AAD then makes a file cut at a
// segment boundary fail to open rather than read as shorter.
struct SegmentReader::Impl {
  Impl(detail::Fd file, std::string_view key, std::string_view prefix, std::uint64_t file_size)
      : fd(std::move(file)), cipher(key, prefix, Direction::open) {
    const std::uint64_t body = file_size - kHeaderBytes;
    const std::uint64_t whole = body / kSealedSegmentBytes;
    const std::uint64_t rest = body % kSealedSegmentBytes;
    if (rest != 0 && rest < kTagBytes) throw_altered();  // a final segment without its tag
    const std::uint64_t segments = whole + (rest != 0 ? 1 : 0);
    if (segments == 0 || segments > kMaxSegments) throw_altered();
    count = static_cast<std::uint32_t>(segments);
    size = body - segments * kTagBytes;
  }

  std::uint64_t plaintext_of(std::uint32_t index) const {
    return index + 1 < count ? kSegmentSize : size - std::uint64_t{index} * kSegmentSize;
  }

  detail::Fd fd;
  SegmentCipher cipher;
  std::uint32_t count = 0;
  std::uint64_t size = 0;
};

SegmentReader::SegmentReader(const std::filesystem::path& path, std::string_view key) {
  check_key(key);
  auto fd = detail::open_file(path, O_RDONLY | O_CLOEXEC);
  const Bytes prefix = read_header(fd.get(), path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    throw std::system_error(errno, std::generic_category(), "cannot stat " + path.string());
  impl_ =
      std::make_unique<Impl>(std::move(fd), key, prefix, static_cast<std::uint64_t>(st.st_size));
  Bytes last;
  read(impl_->count - 1, last);
}

SegmentReader::~SegmentReader() = default;

std::uint64_t SegmentReader::plaintext_size() const { return impl_->size; }

std::uint32_t SegmentReader::segment_count() const { return impl_->count; }

void SegmentReader::read(std::uint32_t index, Bytes& out) {
  auto& s = *impl_;
  if (index >= s.count) throw std::out_of_range("segment beyond the end of the encrypted file");
  const std::size_t sealed = static_cast<std::size_t>(s.plaintext_of(index)) + kTagBytes;
  out.resize(sealed);
  const std::uint64_t offset = kHeaderBytes + std::uint64_t{index} * kSealedSegmentBytes;
  if (read_at(s.fd.get(), out.data(), sealed, offset) != sealed ||
      !s.cipher.open(index, index + 1 == s.count, out)) {
    out.clear();
    throw_altered();
  }
}

}  // namespace dx::crypto
