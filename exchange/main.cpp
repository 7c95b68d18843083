// exchanged: the data exchange server.
//   exchanged --config config/exchange.json [--listen HOST:PORT] [--data-dir DIR]
//   exchanged records export --data-dir DIR --out FILE | records verify FILE | --data-dir DIR
//   exchanged gateway --core https://HOST:PORT [--core-ca FILE] [--config FILE] [--listen HOST:PORT]
//                     [--data-dir DIR] [--node-id ID]
#include <cstring>
#include <iostream>
#include <string>

#include "app/app.hpp"
#include "config/config.hpp"
#include "gateway/node.hpp"
#include "records/export.hpp"

namespace {

constexpr const char* kUsage =
    "usage: exchanged [--config FILE] [--listen HOST:PORT] [--data-dir DIR]\n"
    "       exchanged records export --data-dir DIR --out FILE [--from TIME] [--to TIME]\n"
    "       exchanged records verify FILE | --data-dir DIR\n"
    "       exchanged gateway --core https://HOST:PORT [--core-ca FILE] [--node-id ID] [--config FILE]\n"
    "                         [--listen HOST:PORT] [--data-dir DIR]\n"
    "  --config FILE       configuration (default config/exchange.json)\n"
    "  --listen HOST:PORT  overrides \"listen\" (port 0 picks a free port)\n"
    "  --data-dir DIR      overrides \"data_dir\" (a gateway node keeps only its TLS certificate there)\n"
    "  --core URL          the exchange a gateway node serves (its gateway.node_token must match)\n"
    "  --core-ca FILE      PEM certificate(s) to trust for the exchange (default: the system's)\n"
    "environment: EXCHANGE_ADMIN_EMAIL, EXCHANGE_ADMIN_PASSWORD create the first admin;\n"
    "             EXCHANGE_MASTER_KEY (64 hex characters) replaces DATA/keys/master.key\n";

int fail(const std::string& message) {
  std::cerr << "exchanged: " << message << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "records") == 0) return dx::records::records_command(argc, argv);
  const bool node = argc > 1 && std::strcmp(argv[1], "gateway") == 0;
  std::string config_path = "config/exchange.json", listen, data_dir;
  dx::gateway::NodeOptions node_options;
  for (int i = node ? 2 : 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (i + 1 >= argc) return fail("missing value after " + arg);
    if (arg == "--config") config_path = argv[++i];
    else if (arg == "--listen") listen = argv[++i];
    else if (arg == "--data-dir") data_dir = argv[++i];
    else if (node && arg == "--core") node_options.core_url = argv[++i];
    else if (node && arg == "--core-ca") node_options.core_ca = argv[++i];
    else if (node && arg == "--node-id") node_options.node_id = argv[++i];
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
  if (!node) return dx::run_exchange(*config);
  if (node_options.core_url.empty()) return fail("gateway: --core is required");
  node_options.data_dir = config->data_dir;
  return dx::gateway::run_node(*config, node_options);
}
