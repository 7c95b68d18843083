#include "crypto/posix_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

#include "crypto/crypto.hpp"

namespace dx::crypto::detail {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void throw_errno(int err, const std::string& what) {
  throw std::system_error(err, std::generic_category(), what);
}

fs::path directory_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

void ensure_directory(const fs::path& dir) {
  if (fs::exists(dir)) return;
  fs::create_directories(dir);
  // Only a directory made here is restricted; an existing one keeps the permissions it was given.
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
}

// Writes `data` to a fresh, uniquely named file beside `path` and returns its name.
fs::path write_temporary(const fs::path& path, std::string_view data, mode_t mode) {
  ensure_directory(directory_of(path));
  fs::path temp = path;
  temp += ".tmp-" + hex(random_bytes(8));
  try {
    Fd fd = open_file(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    write_all(fd.get(), data);
    sync_file(fd.get());
    fd.close();
  } catch (...) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
  return temp;
}

}  // namespace

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

Fd::Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void Fd::close() {
  // POSIX leaves the descriptor closed even when close() fails, so it is never retried.
  if (fd_ >= 0 && ::close(std::exchange(fd_, -1)) != 0) throw_errno(errno, "close failed");
}

Fd open_file(const fs::path& path, int flags, mode_t mode) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw_errno(errno, "cannot open " + path.string());
  return Fd(fd);
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno(errno, "write failed");
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::size_t read_up_to(int fd, char* out, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, out + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw_errno(errno, "read failed");
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

void sync_file(int fd) {
  if (::fsync(fd) != 0) throw_errno(errno, "fsync failed");
}

void sync_directory(const fs::path& dir) {
  Fd fd = open_file(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  sync_file(fd.get());
}

bool create_file_once(const fs::path& path, std::string_view data, mode_t mode) {
  const fs::path temp = write_temporary(path, data, mode);
  // link() never replaces an existing name, unlike rename().
  const int rc = ::link(temp.c_str(), path.c_str());
  const int err = errno;
  std::error_code ignored;
  fs::remove(temp, ignored);
  if (rc != 0 && err == EEXIST) return false;
  if (rc != 0) throw_errno(err, "cannot create " + path.string());
  sync_directory(directory_of(path));
  return true;
}

void replace_file(const fs::path& path, std::string_view data, mode_t mode) {
  const fs::path temp = write_temporary(path, data, mode);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw_errno(err, "cannot replace " + path.string());
  }
  sync_directory(directory_of(path));
}

}  // namespace dx::crypto::detail
