#include "compute/noise.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "crypto/crypto.hpp"

namespace dx::compute::detail {
namespace {

// Uniform on the open interval (0, 1), from 53 random bits: never 0 or 1, so the logarithm
// below stays finite.
double uniform_open() {
  const crypto::Bytes bytes = crypto::random_bytes(sizeof(std::uint64_t));
  std::uint64_t bits = 0;
  std::memcpy(&bits, bytes.data(), sizeof bits);
  return (static_cast<double>(bits >> 11) + 0.5) / 9007199254740992.0;  // 2^53
}

}  // namespace

// Inverse CDF: for u uniform on (0, 1) and v = u - 1/2, -b sgn(v) ln(1 - 2|v|) is Laplace(b).
double laplace(double b) {
  const double v = uniform_open() - 0.5;
  return -b * std::copysign(1.0, v) * std::log(1.0 - 2.0 * std::fabs(v));
}

}  // namespace dx::compute::detail
