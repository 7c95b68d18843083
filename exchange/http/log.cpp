#include "http/log.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace dx {

void Log::write(const nlohmann::json& line) {
  nlohmann::json j = line;
  j["ts"] = to_rfc3339(std::chrono::system_clock::now());
  std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  append(text);
}

void Log::raw(std::string line) {
  line += ",\"ts\":\"" + to_rfc3339(std::chrono::system_clock::now()) + "\"}\n";
  append(line);
}

void Log::append(const std::string& text) {
  bool full = false;
  {
    std::lock_guard lock(mu_);
    buffer_ += text;
    full = buffer_.size() >= 64 * 1024;
  }
  if (full) flush();
}

void Log::flush() {
  std::lock_guard write_lock(write_mu_);  // blocks reach the output in the order they were cut
  std::string out;
  {
    std::lock_guard lock(mu_);
    out.swap(buffer_);
  }
  for (std::size_t off = 0; off < out.size();) {
    const auto n = ::write(STDOUT_FILENO, out.data() + off, out.size() - off);
    if (n <= 0) break;
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace dx
