#include "datasets/sealed_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace dx::datasets::detail {

namespace {

using Reader = std::shared_ptr<crypto::SegmentReader>;

std::mutex registry_mu;
std::unordered_map<std::string, Reader>& registry() {
  static std::unordered_map<std::string, Reader> files;
  return files;
}

Reader registered(const char* name) {
  std::lock_guard lock(registry_mu);
  const auto it = registry().find(name);
  return it == registry().end() ? nullptr : it->second;
}

// SQLite reads a page at a time, and page 1 also in small pieces (the header, the schema), so
// a few decrypted segments are kept: enough that no segment is decrypted twice in a row, small
// enough that SQLite's own page cache stays the one that matters.
class SegmentCache {
 public:
  explicit SegmentCache(Reader reader) : reader_(std::move(reader)) {}
  std::uint64_t size() const { return reader_->plaintext_size(); }

  // Segment `index`'s plaintext; throws as SegmentReader does.
  const crypto::Bytes& segment(std::uint32_t index) {
    ++clock_;
    Slot* victim = &slots_[0];
    for (auto& slot : slots_) {
      if (slot.index == index && slot.used != 0) {
        slot.used = clock_;
        return slot.data;
      }
      if (slot.used < victim->used) victim = &slot;
    }
    victim->used = 0;  // stays empty if the read fails
    reader_->read(index, victim->data);
    victim->index = index;
    victim->used = clock_;
    return victim->data;
  }

 private:
  struct Slot {
    std::uint32_t index = 0;
    std::uint64_t used = 0;  // 0: empty
    crypto::Bytes data;
  };
  Reader reader_;
  std::array<Slot, 4> slots_;
  std::uint64_t clock_ = 0;
};

// A temporary file that only ever lives in SQLite's own heap, so it counts against the memory
// a job may use and its bytes never reach the disk.
struct MemoryFile {
  sqlite3_file base;
  char* data;
  sqlite3_int64 size;
  sqlite3_int64 capacity;
};

// SQLite allocates szOsFile bytes for a file and hands them to xOpen; the cache lives on the heap.
struct File {
  sqlite3_file base;
  SegmentCache* cache;
};

SegmentCache& cache_of(sqlite3_file* f) { return *reinterpret_cast<File*>(f)->cache; }

int x_close(sqlite3_file* f) {
  delete reinterpret_cast<File*>(f)->cache;
  return SQLITE_OK;
}

// Copies [offset, offset + amount) out of the segments it spans; past the end, zeros and a short
// read, as SQLite expects of every VFS.
int x_read(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
  auto& cache = cache_of(f);
  auto* out = static_cast<char*>(buf);
  auto want = static_cast<std::uint64_t>(amount);
  auto at = static_cast<std::uint64_t>(offset);
  try {
    while (want > 0 && at < cache.size()) {
      const auto& segment = cache.segment(static_cast<std::uint32_t>(at / crypto::kSegmentSize));
      const std::size_t within = at % crypto::kSegmentSize;
      const std::size_t n = std::min<std::uint64_t>(want, segment.size() - within);
      std::memcpy(out, segment.data() + within, n);
      out += n;
      at += n;
      want -= n;
    }
  } catch (...) {
    return SQLITE_IOERR_READ;  // altered: SQLite gets nothing unauthenticated
  }
  if (want == 0) return SQLITE_OK;
  std::memset(out, 0, want);
  return SQLITE_IOERR_SHORT_READ;
}

int x_write(sqlite3_file*, const void*, int, sqlite3_int64) { return SQLITE_READONLY; }
int x_truncate(sqlite3_file*, sqlite3_int64) { return SQLITE_READONLY; }
int x_sync(sqlite3_file*, int) { return SQLITE_READONLY; }

int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  *size = static_cast<sqlite3_int64>(cache_of(f).size());
  return SQLITE_OK;
}

// The file never changes and is never written: there is nothing to lock against.
int x_lock(sqlite3_file*, int) { return SQLITE_OK; }
int x_unlock(sqlite3_file*, int) { return SQLITE_OK; }
int x_check_reserved(sqlite3_file*, int* out) {
  *out = 0;
  return SQLITE_OK;
}
int x_file_control(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int x_sector_size(sqlite3_file*) { return 4096; }
int x_device(sqlite3_file*) { return SQLITE_IOCAP_IMMUTABLE; }

const sqlite3_io_methods kFileMethods = {
    1,       x_close,  x_read,           x_write,        x_truncate,    x_sync,   x_file_size,
    x_lock,  x_unlock, x_check_reserved, x_file_control, x_sector_size, x_device, nullptr,
    nullptr, nullptr,  nullptr,          nullptr,        nullptr};

// ---- temporary files: in memory -----------------------------------------------------------------

// What all temporary files hold together, and the most they may: a job's sort past this answers
// SQLITE_FULL, which the engine reports as past its memory limit.
std::atomic<std::int64_t> g_temporary_bytes{0};
std::atomic<std::int64_t> g_temporary_limit{INT64_MAX};

bool reserve_temporary(std::int64_t bytes) {
  const auto before = g_temporary_bytes.fetch_add(bytes);
  if (before + bytes <= g_temporary_limit.load()) return true;
  g_temporary_bytes.fetch_sub(bytes);
  return false;
}

MemoryFile& memory_of(sqlite3_file* f) { return *reinterpret_cast<MemoryFile*>(f); }

int m_close(sqlite3_file* f) {
  sqlite3_free(memory_of(f).data);
  g_temporary_bytes.fetch_sub(memory_of(f).capacity);
  return SQLITE_OK;
}

int m_read(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
  const auto& m = memory_of(f);
  const sqlite3_int64 n = std::clamp<sqlite3_int64>(m.size - offset, 0, amount);
  if (n > 0) std::memcpy(buf, m.data + offset, static_cast<std::size_t>(n));
  if (n == amount) return SQLITE_OK;
  std::memset(static_cast<char*>(buf) + n, 0, static_cast<std::size_t>(amount - n));
  return SQLITE_IOERR_SHORT_READ;
}

int m_write(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
  auto& m = memory_of(f);
  const sqlite3_int64 end = offset + amount;
  if (end > m.capacity) {
    sqlite3_int64 capacity = std::max<sqlite3_int64>(end, 2 * m.capacity);
    if (!reserve_temporary(capacity - m.capacity)) {
      capacity = end;  // doubling would pass the limit: exactly what is needed, if that fits
      if (!reserve_temporary(capacity - m.capacity)) return SQLITE_FULL;
    }
    void* grown = sqlite3_realloc64(m.data, static_cast<sqlite3_uint64>(capacity));
    if (grown == nullptr) {
      g_temporary_bytes.fetch_sub(capacity - m.capacity);
      return SQLITE_IOERR_NOMEM;
    }
    m.data = static_cast<char*>(grown);
    m.capacity = capacity;
  }
  if (offset > m.size) std::memset(m.data + m.size, 0, static_cast<std::size_t>(offset - m.size));
  std::memcpy(m.data + offset, buf, static_cast<std::size_t>(amount));
  m.size = std::max(m.size, end);
  return SQLITE_OK;
}

int m_truncate(sqlite3_file* f, sqlite3_int64 size) {
  auto& m = memory_of(f);
  m.size = std::min(m.size, size);
  return SQLITE_OK;
}

int m_sync(sqlite3_file*, int) { return SQLITE_OK; }

int m_file_size(sqlite3_file* f, sqlite3_int64* size) {
  *size = memory_of(f).size;
  return SQLITE_OK;
}

int m_device(sqlite3_file*) { return 0; }

const sqlite3_io_methods kMemoryMethods = {
    1,       m_close,  m_read,           m_write,        m_truncate,    m_sync,   m_file_size,
    x_lock,  x_unlock, x_check_reserved, x_file_control, x_sector_size, m_device, nullptr,
    nullptr, nullptr,  nullptr,          nullptr,        nullptr};

// The files SQLite makes for itself while running a statement (the sorter's runs, temporary
// tables and indexes, statement journals): nameless and deleted on close.
bool is_temporary(const char* name, int flags) {
  const int kinds = SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TRANSIENT_DB | SQLITE_OPEN_TEMP_JOURNAL |
                    SQLITE_OPEN_SUBJOURNAL;
  return name == nullptr && (flags & kinds) != 0;
}

int open_temporary(sqlite3_file* file, int flags, int* out_flags) {
  auto& m = memory_of(file);
  m.data = nullptr;
  m.size = 0;
  m.capacity = 0;
  file->pMethods = &kMemoryMethods;
  if (out_flags) *out_flags = flags;
  return SQLITE_OK;
}

sqlite3_vfs* default_vfs() {
  static sqlite3_vfs* const vfs = sqlite3_vfs_find(nullptr);
  return vfs;
}

// A registered dataset, as a read-only main database, and SQLite's temporary files, in memory;
// journals, named files, ATTACHed or VACUUMed-into databases all end here.
int x_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  file->pMethods = nullptr;
  if (is_temporary(name, flags)) return open_temporary(file, flags, out_flags);
  const int writable = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_DELETEONCLOSE;
  if (name == nullptr || (flags & SQLITE_OPEN_MAIN_DB) == 0 || (flags & writable) != 0)
    return SQLITE_CANTOPEN;
  Reader reader = registered(name);
  if (!reader) return SQLITE_CANTOPEN;
  try {
    reinterpret_cast<File*>(file)->cache = new SegmentCache(std::move(reader));
  } catch (...) {
    return SQLITE_NOMEM;
  }
  file->pMethods = &kFileMethods;
  if (out_flags) *out_flags = SQLITE_OPEN_READONLY;
  return SQLITE_OK;
}

int x_delete(sqlite3_vfs*, const char*, int) { return SQLITE_IOERR_DELETE; }

// Asked about journals and WAL files: there are none.
int x_access(sqlite3_vfs*, const char*, int, int* out) {
  *out = 0;
  return SQLITE_OK;
}

int x_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  if (static_cast<int>(std::strlen(name)) >= size) return SQLITE_CANTOPEN;
  std::strcpy(out, name);
  return SQLITE_OK;
}

// No extensions are ever loaded through it.
void* x_dl_open(sqlite3_vfs*, const char*) { return nullptr; }
void x_dl_error(sqlite3_vfs*, int size, char* out) {
  if (size > 0) std::snprintf(out, static_cast<std::size_t>(size), "no extensions");
}
void (*x_dl_sym(sqlite3_vfs*, void*, const char*))(void) { return nullptr; }
void x_dl_close(sqlite3_vfs*, void*) {}

int x_randomness(sqlite3_vfs*, int n, char* out) {
  return default_vfs()->xRandomness(default_vfs(), n, out);
}
int x_sleep(sqlite3_vfs*, int us) { return default_vfs()->xSleep(default_vfs(), us); }
int x_current_time(sqlite3_vfs*, double* out) {
  return default_vfs()->xCurrentTime(default_vfs(), out);
}
int x_last_error(sqlite3_vfs*, int, char*) { return 0; }
int x_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  return default_vfs()->xCurrentTimeInt64(default_vfs(), out);
}

constexpr const char* kVfsName = "dx-sealed";

}  // namespace

const char* sealed_vfs_name() {
  static const bool registered_once = [] {
    static sqlite3_vfs vfs = {2,
                              static_cast<int>(std::max(sizeof(File), sizeof(MemoryFile))),
                              1024,
                              nullptr,
                              kVfsName,
                              nullptr,
                              x_open,
                              x_delete,
                              x_access,
                              x_full_pathname,
                              x_dl_open,
                              x_dl_error,
                              x_dl_sym,
                              x_dl_close,
                              x_randomness,
                              x_sleep,
                              x_current_time,
                              x_last_error,
                              x_current_time_int64,
                              nullptr,
                              nullptr,
                              nullptr};
    default_vfs();
    return sqlite3_vfs_register(&vfs, 0) == SQLITE_OK;
  }();
  return registered_once ? kVfsName : nullptr;
}

std::string register_sealed_file(std::unique_ptr<crypto::SegmentReader> reader) {
  static std::atomic<std::uint64_t> next{0};
  std::string name = "dx-dataset-" + std::to_string(++next);
  std::lock_guard lock(registry_mu);
  registry().emplace(name, Reader(std::move(reader)));
  return name;
}

void set_temporary_limit(std::int64_t bytes) { g_temporary_limit.store(bytes); }

void unregister_sealed_file(const std::string& name) {
  std::lock_guard lock(registry_mu);
  registry().erase(name);
}

}  // namespace dx::datasets::detail
