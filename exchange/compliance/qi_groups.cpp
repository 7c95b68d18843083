#include "compliance/qi_groups.hpp"

#include <algorithm>
#include <random>

namespace dx::compliance::detail {
namespace {

constexpr std::size_t kInitialSlots = 1024;  // a power of two; the table doubles from here

SipKey random_key() {
  std::random_device device;
  const auto word = [&device] { return (static_cast<std::uint64_t>(device()) << 32) | device(); };
  return {word(), word()};
}

void append_length(std::string& out, std::size_t n) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
}

}  // namespace

QiGroups::QiGroups(std::size_t quasi_identifiers, std::size_t max_groups)
    : key_(random_key()),
      values_(quasi_identifiers),
      present_(quasi_identifiers, false),
      max_groups_(max_groups) {}

void QiGroups::begin_row() { std::fill(present_.begin(), present_.end(), false); }

void QiGroups::set(std::size_t qi, std::string_view value) {
  values_[qi].assign(value);
  present_[qi] = true;
}

void QiGroups::end_row() {
  encoded_.clear();
  for (std::size_t i = 0; i < values_.size(); ++i) {
    if (!present_[i]) {
      encoded_.push_back('\0');
      continue;
    }
    encoded_.push_back('\1');
    append_length(encoded_, values_[i].size());
    encoded_.append(values_[i]);
  }
  add(siphash128(key_, encoded_));
}

QiGroups::Slot& QiGroups::find_slot(std::vector<Slot>& slots, const Hash128& h) {
  const std::size_t mask = slots.size() - 1;
  for (std::size_t i = h.lo & mask;; i = (i + 1) & mask) {
    if (slots[i].count == 0 || slots[i].hash == h) return slots[i];
  }
}

void QiGroups::add(const Hash128& h) {
  if (slots_.empty()) slots_.resize(kInitialSlots);
  Slot& slot = find_slot(slots_, h);
  if (slot.count != 0) {
    ++slot.count;
    return;
  }
  if (size_ == max_groups_) {
    too_many_ = true;  // the row is not counted; k_min then covers the groups that fit
    return;
  }
  slot = Slot{h, 1};
  ++size_;
  if (size_ * 4 > slots_.size() * 3) grow();  // keep the load at most 3/4 for short probes
}

void QiGroups::grow() {
  std::vector<Slot> bigger(slots_.size() * 2);
  for (const Slot& s : slots_) {
    if (s.count != 0) find_slot(bigger, s.hash) = s;
  }
  slots_.swap(bigger);
}

std::optional<std::int64_t> QiGroups::k_min() const {
  std::optional<std::int64_t> smallest;
  for (const Slot& s : slots_) {
    if (s.count != 0 && (!smallest || s.count < *smallest)) smallest = s.count;
  }
  return smallest;
}

}  // namespace dx::compliance::detail
