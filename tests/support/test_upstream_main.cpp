// test_upstream --port N [--threads K]: the loopback upstream of support/upstream.hpp as a
// program of its own, for benchmarks of forwarded routes and tests across processes. Serves
// until SIGINT or SIGTERM.
#include <pthread.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include "support/upstream.hpp"

int main(int argc, char** argv) {
  dx::test::UpstreamOptions options;
  options.record = false;  // a benchmark sends millions of requests
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--port") {
      options.port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
    } else if (flag == "--threads") {
      options.threads = std::max(1, std::atoi(argv[i + 1]));
    } else {
      std::cerr << "usage: test_upstream --port N [--threads K]\n";
      return 2;
    }
  }
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop,
                  nullptr);  // before the server's threads start, so they inherit it
  dx::test::Upstream upstream(options);
  std::cout << "listening on 127.0.0.1:" << upstream.port() << std::endl;
  int sig = 0;
  sigwait(&stop, &sig);
  return 0;
}
