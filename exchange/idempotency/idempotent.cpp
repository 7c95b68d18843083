#include "idempotency/idempotent.hpp"

#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/reply.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx {

namespace {

using nlohmann::json;

bool valid_key(const std::string& k) {
  if (k.empty() || k.size() > 200) return false;
  for (unsigned char c : k)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

struct Key {
  std::string account, route, key, digest;
};

Result<Answer> run_once(store::Tx& tx, const Key& k, const IdempotentCommand& command) {
  auto& db = tx.db();
  auto& find = db.cached("SELECT request_hash, status, response FROM idempotency WHERE account_id = ? AND route = ? AND key = ?");
  find.bind(1, k.account).bind(2, k.route).bind(3, k.key);
  if (find.step()) {
    const bool same = find.blob(0) == k.digest;
    Answer a{static_cast<int>(find.int64(1)), nullptr, std::nullopt, find.text(2)};
    find.reset();
    if (!same) return make_error(Errc::idempotency_conflict, "This Idempotency-Key was used with another request body.");
    return a;
  }
  find.reset();
  auto answer = command(tx);
  if (!answer || answer->problem) return answer;
  auto& keep = db.cached(
      "INSERT INTO idempotency (account_id, route, key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  keep.bind(1, k.account).bind(2, k.route).bind(3, k.key).bind_blob(4, k.digest).bind(5, answer->status);
  keep.bind(6, answer->text.empty() ? answer->body.dump() : answer->text).bind(7, tx.now_text()).run();
  keep.reset();
  return answer;
}

void send(const http::Reply& reply, const Result<Answer>& r) {
  if (!r) return http::send_problem(reply, r.error());
  if (r->problem) return http::send_problem(reply, *r->problem);
  if (!r->text.empty()) return reply(http::json_response(r->status, r->text));
  http::send_json(reply, r->status, r->body);
}

}  // namespace

void run_idempotent(Services& s, const http::Request& req, const std::string& route, IdempotentCommand command,
                    http::Reply reply) {
  auto done = [reply](Result<Answer> r) { send(reply, r); };
  const std::string* key = req.header("idempotency-key");
  if (key == nullptr) return s.sequencer.run<Answer>(std::move(command), std::move(done));
  if (!valid_key(*key))
    return http::send_problem(reply, field_error("Idempotency-Key", "must be 1 to 200 visible ASCII characters"));
  Key k{req.principal ? req.principal->account_id : std::string(), route, *key, crypto::sha256(req.body)};
  s.sequencer.run<Answer>([k = std::move(k), command = std::move(command)](store::Tx& tx) { return run_once(tx, k, command); },
                          std::move(done));
}

}  // namespace dx
