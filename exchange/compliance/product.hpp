// A data product as the seller describes it (API.md "Products and review"), as plain values: the
// HTTP edge parses JSON into this, the screening engine judges it, the store keeps it. Fields a
// draft may still lack are optional; screening turns what is missing into findings.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dx::compliance {

enum class SourceMethod { collected, generated, licensed, public_data_authorized };
enum class RightsHolder { self, third_party };
enum class PersonalInfo { none, anonymized, identified };
enum class Classification { general, important, core };
// file: downloaded from the exchange; api: the seller delivers access; gateway: called through the
// exchange's /gw/ (API.md "The data plane"); compute: queried in place.
enum class DeliveryMode { file, api, gateway, compute };
enum class UpdateFrequency { once, daily, weekly, monthly, realtime };
enum class Disposal { del, ret };  // "delete" | "return" after the licence term
// Formats whose content the exchange can read and screen; any other declared format is kept as
// text and screened only by its declarations (O9 then finds it unreadable). csv and tsv are
// delimited text (RFC 4180 quoting), by commas and by tabs.
enum class DataFormat { csv, jsonl, other, tsv };

// The rights holder's authorization for third-party data (P3, CQ-36(2)).
struct Authorization {
  std::string grantor_name;
  std::string grantor_id;
  std::vector<std::string> purposes;
  bool resale_allowed = false;
  std::optional<std::chrono::year_month_day> valid_until;
  std::optional<std::string> evidence_file_id;
};

// One licence on sale: fixed terms at a list price (O12, CQ-29).
struct Offer {
  std::string id;  // assigned by the exchange; empty before it is stored
  std::string name;
  std::vector<std::string> purposes;
  std::string scenario;
  std::int64_t term_days = 0;
  std::int64_t price_fen = 0;
  std::optional<std::int64_t> seats;  // nullopt: unlimited
  bool cross_border = false;
  std::string security_measures;
  Disposal disposal = Disposal::del;
  // Gateway offers only (API.md "The data plane"): calls per licence seat and calls per second;
  // nullopt: unlimited within the term, no rate limit.
  std::optional<std::int64_t> call_quota;
  std::optional<std::int64_t> rate_limit_per_s;
  // Compute offers only: jobs per licence seat; nullopt: unlimited within the term.
  std::optional<std::int64_t> job_quota;
};

// One route of a gateway product a licence admits: a method ("ANY" admits every one) and the
// path prefix below the upstream URL.
struct GatewayRoute {
  std::string method;  // GET | HEAD | POST | PUT | PATCH | DELETE | OPTIONS | ANY
  std::string path_prefix;
};

// The seller's upstream behind a gateway product. `credentials` is a secret: it is kept only in
// the sealed document and never shown, recorded or logged.
struct Gateway {
  std::string upstream_url;
  std::string auth_header;
  std::string credentials;
  std::vector<GatewayRoute> routes;
  std::int64_t timeout_s = 30;
};

enum class ColumnType { text, integer, real, date };
// What a column is to privacy (compute products restrict queries by it).
enum class ColumnRole { identifier, quasi_identifier, sensitive, attribute };

// One column of the data dictionary, shown for every mode (API.md "The data plane"). `min` and
// `max` (numeric columns, optional) are the bounds a compute product's differentially private
// SUM and AVG clamp values to; without them such a product answers only counts over the column.
struct Column {
  std::string name;
  ColumnType type = ColumnType::text;
  std::string description;
  ColumnRole role = ColumnRole::attribute;
  std::optional<double> min{};
  std::optional<double> max{};
};

enum class Approval { automatic, seller };

// How a compute product's jobs run (API.md "The data plane"): the least number of records of
// `data` every result row must aggregate (P5, TJ-29), whether the seller releases each result,
// and the differential-privacy budget of each licence (nullopt: exact aggregates, no noise).
struct Compute {
  std::int64_t min_group_size = 10;
  Approval approval = Approval::automatic;
  std::optional<double> epsilon_per_licence{};
};

struct Product {
  std::string title;
  std::string description;
  std::string category;  // dotted taxonomy code, e.g. "transport.traffic"
  std::optional<SourceMethod> source_method;
  std::string source_statement;
  RightsHolder rights_holder = RightsHolder::self;
  std::optional<Authorization> authorization;
  std::optional<std::string> public_data_authorization_id;
  PersonalInfo personal_information = PersonalInfo::none;
  std::vector<std::string> quasi_identifiers;  // column names
  std::optional<std::string> consent_evidence_file_id;
  Classification classification = Classification::general;
  std::optional<std::string> security_assessment_file_id;
  std::optional<std::string> data_file_id;
  std::string format;  // as declared, e.g. "csv"
  DeliveryMode delivery_mode = DeliveryMode::file;
  UpdateFrequency update_frequency = UpdateFrequency::once;
  std::vector<Offer> offers;
  std::optional<Gateway> gateway;       // gateway products only
  std::optional<Compute> compute;       // compute products only
  std::vector<Column> data_dictionary;  // may be empty; required for compute
};

// What the declared format means to the scanner: "csv", "tsv" and "jsonl" (also "ndjson") are
// read.
DataFormat data_format(const std::string& declared);

// Stable API names of the enumerations above ("public_data_authorized", "delete", ...), and back.
const char* to_string(SourceMethod v);
const char* to_string(RightsHolder v);
const char* to_string(PersonalInfo v);
const char* to_string(Classification v);
const char* to_string(DeliveryMode v);
const char* to_string(UpdateFrequency v);
const char* to_string(Disposal v);
const char* to_string(ColumnType v);
const char* to_string(ColumnRole v);
const char* to_string(Approval v);
std::optional<SourceMethod> parse_source_method(const std::string& s);
std::optional<RightsHolder> parse_rights_holder(const std::string& s);
std::optional<PersonalInfo> parse_personal_info(const std::string& s);
std::optional<Classification> parse_classification(const std::string& s);
std::optional<DeliveryMode> parse_delivery_mode(const std::string& s);
std::optional<UpdateFrequency> parse_update_frequency(const std::string& s);
std::optional<Disposal> parse_disposal(const std::string& s);
std::optional<ColumnType> parse_column_type(const std::string& s);
std::optional<ColumnRole> parse_column_role(const std::string& s);
std::optional<Approval> parse_approval(const std::string& s);

}  // namespace dx::compliance
