#include "crypto/openssl_error.hpp"

#include <openssl/err.h>

#include <stdexcept>
#include <string>

namespace dx::crypto::detail {

void throw_openssl_error(const char* what) {
  std::string message(what);
  if (const unsigned long code = ERR_get_error(); code != 0) {
    char reason[256];
    ERR_error_string_n(code, reason, sizeof reason);
    message.append(": ").append(reason);
  }
  ERR_clear_error();
  throw std::runtime_error(message);
}

void discard_openssl_errors() noexcept { ERR_clear_error(); }

}  // namespace dx::crypto::detail
