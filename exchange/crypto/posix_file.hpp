// Internal to dx_crypto: the POSIX file operations behind encrypted files and key files. Errors
// throw std::system_error (a std::runtime_error) carrying errno and the path.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string_view>

namespace dx::crypto::detail {

// Owns a file descriptor. Destruction closes it and never throws; close() reports the error.
class Fd {
 public:
  explicit Fd(int fd = -1) noexcept : fd_(fd) {}
  ~Fd();
  Fd(Fd&& other) noexcept;
  Fd& operator=(Fd&& other) noexcept;
  int get() const noexcept { return fd_; }
  void close();

 private:
  int fd_;
};

Fd open_file(const std::filesystem::path& path, int flags, mode_t mode = 0);
void write_all(int fd, std::string_view data);
// Reads until `n` bytes or the end of the file; returns how many were read.
std::size_t read_up_to(int fd, char* out, std::size_t n);
void sync_file(int fd);
void sync_directory(const std::filesystem::path& dir);

// Writes a new file at `path` (parent directory created with mode 0700 if absent) so that a reader
// sees either no file or all of `data`, fsynced with its directory entry. Returns false, leaving
// the existing file alone, when `path` already exists: two processes racing to create the same
// key both end up using the winner's.
bool create_file_once(const std::filesystem::path& path, std::string_view data, mode_t mode);

// Like create_file_once, but atomically replaces any existing file.
void replace_file(const std::filesystem::path& path, std::string_view data, mode_t mode);

}  // namespace dx::crypto::detail
