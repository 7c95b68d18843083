// The files of the web UI, read from one directory. Only plain names below the root are served:
// every path segment is checked before the file system is asked, and the resolved file must still
// lie inside the root once symbolic links are followed. Thread-safe (no mutable state).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dx::webui {

struct Asset {
  std::string body;
  std::string content_type;
  std::string etag;  // strong, quoted: a digest of the body
};

// A segment that may name a file or folder of the UI: letters, digits, '-', '_' and '.', not
// starting with '.', at most 100 characters. Rules out "..", hidden files and anything encoded.
bool is_plain_segment(std::string_view segment);

// The media type of the kinds of file the UI is made of; nullopt for any other extension.
std::optional<std::string> content_type_for(const std::filesystem::path& file);

class StaticFiles {
 public:
  // `root` need not exist; then nothing is served.
  explicit StaticFiles(const std::filesystem::path& root);

  bool available() const { return !root_.empty(); }
  const std::filesystem::path& root() const { return root_; }

  // The file named by `segments` below the root; nullopt when a segment is not plain, the file is
  // missing, lies outside the root, is too large, or is not of a kind the UI uses.
  std::optional<Asset> load(const std::vector<std::string>& segments) const;

 private:
  std::filesystem::path root_;  // canonical; empty when the directory does not exist
};

}  // namespace dx::webui
