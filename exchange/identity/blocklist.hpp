// Identities barred from trading (config "kyc.blocklist_file"): resident identity numbers and
// credit codes, held only as keyed hashes of their normalised form, like every stored identity.
#pragma once

#include <filesystem>
#include <set>
#include <string>

#include "core/error.hpp"

namespace dx::identity {

class Blocklist {
 public:
  Blocklist() = default;
  // Reads one identifier per line; blank lines and lines starting with '#' are skipped. A line
  // that is neither a valid identity number nor a valid credit code is an error naming the line.
  static Result<Blocklist> load(const std::filesystem::path& file, const std::string& pepper);
  bool contains(const std::string& identity_hmac) const { return hashes_.count(identity_hmac) > 0; }
  std::size_t size() const { return hashes_.size(); }

 private:
  std::set<std::string> hashes_;
};

// The keyed hash that stands for an identity everywhere it is stored or compared (O10, CD-39):
// HMAC-SHA-256 under the exchange's pepper of "person:<number>" or "organization:<code>".
std::string identity_hmac(const std::string& pepper, const std::string& kind,
                          const std::string& normalised);

}  // namespace dx::identity
