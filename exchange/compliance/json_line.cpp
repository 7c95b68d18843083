#include "compliance/json_line.hpp"

#include <charconv>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace dx::compliance::detail {

// An nlohmann SAX handler: no document is built, each value goes straight to on_value.
class JsonLine::Handler {
 public:
  using json = nlohmann::json;

  Handler(const OnValue& on_value, std::string& error) : on_value_(on_value), error_(error) {}

  bool null() { return scalar("null"); }
  bool boolean(bool v) { return scalar(v ? "true" : "false"); }
  bool number_integer(json::number_integer_t v) { return number(v); }
  bool number_unsigned(json::number_unsigned_t v) { return number(v); }
  bool number_float(json::number_float_t, const json::string_t& text) { return scalar(text); }
  bool string(json::string_t& v) { return scalar(v); }
  bool binary(json::binary_t&) { return not_object(); }

  bool start_object(std::size_t) {
    if (bases_.empty() && started_) return not_object();
    started_ = true;
    bases_.push_back(path_.size());
    return true;
  }
  bool key(json::string_t& k) {
    const std::size_t base = bases_.back();
    path_.resize(base);
    if (base != 0) path_.push_back('.');
    path_.append(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) {
    if (bases_.empty()) return not_object();
    bases_.push_back(path_.size());
    return true;
  }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
    error_ = "not valid JSON at character " + std::to_string(position);
    return false;
  }

 private:
  bool scalar(std::string_view text) {
    if (bases_.empty()) return not_object();
    return on_value_(path_, text);
  }
  template <typename Int>
  bool number(Int v) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return scalar({buf, static_cast<std::size_t>(end - buf)});
  }
  bool close() {
    path_.resize(bases_.back());
    bases_.pop_back();
    return true;
  }
  bool not_object() {
    error_ = "not a JSON object";
    return false;
  }

  const OnValue& on_value_;
  std::string& error_;
  std::string path_;                // the column of the value being read
  std::vector<std::size_t> bases_;  // per open object or array: path_'s length when it opened
  bool started_ = false;
};

Result<JsonLine::End, std::string> JsonLine::read(std::string_view line) {
  std::string error;
  Handler handler(on_value_, error);
  if (nlohmann::json::sax_parse(line.begin(), line.end(), &handler)) return End::whole;
  if (!error.empty()) return error;
  return End::stopped;
}

}  // namespace dx::compliance::detail
