#include "store/wal_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

namespace dx::store {

namespace {

// The files of this VFS: the wrapped VFS's own file object follows this header in the same
// allocation (SQLite allocates szOsFile bytes), so every call is forwarded to `real`.
struct File {
  sqlite3_file base;
  sqlite3_file* real;
  bool is_wal;
  std::string db_name;             // the main database's name, for both kinds
  File* wal;                       // main database: its open WAL, if any
  std::vector<char>* pending;      // WAL: bytes written but not yet handed to the kernel
  sqlite3_int64 pending_offset;    // WAL: where `pending` starts in the file
};

sqlite3_vfs* real_vfs() { return sqlite3_vfs_find(nullptr); }

std::mutex registry_mu;
std::unordered_map<std::string, File*>& main_files() {
  static std::unordered_map<std::string, File*> files;
  return files;
}

File* self(sqlite3_file* f) { return reinterpret_cast<File*>(f); }

// The default VFS writes at most 128 KiB - 1 bytes per call (larger writes come out short).
constexpr std::size_t kMaxWrite = 120u << 10;

// Hands the coalesced bytes to the kernel in as few writes as the default VFS allows.
int flush(File* f) {
  if (!f->is_wal || f->pending->empty()) return SQLITE_OK;
  auto& pending = *f->pending;
  std::size_t done = 0;
  while (done < pending.size()) {
    const std::size_t n = std::min(kMaxWrite, pending.size() - done);
    const int rc = f->real->pMethods->xWrite(f->real, pending.data() + done, static_cast<int>(n),
                                             f->pending_offset + static_cast<sqlite3_int64>(done));
    if (rc != SQLITE_OK) {
      // What is left stays pending, for the next flush to retry.
      pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(done));
      f->pending_offset += static_cast<sqlite3_int64>(done);
      return rc;
    }
    done += n;
  }
  pending.clear();
  return SQLITE_OK;
}

constexpr std::size_t kMaxPending = 4u << 20;

int x_close(sqlite3_file* file) {
  File* f = self(file);
  int rc = flush(f);
  {
    std::lock_guard lock(registry_mu);
    auto& files = main_files();
    if (f->is_wal) {
      if (auto it = files.find(f->db_name); it != files.end() && it->second->wal == f) it->second->wal = nullptr;
    } else if (auto it = files.find(f->db_name); it != files.end() && it->second == f) {
      files.erase(it);
    }
  }
  const int closed = f->real->pMethods->xClose(f->real);
  delete f->pending;
  f->db_name.~basic_string();
  return rc != SQLITE_OK ? rc : closed;
}

int x_read(sqlite3_file* file, void* buf, int amount, sqlite3_int64 offset) {
  File* f = self(file);
  if (const int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xRead(f->real, buf, amount, offset);
}

int x_write(sqlite3_file* file, const void* buf, int amount, sqlite3_int64 offset) {
  File* f = self(file);
  if (!f->is_wal) return f->real->pMethods->xWrite(f->real, buf, amount, offset);
  auto& pending = *f->pending;
  if (!pending.empty() && offset != f->pending_offset + static_cast<sqlite3_int64>(pending.size())) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
  }
  if (pending.empty()) f->pending_offset = offset;
  const auto* p = static_cast<const char*>(buf);
  pending.insert(pending.end(), p, p + amount);
  return pending.size() >= kMaxPending ? flush(f) : SQLITE_OK;
}

int x_truncate(sqlite3_file* file, sqlite3_int64 size) {
  File* f = self(file);
  if (const int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xTruncate(f->real, size);
}

int x_sync(sqlite3_file* file, int flags) {
  File* f = self(file);
  if (const int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xSync(f->real, flags);
}

int x_file_size(sqlite3_file* file, sqlite3_int64* size) {
  File* f = self(file);
  if (const int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFileSize(f->real, size);
}

int x_lock(sqlite3_file* f, int level) { return self(f)->real->pMethods->xLock(self(f)->real, level); }
int x_unlock(sqlite3_file* f, int level) { return self(f)->real->pMethods->xUnlock(self(f)->real, level); }
int x_check_reserved(sqlite3_file* f, int* out) {
  return self(f)->real->pMethods->xCheckReservedLock(self(f)->real, out);
}

int x_file_control(sqlite3_file* file, int op, void* arg) {
  File* f = self(file);
  if (const int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFileControl(f->real, op, arg);
}

int x_sector_size(sqlite3_file* f) { return self(f)->real->pMethods->xSectorSize(self(f)->real); }
int x_device(sqlite3_file* f) { return self(f)->real->pMethods->xDeviceCharacteristics(self(f)->real); }

int x_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return self(f)->real->pMethods->xShmMap(self(f)->real, page, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return self(f)->real->pMethods->xShmLock(self(f)->real, offset, n, flags);
}

// SQLite publishes new WAL frames to other connections by writing the WAL-index header in shared
// memory, with a barrier between its two copies. The frames must be in the file by then.
void x_shm_barrier(sqlite3_file* file) {
  File* f = self(file);
  if (f->wal && flush(f->wal) != SQLITE_OK) {
    // The header would announce frames the file does not hold. Stopping here loses only the
    // batch being committed, which nobody has been told about; a restart recovers the rest.
    std::fputs("{\"level\":\"fatal\",\"event\":\"wal_write_failed\"}\n", stderr);
    std::abort();
  }
  f->real->pMethods->xShmBarrier(f->real);
}

int x_shm_unmap(sqlite3_file* f, int delete_flag) {
  return self(f)->real->pMethods->xShmUnmap(self(f)->real, delete_flag);
}

int x_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  File* f = self(file);
  if (const int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFetch(f->real, offset, amount, out);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
  return self(f)->real->pMethods->xUnfetch(self(f)->real, offset, p);
}

const sqlite3_io_methods kMethods = {
    3,           x_close,        x_read,     x_write,       x_truncate,   x_sync,
    x_file_size, x_lock,         x_unlock,   x_check_reserved, x_file_control, x_sector_size,
    x_device,    x_shm_map,      x_shm_lock, x_shm_barrier, x_shm_unmap,  x_fetch,
    x_unfetch};

int x_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  sqlite3_vfs* real = static_cast<sqlite3_vfs*>(vfs->pAppData);
  const bool is_main = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  const bool is_wal = (flags & SQLITE_OPEN_WAL) != 0;
  if ((!is_main && !is_wal) || name == nullptr) return real->xOpen(real, name, file, flags, out_flags);
  File* f = self(file);
  f->base.pMethods = nullptr;
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  const int rc = real->xOpen(real, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;  // SQLite calls no method of a file whose pMethods is null
  new (&f->db_name) std::string(is_main ? name : sqlite3_filename_database(name));
  f->is_wal = is_wal;
  f->wal = nullptr;
  f->pending = is_wal ? new std::vector<char>() : nullptr;
  f->pending_offset = 0;
  if (is_wal) f->pending->reserve(256 * 1024);
  {
    std::lock_guard lock(registry_mu);
    auto& files = main_files();
    if (is_main) {
      files[f->db_name] = f;
    } else if (auto it = files.find(f->db_name); it != files.end()) {
      it->second->wal = f;
    }
  }
  f->base.pMethods = &kMethods;
  return SQLITE_OK;
}

// The rest is the wrapped VFS's, called with the wrapped VFS.
sqlite3_vfs* inner(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }
int x_delete(sqlite3_vfs* v, const char* n, int sync) { return inner(v)->xDelete(inner(v), n, sync); }
int x_access(sqlite3_vfs* v, const char* n, int flags, int* out) { return inner(v)->xAccess(inner(v), n, flags, out); }
int x_full_pathname(sqlite3_vfs* v, const char* n, int size, char* out) {
  return inner(v)->xFullPathname(inner(v), n, size, out);
}
void* x_dl_open(sqlite3_vfs* v, const char* n) { return inner(v)->xDlOpen(inner(v), n); }
void x_dl_error(sqlite3_vfs* v, int n, char* out) { inner(v)->xDlError(inner(v), n, out); }
void (*x_dl_sym(sqlite3_vfs* v, void* h, const char* s))(void) { return inner(v)->xDlSym(inner(v), h, s); }
void x_dl_close(sqlite3_vfs* v, void* h) { inner(v)->xDlClose(inner(v), h); }
int x_randomness(sqlite3_vfs* v, int n, char* out) { return inner(v)->xRandomness(inner(v), n, out); }
int x_sleep(sqlite3_vfs* v, int us) { return inner(v)->xSleep(inner(v), us); }
int x_current_time(sqlite3_vfs* v, double* out) { return inner(v)->xCurrentTime(inner(v), out); }
int x_last_error(sqlite3_vfs* v, int n, char* out) { return inner(v)->xGetLastError(inner(v), n, out); }
int x_current_time64(sqlite3_vfs* v, sqlite3_int64* out) { return inner(v)->xCurrentTimeInt64(inner(v), out); }

}  // namespace

const char* coalescing_vfs() {
  static const char* const name = [] {
    static sqlite3_vfs vfs{};
    sqlite3_vfs* real = real_vfs();
    vfs.iVersion = 2;
    vfs.szOsFile = static_cast<int>(sizeof(File)) + real->szOsFile;
    vfs.mxPathname = real->mxPathname;
    vfs.zName = "dx-coalescing-wal";
    vfs.pAppData = real;
    vfs.xOpen = x_open;
    vfs.xDelete = x_delete;
    vfs.xAccess = x_access;
    vfs.xFullPathname = x_full_pathname;
    vfs.xDlOpen = x_dl_open;
    vfs.xDlError = x_dl_error;
    vfs.xDlSym = x_dl_sym;
    vfs.xDlClose = x_dl_close;
    vfs.xRandomness = x_randomness;
    vfs.xSleep = x_sleep;
    vfs.xCurrentTime = x_current_time;
    vfs.xGetLastError = x_last_error;
    vfs.xCurrentTimeInt64 = x_current_time64;
    if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) return static_cast<const char*>(nullptr);
    return vfs.zName;
  }();
  return name;
}

}  // namespace dx::store
