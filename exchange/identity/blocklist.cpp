#include "identity/blocklist.hpp"

#include <chrono>
#include <fstream>

#include "crypto/crypto.hpp"
#include "kyc/credit_code.hpp"
#include "kyc/identity_number.hpp"

namespace dx::identity {

std::string identity_hmac(const std::string& pepper, const std::string& kind,
                          const std::string& normalised) {
  return crypto::hmac_sha256(pepper, kind + ":" + normalised);
}

Result<Blocklist> Blocklist::load(const std::filesystem::path& file, const std::string& pepper) {
  Blocklist b;
  std::ifstream in(file);
  if (!in) return make_error(Errc::not_found, "cannot read the KYC blocklist " + file.string());
  // Any date after every birth date in the file will do: birth dates are not judged here.
  const std::chrono::year_month_day far_future{std::chrono::year{9999}, std::chrono::December,
                                               std::chrono::day{31}};
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const auto start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == '#') continue;
    if (auto id = kyc::validate_identity_number(line, far_future)) {
      b.hashes_.insert(identity_hmac(pepper, "person", id->number));
    } else if (auto code = kyc::validate_credit_code(line)) {
      b.hashes_.insert(identity_hmac(pepper, "organization", code->code));
    } else {
      return make_error(Errc::validation_failed,
                        file.string() + ":" + std::to_string(n) +
                            ": neither a valid identity number nor a valid credit code");
    }
  }
  return b;
}

}  // namespace dx::identity
