// exchanged: the data exchange server.
//   exchanged --config config/exchange.json [--listen HOST:PORT] [--data-dir DIR]
//   exchanged records export --data-dir DIR --out FILE | records verify FILE | --data-dir DIR
#include <cstring>
#include <iostream>
#include <string>

#include "app/app.hpp"
#include "config/config.hpp"
#include "records/export.hpp"

namespace {

constexpr const char* kUsage =
    "usage: exchanged [--config FILE] [--listen HOST:PORT] [--data-dir DIR]\n"
    "       exchanged records export --data-dir DIR --out FILE [--from TIME] [--to TIME]\n"
    "       exchanged records verify FILE | --data-dir DIR\n"
    "  --config FILE       configuration (default config/exchange.json)\n"
    "  --listen HOST:PORT  overrides \"listen\" (port 0 picks a free port)\n"
    "  --data-dir DIR      overrides \"data_dir\"\n"
    "environment: EXCHANGE_ADMIN_EMAIL, EXCHANGE_ADMIN_PASSWORD create the first admin;\n"
    "             EXCHANGE_MASTER_KEY (64 hex characters) replaces DATA/keys/master.key\n";

int fail(const std::string& message) {
  std::cerr << "exchanged: " << message << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "records") == 0) return dx::records::records_command(argc, argv);
  std::string config_path = "config/exchange.json", listen, data_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (i + 1 >= argc) return fail("missing value after " + arg);
    if (arg == "--config") config_path = argv[++i];
    else if (arg == "--listen") listen = argv[++i];
    else if (arg == "--data-dir") data_dir = argv[++i];
    else return fail("unknown option " + arg);
  }
  auto config = dx::load_config(config_path);
  if (!config) return fail("invalid configuration: " + config.error().detail);
  if (!listen.empty()) {
    auto address = dx::parse_listen(listen);
    if (!address) return fail(address.error().detail);
    config->listen = *address;
  }
  if (!data_dir.empty()) config->data_dir = data_dir;
  return dx::run_exchange(*config);
}
