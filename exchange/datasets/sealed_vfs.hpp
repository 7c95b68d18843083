// Internal to dx_datasets: the read-only SQLite VFS that serves a sealed dataset in place. A
// page is one 64 KiB segment of the sealed file, decrypted and authenticated when SQLite reads
// it. Nothing else is ever opened through it but SQLite's temporary files (a large sort's runs),
// which it keeps in SQLite's heap: no journal, no other file, so a connection on it has no path
// to the file system and no plaintext reaches the disk.
#pragma once

#include <memory>
#include <string>

#include "crypto/crypto.hpp"

namespace dx::datasets::detail {

// The VFS's name for sqlite3_open_v2 ("vfs=" of a URI); registers it on first use. Thread-safe.
const char* sealed_vfs_name();

// Makes `reader`'s file openable through the VFS under the returned name, unique in the
// process, until unregister_sealed_file(name). Thread-safe.
std::string register_sealed_file(std::unique_ptr<crypto::SegmentReader> reader);
void unregister_sealed_file(const std::string& name);

// See datasets::set_temporary_memory_limit.
void set_temporary_limit(std::int64_t bytes);

}  // namespace dx::datasets::detail
