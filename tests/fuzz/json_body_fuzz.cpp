// A request's body and query as the routes read them (exchange/http/json_body.hpp): the body
// through json_object_body, every field of it through each Fields reader, and the documents read
// through them, a product (listing/product_json.cpp) and an identity submission
// (identity/submission.cpp); the query through parse_page, parse_limit and parse_rfc3339. A
// refusal is answered with problem_response, as the routes answer it.
//
// Input: optional lines first, then the body. A line "?limit=5&cursor=9" is the query (split on
// '&' and '=', not percent-decoded: the session decodes before a route sees it); a line
// "Content-Type: ..." the header, application/json when absent.
//
// An exception out of any reader fails the run: at the server it would be a 500 for bad input.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "http/json_body.hpp"
#include "identity/blocklist.hpp"
#include "identity/submission.hpp"
#include "listing/product_json.hpp"

namespace {

using dx::http::Fields;
using dx::http::Need;
using dx::http::Request;
using nlohmann::json;

constexpr std::chrono::year_month_day kToday{std::chrono::year{2025}, std::chrono::June,
                                             std::chrono::day{15}};

// Writes the problem document a route would send: its field names come from the body, and
// writing JSON throws on text that is not UTF-8.
void answer(const dx::Error& e) {
  if (dx::http::problem_response(e).body.empty()) __builtin_trap();
}

// Takes the leading option lines off `input` into `req`.
std::string_view read_options(std::string_view input, Request& req) {
  constexpr std::string_view kContentType = "Content-Type:";
  for (;;) {
    const auto nl = input.find('\n');
    if (nl == std::string_view::npos) return input;
    std::string_view line = input.substr(0, nl);
    if (line.starts_with('?')) {
      line.remove_prefix(1);
      while (!line.empty()) {
        const auto part = line.substr(0, line.find('&'));
        const auto eq = part.find('=');
        req.query[std::string(part.substr(0, eq))] =
            eq == std::string_view::npos ? "" : std::string(part.substr(eq + 1));
        line.remove_prefix(std::min(line.size(), part.size() + 1));
      }
    } else if (line.starts_with(kContentType)) {
      req.headers["content-type"] = std::string(line.substr(kContentType.size()));
    } else {
      return input;
    }
    input.remove_prefix(nl + 1);
  }
}

void read_query(const Request& req) {
  if (auto page = dx::http::parse_page(req); !page) answer(page.error());
  if (auto limit = dx::http::parse_limit(req, 10, 100); !limit) answer(limit.error());
  for (const char* key : {"from", "to"}) {
    const std::string* v = req.query_param(key);
    if (v == nullptr) continue;
    if (auto t = dx::parse_rfc3339(*v)) dx::to_rfc3339(*t);
  }
}

// Every reader on every field, objects recursively, as different routes would read them.
void read_every_field(Fields& f, const json& obj, int depth) {
  for (const auto& [key, value] : obj.items()) {
    f.string(key, Need::optional, 1, 200);
    f.integer(key, Need::optional, -1000, 1'000'000'000'000);
    f.boolean(key, Need::optional);
    f.string_list(key, Need::optional, 20, 100);
    f.one_of(key, Need::optional, {"buy", "sell"});
    const json* nested = f.object(key, Need::optional);
    if (nested != nullptr && depth < 8) {
      Fields inner(*nested, key);
      read_every_field(inner, *nested, depth + 1);
      f.merge(inner);
    }
  }
  f.string("price_fen", Need::required);
}

void read_product(const json& body) {
  auto product = dx::listing::parse_product(body);
  if (!product) return answer(product.error());
  const json doc = dx::listing::document_json(*product);
  doc.dump();
  dx::listing::public_product_json(*product).dump();
  dx::listing::referenced_files(*product);
  // What a seller gets back must read again as the same product (a draft is edited in turns).
  auto again = dx::listing::parse_product(doc);
  if (!again || dx::listing::document_json(*again) != doc) __builtin_trap();
}

void read_submission(const json& body, const std::string& kind) {
  auto s = dx::identity::parse_submission(body, kind, kToday, "pepper");
  if (!s) return answer(s.error());
  const dx::identity::Blocklist none;
  dx::identity::checks_json(dx::identity::run_checks(*s, kToday, 18, none, false)).dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Request req;
  req.headers["content-type"] = "application/json";
  req.body = std::string(read_options({reinterpret_cast<const char*>(data), size}, req));
  read_query(req);

  auto body = dx::http::json_object_body(req);
  if (!body) {
    answer(body.error());
    return 0;
  }
  Fields f(*body);
  read_every_field(f, *body, 0);
  if (auto st = f.finish(); !st) answer(st.error());
  if (auto d = dx::http::parse_decision(req); !d) answer(d.error());
  read_product(*body);
  read_submission(*body, "person");
  read_submission(*body, "organization");
  return 0;
}
