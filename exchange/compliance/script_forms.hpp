// Internal to dx_compliance: a Chinese term in both scripts, so that a keyword configured in
// simplified characters is also found in traditional ones (P1: "軍事設施" is "军事设施"). The
// conversions are OpenCC's maintained tables (Debian libopencc-data installs them in
// /usr/share/opencc): simplified to traditional in general (s2t), as written in Taiwan (s2tw,
// and s2twp with its phrases) and in Hong Kong (s2hk), and traditional to simplified (t2s) for a
// term configured in traditional characters. Used while the rules load, never per cell.
// Not thread-safe: OpenCC converters keep state.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace dx::compliance::detail {

class ScriptForms {
 public:
  // Opens every conversion; an error names the OpenCC configuration that could not be read.
  static Result<ScriptForms> open();

  // `term` and its forms in the other script, each once; an ASCII term is only itself.
  std::vector<std::string> forms(const std::string& term) const;

 private:
  struct Close {
    void operator()(void* converter) const;
  };
  std::vector<std::unique_ptr<void, Close>> converters_;
};

}  // namespace dx::compliance::detail
