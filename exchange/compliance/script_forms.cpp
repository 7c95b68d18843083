#include "compliance/script_forms.hpp"

#include <algorithm>

#include <opencc.h>

namespace dx::compliance::detail {
namespace {

constexpr const char* kConversions[] = {"s2t.json", "s2tw.json", "s2twp.json", "s2hk.json",
                                        "t2s.json"};

bool is_ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

void ScriptForms::Close::operator()(void* converter) const { opencc_close(converter); }

Result<ScriptForms> ScriptForms::open() {
  ScriptForms forms;
  for (const char* config : kConversions) {
    opencc_t converter = opencc_open(config);
    if (converter == reinterpret_cast<opencc_t>(-1)) {
      return make_error(Errc::internal,
                        std::string("OpenCC conversion ") + config +
                            " cannot be opened (is libopencc-data installed?): " + opencc_error());
    }
    forms.converters_.emplace_back(converter);
  }
  return forms;
}

std::vector<std::string> ScriptForms::forms(const std::string& term) const {
  std::vector<std::string> out{term};
  if (is_ascii(term)) return out;
  for (const auto& converter : converters_) {
    char* converted = opencc_convert_utf8(converter.get(), term.data(), term.size());
    if (converted == nullptr) continue;  // no conversion: the term stands as configured
    std::string form(converted);
    opencc_convert_utf8_free(converted);
    if (std::find(out.begin(), out.end(), form) == out.end()) out.push_back(std::move(form));
  }
  return out;
}

}  // namespace dx::compliance::detail
