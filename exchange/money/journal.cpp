#include "money/journal.hpp"

namespace dx::money {

nlohmann::json postings_after(store::Db& db, std::int64_t after_id) {
  auto out = nlohmann::json::array();
  for (const auto& p : repository::postings_after_id(db, after_id))
    out.push_back({{"movement", p.movement},
                   {"kind", p.kind},
                   {"bucket", p.bucket},
                   {"owner", p.owner ? nlohmann::json(*p.owner) : nlohmann::json(nullptr)},
                   {"amount_fen", p.amount_fen}});
  return out;
}

}  // namespace dx::money
