#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace dx::test {

namespace fs = std::filesystem;

namespace {

nlohmann::json base_config() {
  // Sign-ups are limited per address; every test account comes from the loopback address, so
  // the tests that are not about that limit lift it. The metrics listener takes any free port.
  return {{"listen", "127.0.0.1:0"},
          {"threads", 2},
          {"limits", {{"signups_per_minute_per_ip", 1000000}, {"signup_burst_per_ip", 1000000}}},
          {"metrics", {{"listen", "127.0.0.1:0"}}},
          {"auth", {{"scrypt_log2_n", 10}}},
          {"compliance", {{"rules_dir", DX_SOURCE_DIR "/config/compliance"}}},
          {"log", {{"requests", true}}}};
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const fs::path& log_path) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid > 0) return pid;
  const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  dup2(fd, STDOUT_FILENO);
  dup2(fd, STDERR_FILENO);
  for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  _exit(127);
}

// The port of the first log line with event `event`.
std::optional<std::uint16_t> logged_port(const std::string& log, const std::string& event) {
  const auto at = log.find("\"event\":\"" + event + "\"");
  if (at == std::string::npos) return std::nullopt;
  const auto line_start = log.rfind('\n', at);
  const auto begin = line_start == std::string::npos ? 0 : line_start + 1;
  const auto line_end = log.find('\n', at);
  if (line_end == std::string::npos) return std::nullopt;  // still being written
  return nlohmann::json::parse(log.substr(begin, line_end - begin))["port"].get<std::uint16_t>();
}

}  // namespace

ServerProcess::ServerProcess(nlohmann::json config_patch, std::map<std::string, std::string> env)
    : env_(std::move(env)) {
  std::random_device rd;
  root_ = fs::temp_directory_path() / ("dx-it-" + std::to_string(rd()) + std::to_string(getpid()));
  data_dir_ = root_ / "data";
  config_path_ = root_ / "exchange.json";
  log_path_ = root_ / "server.log";
  fs::create_directories(root_);
  nlohmann::json config = base_config();
  config.merge_patch(config_patch);
  config["data_dir"] = data_dir_.string();
  config_metrics_listen_ = !config["metrics"]["listen"].get<std::string>().empty();
  std::ofstream(config_path_) << config.dump(2);
  env_.emplace("EXCHANGE_ADMIN_EMAIL", kAdminEmail);
  env_.emplace("EXCHANGE_ADMIN_PASSWORD", kAdminPassword);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill_hard();
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void ServerProcess::run_as(std::vector<std::string> leading_args, std::string listening_event) {
  leading_args_ = std::move(leading_args);
  listening_event_ = std::move(listening_event);
  config_metrics_listen_ = false;
}

void ServerProcess::start() {
  log_offset_ = read_file(log_path_).size();
  std::vector<std::string> args = {DX_EXCHANGED_PATH};
  args.insert(args.end(), leading_args_.begin(), leading_args_.end());
  args.insert(args.end(), {"--config", config_path_.string()});
  pid_ = spawn(args, env_, log_path_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string log = read_file(log_path_).substr(log_offset_);
    const auto port = logged_port(log, listening_event_);
    const bool metrics_wanted = config_metrics_listen_;
    const auto metrics = logged_port(log, "metrics_listening");
    if (port && (metrics || !metrics_wanted || log.find("metrics_listener_failed") != std::string::npos)) {
      port_ = *port;
      metrics_port_ = metrics.value_or(0);
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("exchanged exited during start:\n" + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("exchanged did not start listening within 60 s");
}

int ServerProcess::stop_gracefully() {
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::kill_hard() {
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::log_text() const { return read_file(log_path_); }

std::pair<int, std::string> ServerProcess::run_command(const std::vector<std::string>& args) const {
  const fs::path out = root_ / ("command-" + std::to_string(std::random_device{}()) + ".log");
  std::vector<std::string> argv = {DX_EXCHANGED_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = spawn(argv, env_, out);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), read_file(out)};
}

}  // namespace dx::test
