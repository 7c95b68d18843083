#include "trades/certificate.hpp"

#include "crypto/crypto.hpp"

namespace dx::trades {

namespace {

using nlohmann::json;

const json& at(const json& j, const char* key) {
  static const json kNull;
  if (!j.is_object() || !j.contains(key)) return kNull;
  return j[key];
}

json party(const std::string& account_id, const json& named) {
  return {{"account_id", account_id}, {"legal_name", at(named, "legal_name")}};
}

json product(const TradeRow& t, const json& doc) {
  const json& items = at(doc, "data_list");
  const json first = items.is_array() && !items.empty() ? items[0] : json::object();
  return {{"id", t.product_id}, {"title", at(first, "title")}, {"version", t.product_version},
          {"data_sha256", at(first, "sha256")}};
}

}  // namespace

std::string certificate_payload(const TradeRow& t, const ContractFacts& c, TimePoint issued_at) {
  const json& parties = at(c.document, "parties");
  const json doc = {{"type", "dx.trade_certificate.v1"},
                    {"trade_id", t.id},
                    {"product", product(t, c.document)},
                    {"offer_id", t.offer_id},
                    {"buyer", party(t.buyer_id, at(parties, "buyer"))},
                    {"seller", party(t.seller_id, at(parties, "seller"))},
                    {"price_fen", t.price_fen},
                    {"quantity", t.quantity},
                    {"amount_fen", t.amount_fen},
                    {"fee_fen", t.fee_fen},
                    {"contract", {{"id", c.id}, {"sha256", c.sha256_hex}}},
                    {"status", status_name(t.state)},
                    {"traded_at", t.created_at},
                    {"issued_at", to_rfc3339(issued_at)}};
  return doc.dump();
}

json sign_certificate(const std::string& payload, const crypto::SigningKey& key) {
  return {{"payload", crypto::base64(payload)},
          {"signature", crypto::base64(key.sign(payload))},
          {"key_id", key.key_id()}};
}

}  // namespace dx::trades
