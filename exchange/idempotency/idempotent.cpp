#include "idempotency/idempotent.hpp"

#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/reply.hpp"
#include "idempotency/repository.hpp"
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
  idempotency::repository::KeyRef ref;
  std::string digest;
};

Result<Answer> run_once(store::Tx& tx, const Key& k, const IdempotentCommand& command) {
  if (auto seen = idempotency::repository::find(tx.db(), k.ref)) {
    if (seen->request_hash != k.digest)
      return make_error(Errc::idempotency_conflict, "This Idempotency-Key was used with another request body.");
    return Answer{seen->status, nullptr, std::nullopt, std::move(seen->response)};
  }
  auto answer = command(tx);
  if (!answer || answer->problem) return answer;
  idempotency::repository::remember(
      tx, k.ref, {k.digest, answer->status, answer->text.empty() ? answer->body.dump() : answer->text});
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
  Key k{{req.principal ? req.principal->account_id : std::string(), route, *key}, crypto::sha256(req.body)};
  s.sequencer.run<Answer>([k = std::move(k), command = std::move(command)](store::Tx& tx) { return run_once(tx, k, command); },
                          std::move(done));
}

}  // namespace dx
