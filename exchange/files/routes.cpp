// API.md "Files".
#include "files/routes.hpp"

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "core/utf8.hpp"
#include "crypto/crypto.hpp"
#include "files/blob_store.hpp"
#include "files/service.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::files {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

bool is_token_char(unsigned char c) {
  return std::isalnum(c) || std::string_view("!#$&-^_.+").find(static_cast<char>(c)) != std::string_view::npos;
}

// "type/subtype" with optional parameters; nullopt when missing or malformed.
std::optional<std::string> media_type(const Request& req) {
  const std::string* ct = req.header("content-type");
  if (ct == nullptr || ct->size() > 200) return std::nullopt;
  const std::string base = ct->substr(0, ct->find(';'));
  const auto slash = base.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == base.size()) return std::nullopt;
  for (std::size_t i = 0; i < base.size(); ++i)
    if (i != slash && !is_token_char(static_cast<unsigned char>(base[i]))) return std::nullopt;
  // Visible ASCII and spaces only (RFC 9110 media types): the type is stored and recorded as sent.
  for (unsigned char c : *ct)
    if ((c < 0x20 && c != '\t') || c >= 0x7f) return std::nullopt;
  return *ct;
}

// The client's name for the file, UTF-8 (the server's edge refuses any other header bytes), cut
// to 255 bytes between characters.
std::optional<std::string> file_name(const Request& req) {
  const std::string* n = req.header("x-file-name");
  if (n == nullptr || n->empty()) return std::nullopt;
  std::string name(utf8_prefix(*n, 255));
  for (auto& c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == '/' || c == '\\' || c == '"') c = '_';
  return name;
}

Result<std::shared_ptr<http::BodySink>> make_sink(Services& s, const BlobStore& blobs, const Request& req) {
  if (!media_type(req))
    return make_error(Errc::unsupported_media_type, "Send the file with its Content-Type, e.g. text/csv.");
  // Refused before the body is read when its declared length is already past the quota; the
  // command checks again with the bytes that came.
  if (const std::string* length = req.header("content-length")) {
    auto db = s.reads.acquire();
    const auto declared = std::strtoull(length->c_str(), nullptr, 10);
    if (auto st = within_quota(s.config.limits, usage_of(*db, req.principal->account_id, s.clock()), declared);
        !st)
      return st.error();
  }
  return std::shared_ptr<http::BodySink>(blobs.begin_upload());
}

json file_json(const repository::FileRow& f) {
  json j = {{"id", f.id},
            {"sha256", f.sha256},
            {"size_bytes", f.size_bytes},
            {"content_type", f.content_type},
            {"created_at", f.created_at}};
  j["file_name"] = f.file_name ? json(*f.file_name) : json(nullptr);
  return j;
}

void post_file(Services& s, const BlobStore& blobs, Request& req, Reply reply) {
  auto upload = std::static_pointer_cast<Upload>(req.sink);
  const auto fin = upload->finish();
  s.sequencer.run<repository::FileRow>(
      [&s, &blobs, upload, fin, f = NewFile{req.principal->account_id, *media_type(req), file_name(req)}](
          store::Tx& tx) { return store_file(tx, s.config.limits, blobs, *upload, fin, f); },
      [reply](Result<repository::FileRow> r) {
        if (!r) return http::send_problem(reply, r.error());
        http::send_json(reply, 201, file_json(*r));
      });
}

void get_file(Services& s, const BlobStore& blobs, Request& req, Reply reply) {
  const auto stored = find_file(*s.reads.acquire(), req.param("id"));
  if (!stored || (stored->file.owner_id != req.principal->account_id && !req.principal->is_staff()))
    return http::send_problem(reply, make_error(Errc::not_found, "No such file."));
  const auto& f = stored->file;
  http::Response res;
  res.stream_size = static_cast<std::uint64_t>(f.size_bytes);
  res.stream = blobs.reader(f.sha256, stored->wrapped_key);
  res.set_header("Content-Type", f.content_type);
  res.set_header("X-Content-SHA256", f.sha256);
  res.set_header("Content-Security-Policy", "sandbox");
  res.set_header("Content-Disposition", "attachment; filename=\"" + f.file_name.value_or(f.id) + "\"");
  reply(std::move(res));
}

}  // namespace

void add_file_routes(http::Router& router, Services& services, const BlobStore& blobs) {
  using http::Access;
  using http::BodyKind;
  using http::Method;
  router.add({.method = Method::post,
              .pattern = "/api/v1/files",
              .summary = "Upload a file (raw body with its Content-Type; optional X-File-Name)",
              .tag = "files",
              .access = Access::account,
              .body = BodyKind::stream,
              .request_schema = {{"type", "string"}, {"format", "binary"}},
              .statuses = {201},
              .handler = [&services, &blobs](Request& req, Reply reply) {
                post_file(services, blobs, req, std::move(reply));
              },
              .make_sink = [&services, &blobs](const Request& req) { return make_sink(services, blobs, req); }});
  router.add({.method = Method::get,
              .pattern = "/api/v1/files/{id}",
              .summary = "Download a file you own (staff: any file)",
              .tag = "files",
              .access = Access::account,
              .statuses = {200},
              .produces = "application/octet-stream",
              .handler = [&services, &blobs](Request& req, Reply reply) {
                get_file(services, blobs, req, std::move(reply));
              }});
}

}  // namespace dx::files
