// API.md "Records": the record of every state change, for auditors and admins (O3, O8).
#include "records/routes.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "core/worker_pool.hpp"
#include "crypto/crypto.hpp"
#include "http/json_body.hpp"
#include "http/log.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "records/export.hpp"
#include "records/heads.hpp"
#include "records/proofs.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"
#include "store/records.hpp"
#include "store/sequencer.hpp"

namespace dx::records {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

std::optional<std::int64_t> parse_seq(const std::string& s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(s);
}

Result<store::RecordQuery> parse_query(const Request& req) {
  store::RecordQuery q;
  const auto limit = http::parse_limit(req);
  if (!limit) return limit.error();
  q.limit = *limit;
  for (const char* key : {"after_seq", "cursor"}) {
    if (const auto* v = req.query_param(key)) {
      auto seq = parse_seq(*v);
      if (!seq) return field_error(key, "must be a record sequence number");
      q.after_seq = std::max(q.after_seq, *seq);
    }
  }
  if (const auto* v = req.query_param("subject")) q.subject = *v;
  if (const auto* v = req.query_param("actor")) q.actor = *v;
  if (const auto* v = req.query_param("action")) q.action = *v;
  for (const char* key : {"from", "to"}) {
    if (const auto* v = req.query_param(key)) {
      auto t = parse_rfc3339(*v);
      if (!t) return field_error(key, "must be an RFC 3339 time, e.g. 2026-01-31T00:00:00Z");
      (std::string(key) == "from" ? q.from_at : q.to_at) = to_rfc3339(*t);
    }
  }
  return q;
}

json record_json(const store::Record& r) {
  return {{"seq", r.seq},
          {"at", r.at},
          {"actor", r.actor},
          {"action", r.action},
          {"subject", r.subject},
          {"data", json::parse(r.data)},
          {"leaf", crypto::base64(r.leaf)},
          {"hash", crypto::hex(r.hash)}};
}

void get_events(Services& s, Request& req, Reply reply) {
  auto q = parse_query(req);
  if (!q) return http::send_problem(reply, q.error());
  std::vector<store::Record> rows;
  {
    auto db = s.reads.acquire();
    rows = store::query_records(*db, *q);
  }
  json items = json::array();
  for (const auto& r : rows) items.push_back(record_json(r));
  const bool more = static_cast<int>(rows.size()) == q->limit;
  http::send_json(reply, 200,
                  http::page(std::move(items),
                             more ? std::optional(std::to_string(rows.back().seq)) : std::nullopt));
}

json head_json(const SignedHead& h) {
  return {{"payload", crypto::base64(h.payload)}, {"signature", crypto::base64(h.signature)}, {"key_id", h.key_id}};
}

std::vector<std::string> hex_all(const std::vector<std::string>& hashes) {
  std::vector<std::string> out;
  for (const auto& h : hashes) out.push_back(crypto::hex(h));
  return out;
}

// A positive tree size in the query; nullopt when absent.
Result<std::optional<std::int64_t>> size_param(const Request& req, const char* key) {
  const auto* v = req.query_param(key);
  if (!v) return std::optional<std::int64_t>{};
  auto n = parse_seq(*v);
  if (!n || *n < 1) return field_error(key, "must be a positive tree size");
  return std::optional<std::int64_t>(*n);
}

void get_head(Services& s, Request&, Reply reply) {
  s.sequencer.run<json>(
      [&s](store::Tx& tx) -> Result<json> {
        auto h = sign_head(tx, s.signing_key);
        if (!h) return make_error(Errc::not_found, "There are no records yet.");
        return head_json(*h);
      },
      [reply](Result<json> r) { http::send_result(reply, 200, r); });
}

void get_proof(Services& s, Request& req, Reply reply) {
  auto tree = size_param(req, "tree_size");
  if (!tree) return http::send_problem(reply, tree.error());
  auto p = inclusion_proof(*s.reads.acquire(), parse_seq(req.param("seq")), *tree);
  if (!p) return http::send_problem(reply, p.error());
  http::send_json(reply, 200,
                  {{"leaf_index", p->leaf_index}, {"tree_size", p->tree_size}, {"audit_path", hex_all(p->audit_path)}});
}

void get_consistency(Services& s, Request& req, Reply reply) {
  auto first = size_param(req, "first");
  if (!first) return http::send_problem(reply, first.error());
  if (!*first) return http::send_problem(reply, field_error("first", "is required"));
  auto second = size_param(req, "second");
  if (!second) return http::send_problem(reply, second.error());
  auto p = consistency_proof(*s.reads.acquire(), **first, *second);
  if (!p) return http::send_problem(reply, p.error());
  http::send_json(reply, 200, {{"first", p->first}, {"second", p->second}, {"consistency_path", hex_all(p->path)}});
}

// An export, written to an unlinked file in the data directory, read back in chunks.
class SpooledExport {
 public:
  explicit SpooledExport(const std::filesystem::path& dir) {
    std::string name = (dir / "export.XXXXXX").string();
    fd_ = ::mkstemp(name.data());
    if (fd_ < 0) throw std::runtime_error("cannot make a file for the export in " + dir.string());
    ::unlink(name.c_str());  // gone once closed, whatever happens
  }
  ~SpooledExport() { ::close(fd_); }
  SpooledExport(const SpooledExport&) = delete;
  SpooledExport& operator=(const SpooledExport&) = delete;

  void append(const std::string& line) {
    pending_ += line;
    pending_ += '\n';
    if (pending_.size() >= kChunk) flush();
  }
  void flush() {
    for (std::size_t done = 0; done < pending_.size();) {
      const auto n = ::pwrite(fd_, pending_.data() + done, pending_.size() - done, static_cast<off_t>(size_ + done));
      if (n < 0) throw std::runtime_error(std::string("cannot write the export: ") + std::strerror(errno));
      done += static_cast<std::size_t>(n);
    }
    size_ += pending_.size();
    pending_.clear();
  }
  std::uint64_t size() const { return size_; }
  // The next chunk, or nullopt after the last.
  std::optional<std::string> read() {
    if (read_ >= size_) return std::nullopt;
    std::string chunk(std::min<std::uint64_t>(kChunk, size_ - read_), '\0');
    const auto n = ::pread(fd_, chunk.data(), chunk.size(), static_cast<off_t>(read_));
    if (n <= 0) throw std::runtime_error("cannot read the export back");
    chunk.resize(static_cast<std::size_t>(n));
    read_ += chunk.size();
    return chunk;
  }

 private:
  static constexpr std::size_t kChunk = 64 << 10;
  int fd_ = -1;
  std::string pending_;
  std::uint64_t size_ = 0, read_ = 0;
};

// Written on a worker thread into a file, then streamed: an export of the whole log neither holds
// an I/O thread nor its size in memory.
void get_export(Services& s, Request& req, Reply reply) {
  auto q = parse_query(req);
  if (!q) return http::send_problem(reply, q.error());
  s.workers.post([&s, range = ExportRange{q->from_at, q->to_at}, reply] {
    auto spool = std::shared_ptr<SpooledExport>();
    try {
      spool = std::make_shared<SpooledExport>(s.data_dir);
      auto db = s.reads.acquire();
      export_records(*db, s.signing_key, range, [&spool](const std::string& l) { spool->append(l); });
      spool->flush();
    } catch (const std::exception& e) {
      s.log.write({{"level", "error"}, {"event", "export_failed"}, {"error", e.what()}});
      return http::send_problem(reply, make_error(Errc::unavailable, "The export could not be written; try again."));
    }
    http::Response res;
    res.stream_size = spool->size();
    res.stream = [spool] { return spool->read(); };
    res.set_header("Content-Type", "application/x-ndjson");
    res.set_header("Content-Disposition", "attachment; filename=\"records.jsonl\"");
    reply(std::move(res));
  });
}

}  // namespace

void add_record_routes(http::Router& router, Services& services) {
  router.add(
      {.method = http::Method::get,
       .pattern = "/api/v1/audit/events",
       .summary =
           "Search the records (query: after_seq, cursor, limit, subject, actor, action, from, to)",
       .tag = "records",
       .access = http::Access::roles,
       .roles = {"auditor", "admin"},
       .statuses = {200},
       .handler = [&services](Request& req,
                              Reply reply) { get_events(services, req, std::move(reply)); },
       .query = http::page_query({{"after_seq", "integer", "records after this sequence number"},
                                  {"subject", "string", "a subject id"},
                                  {"actor", "string", "an account id"},
                                  {"action", "string", "an action name"},
                                  {"from", "string", "RFC 3339 time"},
                                  {"to", "string", "RFC 3339 time"}})});
  const std::vector<std::string> auditors = {"auditor", "admin"};
  router.add({.method = http::Method::get,
              .pattern = "/api/v1/audit/head",
              .summary = "The signed head of the records' Merkle tree (RFC 9162), signed now if the tree grew",
              .tag = "records",
              .access = http::Access::roles,
              .roles = auditors,
              .statuses = {200},
              .handler = [&services](Request& req, Reply reply) { get_head(services, req, std::move(reply)); }});
  router.add({.method = http::Method::get,
              .pattern = "/api/v1/audit/proof/{seq}",
              .summary = "Inclusion proof of a record (query: tree_size, default the whole log)",
              .tag = "records",
              .access = http::Access::roles,
              .roles = auditors,
              .statuses = {200},
              .handler = [&services](Request& req,
                                     Reply reply) { get_proof(services, req, std::move(reply)); },
              .query = {{"tree_size", "integer", "the tree size, default the whole log"}}});
  router.add(
      {.method = http::Method::get,
       .pattern = "/api/v1/audit/consistency",
       .summary = "Consistency proof between two tree sizes (query: first, second)",
       .tag = "records",
       .access = http::Access::roles,
       .roles = auditors,
       .statuses = {200},
       .handler = [&services](Request& req,
                              Reply reply) { get_consistency(services, req, std::move(reply)); },
       .query = {{"first", "integer", "the smaller tree size"},
                 {"second", "integer", "the larger tree size"}}});
  router.add({.method = http::Method::get,
              .pattern = "/api/v1/audit/export",
              .summary = "Records and signed heads as JSON Lines (query: from, to), for regulators",
              .tag = "records",
              .access = http::Access::roles,
              .roles = auditors,
              .statuses = {200},
              .produces = "application/x-ndjson",
              .handler = [&services](Request& req,
                                     Reply reply) { get_export(services, req, std::move(reply)); },
              .query = {{"from", "string", "RFC 3339 time"}, {"to", "string", "RFC 3339 time"}}});
}

}  // namespace dx::records
