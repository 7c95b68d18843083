// API.md "Idempotency-Key": a repeat of a POST with the same key and the same body returns the
// first answer; the same key with another body is 409 idempotency_conflict. The key is kept per
// account and route, in the same transaction as the change it answers, so a change and its
// remembered answer are durable together. Only successful answers are remembered: a refused
// request changed nothing and is judged afresh when repeated.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/message.hpp"

namespace dx {
struct Services;
namespace store {
class Tx;
}

// What a command answers. With a `problem`, it is answered as this problem while the command's
// changes are kept: for refusals the exchange must record (an order refused with its reason is a
// record, O3), where returning an error would roll the record back with everything else.
struct Answer {
  int status = 200;
  nlohmann::json body;
  std::optional<Error> problem;
  std::string text;  // the body as JSON text instead, when the command wrote it so (body is then null)
};

using IdempotentCommand = std::function<Result<Answer>(store::Tx&)>;

// Runs `command` in the sequencer and answers with its Answer; with an Idempotency-Key header
// (1 to 200 visible ASCII characters, else 422) a repeat answers what the first successful
// request was answered. `route` names the operation ("POST /orders").
void run_idempotent(Services& s, const http::Request& req, const std::string& route, IdempotentCommand command,
                    http::Reply reply);

}  // namespace dx
