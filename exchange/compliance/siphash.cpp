#include "compliance/siphash.hpp"

#include <bit>
#include <cstring>

namespace dx::compliance::detail {
namespace {

struct State {
  std::uint64_t v0, v1, v2, v3;

  void round() {
    v0 += v1;
    v1 = std::rotl(v1, 13);
    v1 ^= v0;
    v0 = std::rotl(v0, 32);
    v2 += v3;
    v3 = std::rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = std::rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = std::rotl(v1, 17);
    v1 ^= v2;
    v2 = std::rotl(v2, 32);
  }

  void compress(std::uint64_t m) {
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }

  std::uint64_t finalize_word() {
    for (int i = 0; i < 4; ++i) round();
    return v0 ^ v1 ^ v2 ^ v3;
  }
};

// Message words are read little-endian, as the reference implementation does.
std::uint64_t load_le(const char* p, std::size_t n) {
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < n; ++i) {
    w |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  }
  return w;
}

std::uint64_t load_word(const char* p) {
  if constexpr (std::endian::native == std::endian::little) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    return w;
  } else {
    return load_le(p, 8);
  }
}

}  // namespace

Hash128 siphash128(const SipKey& key, std::string_view data) {
  State s{0x736f6d6570736575ULL ^ key[0], 0x646f72616e646f6dULL ^ key[1] ^ 0xee,
          0x6c7967656e657261ULL ^ key[0], 0x7465646279746573ULL ^ key[1]};
  const std::size_t full = data.size() / 8 * 8;
  for (std::size_t i = 0; i < full; i += 8) s.compress(load_word(data.data() + i));
  const std::uint64_t tail = load_le(data.data() + full, data.size() - full);
  s.compress(tail | (static_cast<std::uint64_t>(data.size()) << 56));
  s.v2 ^= 0xee;
  Hash128 h;
  h.lo = s.finalize_word();
  s.v1 ^= 0xdd;
  h.hi = s.finalize_word();
  return h;
}

}  // namespace dx::compliance::detail
