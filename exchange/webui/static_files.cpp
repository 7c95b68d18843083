#include "webui/static_files.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>

#include "crypto/crypto.hpp"

namespace dx::webui {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxSegment = 100;
constexpr std::uintmax_t kMaxFileBytes = 4u << 20;  // the UI is small hand-written files

bool inside(const fs::path& root, const fs::path& file) {
  auto r = root.begin();
  auto f = file.begin();
  for (; r != root.end(); ++r, ++f)
    if (f == file.end() || *r != *f) return false;
  return f != file.end();
}

std::optional<std::string> read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return body;
}

}  // namespace

bool is_plain_segment(std::string_view segment) {
  if (segment.empty() || segment.size() > kMaxSegment || segment.front() == '.') return false;
  return std::all_of(segment.begin(), segment.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

std::optional<std::string> content_type_for(const fs::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  const auto it = kTypes.find(file.extension().string());
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

StaticFiles::StaticFiles(const fs::path& root) {
  std::error_code ec;
  auto canonical = fs::canonical(root, ec);
  if (!ec && fs::is_directory(canonical, ec)) root_ = std::move(canonical);
}

std::optional<Asset> StaticFiles::load(const std::vector<std::string>& segments) const {
  if (!available() || segments.empty()) return std::nullopt;
  fs::path path = root_;
  for (const auto& s : segments) {
    if (!is_plain_segment(s)) return std::nullopt;
    path /= s;
  }
  auto type = content_type_for(path);
  if (!type) return std::nullopt;
  std::error_code ec;
  const auto real = fs::canonical(path, ec);
  if (ec || !inside(root_, real) || !fs::is_regular_file(real, ec)) return std::nullopt;
  const auto size = fs::file_size(real, ec);
  if (ec || size > kMaxFileBytes) return std::nullopt;
  auto body = read_all(real);
  if (!body) return std::nullopt;
  std::string etag = "\"" + crypto::hex(crypto::sha256(*body)).substr(0, 32) + "\"";
  return Asset{std::move(*body), std::move(*type), std::move(etag)};
}

}  // namespace dx::webui
