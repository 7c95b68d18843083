// Structured logs: one JSON object per line on standard output. Lines are buffered and written
// in blocks (flush() is called periodically by the server and at exit), so logging costs one
// write(2) per many requests. Thread-safe.
#pragma once

#include <mutex>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace dx {

class Log {
 public:
  explicit Log(bool requests_enabled = true) : requests_enabled_(requests_enabled) {}
  ~Log() { flush(); }
  void write(const nlohmann::json& line);  // adds "ts"
  bool requests_enabled() const { return requests_enabled_; }
  // A line that is already a JSON object without its closing brace; "ts" and '}' are added.
  void raw(std::string line);
  void flush();

 private:
  void append(const std::string& text);

  bool requests_enabled_;
  std::mutex write_mu_;
  std::mutex mu_;
  std::string buffer_;
};

}  // namespace dx
