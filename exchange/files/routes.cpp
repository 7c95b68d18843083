// API.md "Files".
#include "files/routes.hpp"

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "core/utf8.hpp"
#include "crypto/crypto.hpp"
#include "files/blob_store.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "store/db.hpp"
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

// What an account has uploaded: in the last 24 hours, and in all (every file it holds).
struct Usage {
  std::int64_t today = 0;
  std::int64_t stored = 0;
};

Usage usage_of(store::Db& db, const std::string& owner, TimePoint now) {
  auto& st = db.cached(
      "SELECT coalesce(sum(CASE WHEN created_at > ?2 THEN size_bytes END), 0), coalesce(sum(size_bytes), 0) "
      "FROM files WHERE owner_id = ?1");
  st.bind(1, owner).bind(2, to_rfc3339(now - std::chrono::hours(24)));
  st.step();
  const Usage u{st.int64(0), st.int64(1)};
  st.reset();
  return u;
}

// The per-account upload quota (limits.upload_bytes_per_day, limits.stored_bytes_per_account)
// for `size` more bytes.
Status within_quota(const Config::Limits& limits, const Usage& used, std::uint64_t size) {
  const auto day = static_cast<std::uint64_t>(used.today), stored = static_cast<std::uint64_t>(used.stored);
  if (day + size > limits.upload_bytes_per_day) {
    Error e = make_error(Errc::upload_quota_exceeded,
                         "This account may upload " + std::to_string(limits.upload_bytes_per_day) +
                             " bytes in 24 hours and has uploaded " + std::to_string(day) + ".");
    e.retry_after_s = 3600;
    return e;
  }
  if (stored + size > limits.stored_bytes_per_account)
    return make_error(Errc::storage_quota_exceeded,
                      "This account may hold " + std::to_string(limits.stored_bytes_per_account) +
                          " bytes of files and holds " + std::to_string(stored) + ".");
  return ok_status();
}

Result<std::shared_ptr<http::BodySink>> make_sink(Services& s, const BlobStore& blobs, const Request& req) {
  if (!media_type(req))
    return make_error(Errc::unsupported_media_type, "Send the file with its Content-Type, e.g. text/csv.");
  // Refused before the body is read when its declared length is already past the quota; the
  // command checks again with the bytes that came.
  if (const std::string* length = req.header("content-length")) {
    auto db = s.reads.acquire();
    const auto declared = std::strtoull(length->c_str(), nullptr, 10);
    if (auto st = within_quota(s.config.limits, usage_of(*db, req.principal->account_id, s.clock()), declared); !st)
      return st.error();
  }
  return std::shared_ptr<http::BodySink>(blobs.begin_upload());
}

json file_view(const std::string& id, const std::string& sha, std::int64_t size, const std::string& type,
               const std::optional<std::string>& name, const std::string& at) {
  json j = {{"id", id}, {"sha256", sha}, {"size_bytes", size}, {"content_type", type}, {"created_at", at}};
  j["file_name"] = name ? json(*name) : json(nullptr);
  return j;
}

Result<json> insert_file(store::Tx& tx, const Config::Limits& limits, const BlobStore& blobs, Upload& upload,
                         const Upload::Finished& fin, const std::string& owner,
                         const std::string& type, const std::optional<std::string>& name) {
  auto& db = tx.db();
  if (auto st = within_quota(limits, usage_of(db, owner, tx.now()), fin.size_bytes); !st) return st.error();
  auto& has = db.cached("SELECT 1 FROM blobs WHERE sha256 = ?");
  has.bind(1, fin.sha256_hex);
  const bool known = has.step();
  has.reset();
  if (known) {
    blobs.discard(upload);
  } else {
    auto& ins = db.cached("INSERT INTO blobs (sha256, size_bytes, wrapped_key, created_at) VALUES (?, ?, ?, ?)");
    ins.bind(1, fin.sha256_hex).bind(2, static_cast<std::int64_t>(fin.size_bytes));
    ins.bind_blob(3, fin.wrapped_key).bind(4, tx.now_text()).run();
    ins.reset();
    // Moved into place now, and out again if this command or its batch is rolled back: a stored
    // blob always has its row, so a failed upload leaves nothing on disk.
    blobs.store(upload, fin.sha256_hex);
    tx.on_rollback([&blobs, sha = fin.sha256_hex] { blobs.remove(sha); });
  }
  const std::string id = new_id("file"), at = tx.now_text();
  const auto size = static_cast<std::int64_t>(fin.size_bytes);
  auto& st = db.cached(
      "INSERT INTO files (id, owner_id, sha256, size_bytes, content_type, file_name, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, id).bind(2, owner).bind(3, fin.sha256_hex).bind(4, size).bind(5, type).bind(6, name).bind(7, at);
  st.run();
  st.reset();
  tx.record(owner, "file.uploaded", id, {{"sha256", fin.sha256_hex}, {"size_bytes", size}, {"content_type", type}});
  return file_view(id, fin.sha256_hex, size, type, name, at);
}

void post_file(Services& s, const BlobStore& blobs, Request& req, Reply reply) {
  auto upload = std::static_pointer_cast<Upload>(req.sink);
  const auto fin = upload->finish();
  s.sequencer.run<json>(
      [&s, &blobs, upload, fin, owner = req.principal->account_id, type = *media_type(req),
       name = file_name(req)](store::Tx& tx) {
        return insert_file(tx, s.config.limits, blobs, *upload, fin, owner, type, name);
      },
      [reply](Result<json> r) { http::send_result(reply, 201, r); });
}

void get_file(Services& s, const BlobStore& blobs, Request& req, Reply reply) {
  auto db = s.reads.acquire();
  auto& st = db->cached(
      "SELECT f.owner_id, f.sha256, f.size_bytes, f.content_type, f.file_name, b.wrapped_key "
      "FROM files f JOIN blobs b ON b.sha256 = f.sha256 WHERE f.id = ?");
  st.bind(1, req.param("id"));
  const bool found = st.step();
  const bool allowed = found && (st.text(0) == req.principal->account_id || req.principal->is_staff());
  if (!allowed) {
    st.reset();
    return http::send_problem(reply, make_error(Errc::not_found, "No such file."));
  }
  http::Response res;
  res.stream_size = static_cast<std::uint64_t>(st.int64(2));
  res.stream = blobs.reader(st.text(1), st.blob(5));
  res.set_header("Content-Type", st.text(3));
  res.set_header("X-Content-SHA256", st.text(1));
  res.set_header("Content-Security-Policy", "sandbox");
  res.set_header("Content-Disposition",
                 "attachment; filename=\"" + (st.is_null(4) ? req.param("id") : st.text(4)) + "\"");
  st.reset();
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
