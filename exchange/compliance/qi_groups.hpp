// Internal to dx_compliance: counts rows per combination of quasi-identifier values, for the
// k-anonymity test of P5 (TJ-29): data is anonymous only if every combination of the columns an
// attacker can link to other sources is shared by at least k rows.
//
// A combination is kept as a 128-bit keyed hash of its values (length-prefixed, so ("ab","c")
// and ("a","bc") differ) with its count, in an open-addressing table: 24 bytes a slot, at most
// `max_groups` groups. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/siphash.hpp"

namespace dx::compliance::detail {

class QiGroups {
 public:
  QiGroups(std::size_t quasi_identifiers, std::size_t max_groups);

  // One row: begin_row(), set() each value the row has, end_row(). A value never set counts
  // as absent, which differs from every string, the empty one included.
  void begin_row();
  void set(std::size_t qi, std::string_view value);
  void end_row();

  std::optional<std::int64_t> k_min() const;  // nullopt before any row was counted
  bool too_many_groups() const { return too_many_; }
  std::size_t groups() const { return size_; }

 private:
  struct Slot {
    Hash128 hash;
    std::int64_t count = 0;  // 0: empty slot
  };

  void add(const Hash128& h);
  Slot& find_slot(std::vector<Slot>& slots, const Hash128& h);
  void grow();

  SipKey key_;
  std::vector<std::string> values_;
  std::vector<bool> present_;
  std::string encoded_;  // the row's combination, reused between rows
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  std::size_t max_groups_;
  bool too_many_ = false;
};

}  // namespace dx::compliance::detail
