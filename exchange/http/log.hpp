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
  // The per-request line; skipped when request logging is off.
  void request(const nlohmann::json& line) {
    if (requests_enabled_) write(line);
  }
  void flush();

 private:
  bool requests_enabled_;
  std::mutex write_mu_;
  std::mutex mu_;
  std::string buffer_;
};

}  // namespace dx
