// The rules judged on what the seller declares: source, category, rights, public data, grade,
// cross-border offers and the terms of each offer.
#include <algorithm>
#include <cstdio>

#include "compliance/checks.hpp"
#include "compliance/text.hpp"

namespace dx::compliance::detail {
namespace {

std::string iso_date(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

bool blank(const std::optional<std::string>& s) { return !s || is_blank(*s); }

std::string category_label(const Category& c) {
  return "\"" + c.code + "\" (" + c.name_en + ", " + c.name_zh + ")";
}

// P3, CQ-36(2): each purpose an offer sells must be one the rights holder granted.
void check_offer_purposes(const Context& c, const Authorization& a, Findings& out) {
  for (std::size_t i = 0; i < c.product.offers.size(); ++i) {
    const Offer& offer = c.product.offers[i];
    for (const std::string& purpose : offer.purposes) {
      if (std::find(a.purposes.begin(), a.purposes.end(), purpose) != a.purposes.end()) continue;
      out.block("P3", offer_field(i, "purposes"),
                "The purpose \"" + purpose + "\" of " + offer_name(offer, i) +
                    " is not among the purposes the rights holder authorized.");
    }
  }
}

void check_validity(const Context& c, const Authorization& a, Findings& out) {
  const std::string field = "rights.authorization.valid_until";
  if (!a.valid_until) {
    out.block("P3", field, "The authorization states no date until which it is valid.");
  } else if (*a.valid_until <= c.today) {
    out.block("P3", field,
              "The authorization is valid only until " + iso_date(*a.valid_until) +
                  "; it must remain valid after today (" + iso_date(c.today) + ").");
  }
}

// O12, CQ-29: the terms a data-use agreement must state, for one offer.
void check_offer_terms(const Offer& offer, std::size_t i, Findings& out) {
  const std::string name = offer_name(offer, i);
  const bool empty_purpose = std::any_of(offer.purposes.begin(), offer.purposes.end(),
                                         [](const std::string& p) { return is_blank(p); });
  if (offer.purposes.empty() || empty_purpose) {
    out.block("O12", offer_field(i, "purposes"), "State each purpose " + name + " is sold for.");
  }
  if (is_blank(offer.scenario)) {
    out.block("O12", offer_field(i, "scenario"), "Describe the scenario " + name + " is used in.");
  }
  if (offer.term_days <= 0) {
    out.block("O12", offer_field(i, "term_days"),
              "The term of " + name + " must be at least a day.");
  }
  if (offer.price_fen <= 0) {
    out.block("O12", offer_field(i, "price_fen"), "The price of " + name + " must be positive.");
  }
  if (is_blank(offer.security_measures)) {
    out.block("O12", offer_field(i, "security_measures"),
              "State the security measures the buyer of " + name + " must take.");
  }
  if (offer.seats && *offer.seats <= 0) {
    out.block("O12", offer_field(i, "seats"),
              "The number of licences of " + name + " must be positive, or unlimited.");
  }
}

}  // namespace

// O1, CQ-37(1): the provider states the data's source.
void check_source(const Context& c, Findings& out) {
  if (!c.product.source_method) {
    out.block("O1", "source.method",
              "State how the data was obtained: collected, generated, licensed or "
              "public_data_authorized.");
  }
  if (is_blank(c.product.source_statement)) {
    out.block("O1", "source.statement", "Describe where the data comes from.");
  }
}

// Prohibited categories cite their rules (P1, or P5 and P2 for identified persons); O18 (CQ-14):
// data can be graded only under a known category.
void check_category(const Context& c, Findings& out) {
  const Category* category = c.rules.category(c.product.category);
  if (category == nullptr) {
    out.block("O18", "category",
              c.product.category.empty()
                  ? "Choose the category of the data."
                  : "The category \"" + c.product.category + "\" is not in the taxonomy.");
  } else if (category->prohibited) {
    for (const auto& rule : category->prohibited_by)
      out.block(rule, "category", "Data in the category " + category_label(*category) + " may not be traded.");
  }
}

// P3, CQ-36(2): third-party data trades only under the rights holder's authorization.
void check_rights(const Context& c, Findings& out) {
  if (c.product.rights_holder != RightsHolder::third_party) return;
  if (!c.product.authorization) {
    out.block("P3", "rights.authorization",
              "Data held for a third party needs the rights holder's authorization.");
    return;
  }
  const Authorization& a = *c.product.authorization;
  if (is_blank(a.grantor_name)) {
    out.block("P3", "rights.authorization.grantor_name", "Name the rights holder who authorized.");
  }
  if (blank(a.evidence_file_id)) {
    out.block("P3", "rights.authorization.evidence_file_id",
              "Upload the signed authorization as evidence.");
  }
  check_validity(c, a, out);
  if (!a.resale_allowed) {
    out.block("P3", "rights.authorization.resale_allowed",
              "The authorization does not allow the data to be sold on.");
  }
  check_offer_purposes(c, a, out);
}

// P7, CQ-31, SH-45: public data reaches the market only under an authorised operation.
// Declared so, the product cites the authorization; otherwise its category or the bodies its
// source statement names can still show it is public data, which then needs the same.
void check_public_data(const Context& c, Findings& out) {
  const Product& p = c.product;
  if (p.source_method == SourceMethod::public_data_authorized) {
    if (blank(p.public_data_authorization_id)) {
      out.block("P7", "public_data_authorization_id",
                "Public data needs the number of the authorization to operate it.");
    }
    return;
  }
  constexpr const char* kGate =
      ", which reaches the market only through opening or authorised operation: declare the "
      "source method public_data_authorized and give the number of the authorization.";
  const Category* category = c.rules.category(p.category);
  if (category != nullptr && category->public_data) {
    out.block("P7", "source.method",
              "Data in the category " + category_label(*category) + " is public data" + kGate);
  }
  const std::vector<std::string> bodies =
      terms_in(c.rules.public_bodies, p.source_statement, &c.rules.lawful_phrases);
  if (!bodies.empty()) {
    out.block("P7", "source.statement",
              "The source statement names " + quoted_list(bodies) + ", so the data is public data" +
                  kGate);
  }
}

// P9 (CQ-14, SH-80): core data never trades; important data needs a security assessment.
// O18: a category in the important-data catalogue cannot be graded general.
void check_grade(const Context& c, Findings& out) {
  const Product& p = c.product;
  if (p.classification == Classification::core) {
    out.block("P9", "classification", "Core data may not be traded.");
  }
  if (p.classification == Classification::important && blank(p.security_assessment_file_id)) {
    out.block("P9", "security_assessment_file_id",
              "Important data needs a security assessment; upload its report.");
  }
  const Category* category = c.rules.category(p.category);
  if (category && category->important && p.classification == Classification::general) {
    out.block("O18", "classification",
              "The category " + category_label(*category) +
                  " is in the important-data catalogue, so the data must be graded important.");
  }
}

// P8, CQ-10: personal information and important data may not leave the country before a
// security assessment, which the exchange does not handle: such offers stay domestic.
void check_cross_border(const Context& c, Findings& out) {
  const Product& p = c.product;
  const bool important = p.classification != Classification::general;
  const bool personal = p.personal_information != PersonalInfo::none;
  if (!important && !personal) return;
  const std::string what = important ? "important data" : "personal information";
  for (std::size_t i = 0; i < p.offers.size(); ++i) {
    if (!p.offers[i].cross_border) continue;
    out.block("P8", offer_field(i, "cross_border"),
              offer_name(p.offers[i], i) + " is offered across the border, but the product holds " +
                  what + ", which may leave the country only after a security assessment.");
  }
}

// O12, CQ-29: every offer states purpose, scenario, term, price and security measures.
void check_offers(const Context& c, Findings& out) {
  if (c.product.offers.empty()) {
    out.block("O12", "offers", "Add at least one offer with its terms and price.");
  }
  for (std::size_t i = 0; i < c.product.offers.size(); ++i) {
    check_offer_terms(c.product.offers[i], i, out);
  }
}

}  // namespace dx::compliance::detail
