// A complaint as each party may see it. The complainant sees its complaint with status and
// history; the seller sees it without the complainant's identity or evidence files (the objector is
// protected; the seller answers the exchange, not the objector); staff see everything, with who
// took each step. Anyone else is told it does not exist (404).
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "complaints/repository.hpp"
#include "complaints/context.hpp"
#include "core/time.hpp"

namespace dx::http {
struct Principal;
}

namespace dx::complaints {

enum class Viewer { complainant, seller, staff };

// nullopt: `who` may not see the complaint.
std::optional<Viewer> viewer_of(const ComplaintRow& k, const http::Principal& who);

enum class History { with, without };

nlohmann::json complaint_view(store::Db& db, const Context& c, const ComplaintRow& k, Viewer v,
                              TimePoint now, History history);

}  // namespace dx::complaints
