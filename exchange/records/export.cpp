#include "records/export.hpp"

#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "records/repository.hpp"
#include "store/db.hpp"

namespace dx::records {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json head_line(const SignedHead& h) {
  return {{"type", "head"}, {"tree_size", h.tree_size}, {"payload", crypto::base64(h.payload)},
          {"signature", crypto::base64(h.signature)}, {"key_id", h.key_id}};
}

std::optional<SignedHead> parse_head(const json& j) {
  auto payload = crypto::unbase64(j.value("payload", ""));
  auto signature = crypto::unbase64(j.value("signature", ""));
  if (!payload || !signature) return std::nullopt;
  const auto p = json::parse(*payload, nullptr, false);
  if (p.is_discarded() || !p.is_object()) return std::nullopt;
  auto root = crypto::unhex(p.value("root_hash", ""));
  if (!root) return std::nullopt;
  return SignedHead{p.value("tree_size", std::int64_t{0}), *root, p.value("signed_at", ""), *payload, *signature,
                    j.value("key_id", "")};
}

std::optional<store::Record> parse_record(const json& j) {
  auto leaf = crypto::unbase64(j.value("leaf", ""));
  auto hash = crypto::unhex(j.value("hash", ""));
  if (!leaf || !hash || !j.contains("data")) return std::nullopt;
  return store::Record{j.value("seq", std::int64_t{0}), j.value("at", ""), j.value("actor", ""),
                       j.value("action", ""), j.value("subject", ""), j["data"].dump(), *leaf, *hash};
}

bool in(const ExportRange& range, const std::string& at) {
  return (!range.from_at || at >= *range.from_at) && (!range.to_at || at <= *range.to_at);
}

std::string record_line(const store::Record& r) {
  return json{{"type", "record"}, {"seq", r.seq}, {"at", r.at}, {"actor", r.actor}, {"action", r.action},
              {"subject", r.subject}, {"data", json::parse(r.data, nullptr, false)},
              {"leaf", crypto::base64(r.leaf)}, {"hash", crypto::hex(r.hash)}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

void print(const VerifyReport& r) {
  if (r.ok) {
    std::cout << "records verified: " << r.records << " records, " << r.heads
              << " signed tree heads; nothing was changed, removed, inserted or reordered\n";
  } else {
    std::cout << "records FAILED verification: " << r.problem << "\n";
    if (r.seq) std::cout << "first bad record: " << *r.seq << "\n";
  }
}

int usage() {
  std::cerr << "usage: exchanged records export --data-dir DIR --out FILE [--from RFC3339] [--to RFC3339]\n"
               "       exchanged records verify FILE\n"
               "       exchanged records verify --data-dir DIR\n";
  return 2;
}

}  // namespace

void export_records(store::Db& db, const crypto::SigningKey& key, const ExportRange& range,
                    const std::function<void(const std::string&)>& line) {
  line(json{{"type", "keys"},
            {"keys", {{{"key_id", key.key_id()}, {"algorithm", "Ed25519"}, {"public_key_pem", key.public_key_pem()}}}}}
           .dump());
  const auto heads = repository::all_heads(db);
  std::size_t next_head = 0;
  repository::for_each_record(db, [&](const store::Record& r) {
    const bool in_range = in(range, r.at);
    if (in_range) line(record_line(r));
    for (; next_head < heads.size() && heads[next_head].tree_size <= r.seq; ++next_head)
      if (in_range) line(head_line(heads[next_head]).dump());
  });
}

VerifyReport verify_export_file(const fs::path& file) {
  std::map<std::string, std::string> keys;
  std::vector<SignedHead> heads;
  std::ifstream first(file);
  if (!first) return {false, 0, 0, std::nullopt, "cannot read " + file.string()};
  std::string text;
  for (int n = 1; std::getline(first, text); ++n) {
    const auto j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return {false, 0, 0, std::nullopt, "line " + std::to_string(n) + " is not JSON"};
    if (j.value("type", "") == "keys")
      for (const auto& k : j["keys"]) keys[k.value("key_id", "")] = k.value("public_key_pem", "");
    if (j.value("type", "") == "head") {
      auto h = parse_head(j);
      if (!h) return {false, 0, 0, std::nullopt, "line " + std::to_string(n) + " is a malformed head"};
      heads.push_back(*h);
    }
  }
  Verifier v(keys);
  for (const auto& h : heads) v.add_head(h);
  std::ifstream second(file);
  for (int n = 1; std::getline(second, text); ++n) {
    const auto j = json::parse(text, nullptr, false);
    if (j.value("type", "") != "record") continue;
    auto r = parse_record(j);
    if (!r) return {false, 0, 0, std::nullopt, "line " + std::to_string(n) + " is a malformed record"};
    v.add_record(*r);
  }
  return v.finish();
}

VerifyReport verify_data_dir(const fs::path& data_dir) {
  const auto key_file = data_dir / "keys" / "signing-ed25519.pem";
  if (!fs::exists(key_file)) return {false, 0, 0, std::nullopt, "no exchange key in " + data_dir.string()};
  store::Db db(data_dir / "exchange.db", store::OpenMode::read_only);
  const auto key = crypto::SigningKey::load_or_create(key_file);
  Verifier v(std::map<std::string, std::string>{{key.key_id(), key.public_key_pem()}});
  for (const auto& h : repository::all_heads(db)) v.add_head(h);
  repository::for_each_record(db, [&v](const store::Record& r) { v.add_record(r); });
  return v.finish();
}

int records_command(int argc, char** argv) {
  if (argc < 3) return usage();
  const std::string verb = argv[2];
  std::map<std::string, std::string> opts;
  std::vector<std::string> args;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--", 0) == 0 && i + 1 < argc) opts[a] = argv[++i];
    else args.push_back(a);
  }
  try {
    if (verb == "export" && opts.count("--data-dir") && opts.count("--out")) {
      const fs::path dir = opts["--data-dir"];
      store::Db db(dir / "exchange.db", store::OpenMode::read_only);
      const auto key = crypto::SigningKey::load_or_create(dir / "keys" / "signing-ed25519.pem");
      std::ofstream out(opts["--out"], std::ios::binary);
      ExportRange range;
      if (opts.count("--from")) range.from_at = opts["--from"];
      if (opts.count("--to")) range.to_at = opts["--to"];
      std::int64_t lines = 0;
      export_records(db, key, range, [&](const std::string& l) {
        out << l << "\n";
        ++lines;
      });
      out.close();
      if (!out) throw std::runtime_error("cannot write " + opts["--out"]);
      std::cout << "exported " << lines << " lines to " << opts["--out"] << "\n";
      return 0;
    }
    if (verb == "verify" && (args.size() == 1 || opts.count("--data-dir"))) {
      const auto report = args.size() == 1 ? verify_export_file(args[0]) : verify_data_dir(opts["--data-dir"]);
      print(report);
      return report.ok ? 0 : 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "exchanged records: " << e.what() << "\n";
    return 1;
  }
  return usage();
}

}  // namespace dx::records
