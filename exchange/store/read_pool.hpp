// Read-only connections for queries (WAL lets them read while the sequencer writes). Thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/db.hpp"

namespace dx::store {

class ReadPool {
 public:
  explicit ReadPool(std::filesystem::path path);

  // A connection lent to the caller until the handle is destroyed. Each handle is used by one
  // thread at a time. Connections are opened on demand and kept for reuse.
  class Handle {
   public:
    Handle(ReadPool& pool, std::unique_ptr<Db> db) : pool_(&pool), db_(std::move(db)) {}
    ~Handle();
    Handle(Handle&& o) noexcept : pool_(o.pool_), db_(std::move(o.db_)) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle& operator=(Handle&&) = delete;
    Db& operator*() { return *db_; }
    Db* operator->() { return db_.get(); }

   private:
    ReadPool* pool_;
    std::unique_ptr<Db> db_;
  };

  Handle acquire();

 private:
  friend class Handle;
  void release(std::unique_ptr<Db> db);

  std::filesystem::path path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Db>> idle_;
};

}  // namespace dx::store
