// Arbitrary text as the configuration file (dx::parse_config, the part of load_config that reads
// the text) and as a listen address (dx::parse_listen, also given on the command line). A
// refusal must name what is wrong; an accepted configuration must keep its values in range.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto listen = dx::parse_listen(text); !listen && listen.error().detail.empty())
    __builtin_trap();
  const auto config = dx::parse_config(text);
  if (!config) {
    if (config.error().detail.empty()) __builtin_trap();
    return 0;
  }
  const auto& limits = config->limits;
  if (limits.json_body_bytes < 1024 || limits.header_bytes < 1024 || config->threads < 0)
    __builtin_trap();
  return 0;
}
