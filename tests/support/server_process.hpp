// Starts the real exchanged binary on a free loopback port with a fresh data directory, for
// integration tests. Configuration values may be overridden per test (short windows, cheap KDF).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace dx::test {

class ServerProcess {
 public:
  // `config_patch` is merged into the test configuration (nlohmann::json::merge_patch).
  explicit ServerProcess(nlohmann::json config_patch = nlohmann::json::object(),
                         std::map<std::string, std::string> env = {});
  ~ServerProcess();  // SIGKILLs a server still running and removes the data directory
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Runs `exchanged <leading_args…> --config …` instead (a gateway node: {"gateway", "--core",
  // URL, …}), ready once it logs `listening_event`. Call before start().
  void run_as(std::vector<std::string> leading_args, std::string listening_event);
  void start();               // waits until it listens; throws when it exits instead
  int stop_gracefully();      // SIGTERM, then the exit code
  void kill_hard();           // SIGKILL, no cleanup at all
  bool running() const { return pid_ > 0; }

  std::uint16_t port() const { return port_; }
  // The metrics listener's port (0 when it has none).
  std::uint16_t metrics_port() const { return metrics_port_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  std::string log_text() const;  // what the server printed so far
  // Runs exchanged with other arguments (not as a server) and returns {exit code, output}.
  std::pair<int, std::string> run_command(const std::vector<std::string>& args) const;

  static constexpr const char* kAdminEmail = "admin@exchange.test";
  static constexpr const char* kAdminPassword = "admin-password-1234";

 private:
  std::filesystem::path root_, data_dir_, config_path_, log_path_;
  std::map<std::string, std::string> env_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::uint16_t metrics_port_ = 0;
  bool config_metrics_listen_ = true;
  std::vector<std::string> leading_args_;
  std::string listening_event_ = "listening";
  std::size_t log_offset_ = 0;
};

}  // namespace dx::test
