#include "listing/product_json.hpp"

#include <cstdio>

#include "core/time.hpp"
#include "http/json_body.hpp"
#include "listing/compute_json.hpp"
#include "listing/gateway_json.hpp"

namespace dx::listing {

namespace {

using compliance::Offer;
using compliance::Product;
using http::Fields;
using http::Need;
using nlohmann::json;

constexpr std::int64_t kMaxPriceFen = 1'000'000'000'000'000;  // 10^15 fen: room for price × seats checks
constexpr std::size_t kMaxOffers = 20;

std::optional<std::chrono::year_month_day> parse_date(const std::string& s) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (!has_shape(s, "DDDD-DD-DD") || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || y < 1900) return std::nullopt;
  return ymd;
}

std::string format_date(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

// One of an enumeration's API names, parsed with `parse`; unknown names are field errors.
template <typename E, typename Parse>
std::optional<E> enum_field(Fields& f, const std::string& key, Need need, std::vector<std::string> names,
                            Parse parse) {
  auto s = f.one_of(key, need, names);
  return s ? parse(*s) : std::nullopt;
}

std::optional<std::string> file_id(Fields& f, const std::string& key) { return f.string(key, Need::optional, 1, 100); }

std::optional<compliance::Authorization> parse_authorization(const json& obj, Fields& parent) {
  Fields f(obj, "rights.authorization");
  compliance::Authorization a;
  a.grantor_name = f.string("grantor_name", Need::optional, 0, 200).value_or("");
  a.grantor_id = f.string("grantor_id", Need::optional, 0, 100).value_or("");
  a.purposes = f.string_list("purposes", Need::optional, 50, 100).value_or(std::vector<std::string>{});
  a.resale_allowed = f.boolean("resale_allowed", Need::optional).value_or(false);
  if (auto until = f.string("valid_until", Need::optional, 10, 10)) {
    a.valid_until = parse_date(*until);
    if (!a.valid_until) f.add_error("valid_until", "must be a date written YYYY-MM-DD");
  }
  a.evidence_file_id = file_id(f, "evidence_file_id");
  parent.merge(f);
  return a;
}

void parse_source(Fields& f, Product& p) {
  const json* src = f.object("source", Need::optional);
  if (src == nullptr) return;
  Fields s(*src, "source");
  p.source_method = enum_field<compliance::SourceMethod>(
      s, "method", Need::optional, {"collected", "generated", "licensed", "public_data_authorized"},
      compliance::parse_source_method);
  p.source_statement = s.string("statement", Need::optional, 0, 5000).value_or("");
  f.merge(s);
}

void parse_rights(Fields& f, Product& p) {
  const json* rights = f.object("rights", Need::optional);
  if (rights == nullptr) return;
  Fields r(*rights, "rights");
  p.rights_holder = enum_field<compliance::RightsHolder>(r, "holder", Need::optional, {"self", "third_party"},
                                                          compliance::parse_rights_holder)
                        .value_or(compliance::RightsHolder::self);
  if (const json* auth = r.object("authorization", Need::optional)) p.authorization = parse_authorization(*auth, r);
  f.merge(r);
}

void parse_personal_information(Fields& f, Product& p) {
  const json* pi = f.object("personal_information", Need::optional);
  if (pi == nullptr) return;
  Fields s(*pi, "personal_information");
  p.personal_information = enum_field<compliance::PersonalInfo>(s, "contains", Need::optional,
                                                                {"none", "anonymized", "identified"},
                                                                compliance::parse_personal_info)
                               .value_or(compliance::PersonalInfo::none);
  p.quasi_identifiers = s.string_list("quasi_identifiers", Need::optional, 50, 200).value_or(std::vector<std::string>{});
  p.consent_evidence_file_id = file_id(s, "consent_evidence_file_id");
  f.merge(s);
}

std::optional<Offer> parse_offer(const json& obj, std::size_t i, Fields& parent,
                                 compliance::DeliveryMode mode) {
  const std::string prefix = "offers[" + std::to_string(i) + "]";
  if (!obj.is_object()) {
    parent.add_error(prefix, "must be an object");
    return std::nullopt;
  }
  Fields f(obj, prefix);
  Offer o;
  o.name = f.string("name", Need::required, 1, 100).value_or("");
  o.purposes = f.string_list("purposes", Need::optional, 20, 100).value_or(std::vector<std::string>{});
  o.scenario = f.string("scenario", Need::optional, 0, 2000).value_or("");
  o.term_days = f.integer("term_days", Need::optional, 0, 36500).value_or(0);
  o.price_fen = f.integer("price_fen", Need::required, 0, kMaxPriceFen).value_or(0);
  o.seats = f.integer("seats", Need::optional, 1, 1'000'000'000);
  o.cross_border = f.boolean("cross_border", Need::optional).value_or(false);
  o.security_measures = f.string("security_measures", Need::optional, 0, 2000).value_or("");
  o.disposal = enum_field<compliance::Disposal>(f, "disposal", Need::optional, {"delete", "return"},
                                                compliance::parse_disposal)
                   .value_or(compliance::Disposal::del);
  parse_offer_limits(f, o, mode);
  parent.merge(f);
  return o;
}

void parse_offers(Fields& f, const json& body, Product& p) {
  auto it = body.find("offers");
  if (it == body.end() || it->is_null()) return;
  if (!it->is_array() || it->size() > kMaxOffers) {
    f.add_error("offers", "must be a list of at most " + std::to_string(kMaxOffers) + " offers");
    return;
  }
  for (std::size_t i = 0; i < it->size(); ++i)
    if (auto o = parse_offer((*it)[i], i, f, p.delivery_mode)) p.offers.push_back(std::move(*o));
}

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json opt(const std::optional<std::int64_t>& n) { return n ? json(*n) : json(nullptr); }

json offer_json(const Offer& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"purposes", o.purposes},
          {"scenario", o.scenario},
          {"term_days", o.term_days},
          {"price_fen", o.price_fen},
          {"seats", opt(o.seats)},
          {"cross_border", o.cross_border},
          {"security_measures", o.security_measures},
          {"disposal", compliance::to_string(o.disposal)},
          {"call_quota", opt(o.call_quota)},
          {"rate_limit_per_s", opt(o.rate_limit_per_s)},
          {"job_quota", opt(o.job_quota)}};
}

json offers_json(const Product& p) {
  json out = json::array();
  for (const auto& o : p.offers) out.push_back(offer_json(o));
  return out;
}

json authorization_json(const compliance::Authorization& a) {
  return {{"grantor_name", a.grantor_name},
          {"grantor_id", a.grantor_id},
          {"purposes", a.purposes},
          {"resale_allowed", a.resale_allowed},
          {"valid_until", a.valid_until ? json(format_date(*a.valid_until)) : json(nullptr)},
          {"evidence_file_id", opt(a.evidence_file_id)}};
}

}  // namespace

Result<Product> parse_product(const json& body, std::optional<std::int64_t> edit_min_group_size) {
  Fields f(body);
  Product p;
  p.title = f.string("title", Need::required, 1, 200).value_or("");
  p.description = f.string("description", Need::optional, 0, 20000).value_or("");
  p.category = f.string("category", Need::optional, 0, 100).value_or("");
  parse_source(f, p);
  parse_rights(f, p);
  p.public_data_authorization_id = f.string("public_data_authorization_id", Need::optional, 1, 200);
  parse_personal_information(f, p);
  p.classification = enum_field<compliance::Classification>(f, "classification", Need::optional,
                                                            {"general", "important", "core"},
                                                            compliance::parse_classification)
                         .value_or(compliance::Classification::general);
  p.security_assessment_file_id = file_id(f, "security_assessment_file_id");
  p.data_file_id = file_id(f, "data_file_id");
  p.format = f.string("format", Need::optional, 0, 30).value_or("csv");
  p.delivery_mode = enum_field<compliance::DeliveryMode>(f, "delivery_mode", Need::optional,
                                                         {"file", "api", "gateway", "compute"},
                                                         compliance::parse_delivery_mode)
                        .value_or(compliance::DeliveryMode::file);
  p.update_frequency = enum_field<compliance::UpdateFrequency>(
                           f, "update_frequency", Need::optional, {"once", "daily", "weekly", "monthly", "realtime"},
                           compliance::parse_update_frequency)
                           .value_or(compliance::UpdateFrequency::once);
  parse_offers(f, body, p);
  parse_data_plane(f, body, p);
  parse_compute(f, body, p, edit_min_group_size);
  if (auto st = f.finish(); !st) return st.error();
  return p;
}

json document_json(const Product& p) {
  json rights = {{"holder", compliance::to_string(p.rights_holder)},
                 {"authorization", p.authorization ? authorization_json(*p.authorization) : json(nullptr)}};
  return {{"title", p.title},
          {"description", p.description},
          {"category", p.category},
          {"source",
           {{"method", p.source_method ? json(compliance::to_string(*p.source_method)) : json(nullptr)},
            {"statement", p.source_statement}}},
          {"rights", std::move(rights)},
          {"public_data_authorization_id", opt(p.public_data_authorization_id)},
          {"personal_information",
           {{"contains", compliance::to_string(p.personal_information)},
            {"quasi_identifiers", p.quasi_identifiers},
            {"consent_evidence_file_id", opt(p.consent_evidence_file_id)}}},
          {"classification", compliance::to_string(p.classification)},
          {"security_assessment_file_id", opt(p.security_assessment_file_id)},
          {"data_file_id", opt(p.data_file_id)},
          {"format", p.format},
          {"delivery_mode", compliance::to_string(p.delivery_mode)},
          {"update_frequency", compliance::to_string(p.update_frequency)},
          {"offers", offers_json(p)},
          {"gateway", gateway_json(p.gateway, GatewayView::stored)},
          {"compute", compute_json(p.compute)},
          {"data_dictionary", data_dictionary_json(p.data_dictionary)}};
}

json owner_product_json(const Product& p) {
  json j = document_json(p);
  j["gateway"] = gateway_json(p.gateway, GatewayView::owner);
  return j;
}

json public_product_json(const Product& p) {
  return {{"title", p.title},
          {"description", p.description},
          {"category", p.category},
          {"source",
           {{"method", p.source_method ? json(compliance::to_string(*p.source_method)) : json(nullptr)},
            {"statement", p.source_statement}}},
          {"rights", {{"holder", compliance::to_string(p.rights_holder)}}},
          {"personal_information", {{"contains", compliance::to_string(p.personal_information)}}},
          {"classification", compliance::to_string(p.classification)},
          {"format", p.format},
          {"delivery_mode", compliance::to_string(p.delivery_mode)},
          {"update_frequency", compliance::to_string(p.update_frequency)},
          {"offers", offers_json(p)},
          {"gateway", gateway_json(p.gateway, GatewayView::everyone)},
          {"compute", compute_json(p.compute)},
          {"data_dictionary", data_dictionary_json(p.data_dictionary)}};
}

std::vector<std::pair<std::string, std::string>> referenced_files(const Product& p) {
  std::vector<std::pair<std::string, std::string>> out;
  if (p.authorization && p.authorization->evidence_file_id)
    out.emplace_back("rights.authorization.evidence_file_id", *p.authorization->evidence_file_id);
  if (p.consent_evidence_file_id)
    out.emplace_back("personal_information.consent_evidence_file_id", *p.consent_evidence_file_id);
  if (p.security_assessment_file_id) out.emplace_back("security_assessment_file_id", *p.security_assessment_file_id);
  if (p.data_file_id) out.emplace_back("data_file_id", *p.data_file_id);
  return out;
}

}  // namespace dx::listing
