// Internal to dx_compliance: SipHash-2-4 with 128-bit output (Aumasson and Bernstein), a keyed
// hash. The k-anonymity count keys groups by this hash under a key drawn per scan, so a seller
// who knows the code still cannot craft two different quasi-identifier combinations that fall
// into one group and make the smallest group look larger than it is (P5).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace dx::compliance::detail {

struct Hash128 {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  friend bool operator==(const Hash128&, const Hash128&) = default;
};

using SipKey = std::array<std::uint64_t, 2>;

Hash128 siphash128(const SipKey& key, std::string_view data);

}  // namespace dx::compliance::detail
