// Signed trade certificates (API.md "GET /trades/{id}/certificate"): a statement by the exchange
// of a registered trade (O8 registration, SH-67) that anyone can check offline with the public key
// at GET /exchange/keys and stock `openssl pkeyutl -verify -rawin`. Thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "trades/trade_store.hpp"

namespace dx::crypto {
class SigningKey;
}

namespace dx::trades {

// The stored agreement of a trade, as the certificate cites it.
struct ContractFacts {
  std::string id;
  std::string sha256_hex;      // of the stored document text
  nlohmann::json document;     // the agreement open_trade made
};

// The certificate's JSON text: trade id, product (id, title, version), offer id, buyer and seller
// (account ids and verified legal names as the agreement names them), price, quantity, amount,
// contract id and SHA-256, status, issued_at.
std::string certificate_payload(const TradeRow& trade, const ContractFacts& contract, TimePoint issued_at);

// {payload: base64(payload), signature: base64(Ed25519 over exactly those bytes), key_id}.
nlohmann::json sign_certificate(const std::string& payload, const crypto::SigningKey& key);

}  // namespace dx::trades
