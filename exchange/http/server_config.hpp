// The server's options as the configuration sets them (listen address, threads, TLS, limits,
// pooled upstream connections), for every listener a process opens: the exchange's, its metrics
// listener's and a gateway node's.
#pragma once

#include <filesystem>

#include "http/server.hpp"

namespace dx {
struct Config;
}

namespace dx::http {

ServerOptions server_options(const Config& c, const std::filesystem::path& cert, const std::filesystem::path& key);

}  // namespace dx::http
