// Records for regulators: JSON Lines with the exchange's public keys first, then every record in
// order, each signed tree head right after the record that completes its tree:
//   {"type":"keys","keys":[{"key_id","algorithm":"Ed25519","public_key_pem"}]}
//   {"type":"record","seq","at","actor","action","subject","data","leaf"(base64),"hash"(hex)}
//   {"type":"head","tree_size","payload"(base64),"signature"(base64),"key_id"}
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "records/verify.hpp"

namespace dx {
namespace crypto {
class SigningKey;
}
namespace store {
class Db;
}
namespace records {

struct ExportRange {
  std::optional<std::string> from_at, to_at;  // RFC 3339, inclusive; none: everything
};

// Writes the export of `db` to `out`, one line per call of `line` (for streaming).
void export_records(store::Db& db, const crypto::SigningKey& key, const ExportRange& range,
                    const std::function<void(const std::string& line)>& line);

// Verifies an export file, or a live data directory (its database read-only, its public key).
VerifyReport verify_export_file(const std::filesystem::path& file);
VerifyReport verify_data_dir(const std::filesystem::path& data_dir);

// `exchanged records export|verify ...`; returns the exit code.
int records_command(int argc, char** argv);

}  // namespace records
}  // namespace dx
