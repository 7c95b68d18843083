#include "store/read_pool.hpp"

namespace dx::store {

ReadPool::ReadPool(std::filesystem::path path) : path_(std::move(path)) {}

ReadPool::Handle::~Handle() {
  if (db_) pool_->release(std::move(db_));
}

ReadPool::Handle ReadPool::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return Handle(*this, std::move(db));
    }
  }
  return Handle(*this, std::make_unique<Db>(path_, OpenMode::read_only));
}

void ReadPool::release(std::unique_ptr<Db> db) {
  // A statement left mid-result would keep its snapshot: the next user must see new commits.
  db->reset_cached();
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(db));
}

}  // namespace dx::store
