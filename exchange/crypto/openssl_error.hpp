// Internal to dx_crypto: turning OpenSSL's thread-local error queue into exceptions or nothing.
#pragma once

namespace dx::crypto::detail {

// Throws std::runtime_error naming `what` and the oldest queued OpenSSL reason, and empties the
// queue. For failures of OpenSSL itself, never for expected outcomes.
[[noreturn]] void throw_openssl_error(const char* what);

// Empties the queue after an expected failure (a forged tag, a bad signature), so that a later
// unrelated caller on this thread does not read a stale reason.
void discard_openssl_errors() noexcept;

}  // namespace dx::crypto::detail
