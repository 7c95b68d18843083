#include "compliance/product.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace dx::compliance {
namespace {

// One table per enumeration, in enumerator order, so that a name and its value cannot drift
// apart between to_string and parse.
template <typename E, std::size_t N>
using Names = std::array<std::pair<E, const char*>, N>;

constexpr Names<SourceMethod, 4> kSourceMethods = {
    {{SourceMethod::collected, "collected"},
     {SourceMethod::generated, "generated"},
     {SourceMethod::licensed, "licensed"},
     {SourceMethod::public_data_authorized, "public_data_authorized"}}};
constexpr Names<RightsHolder, 2> kRightsHolders = {
    {{RightsHolder::self, "self"}, {RightsHolder::third_party, "third_party"}}};
constexpr Names<PersonalInfo, 3> kPersonalInfo = {{{PersonalInfo::none, "none"},
                                                   {PersonalInfo::anonymized, "anonymized"},
                                                   {PersonalInfo::identified, "identified"}}};
constexpr Names<Classification, 3> kClassifications = {{{Classification::general, "general"},
                                                        {Classification::important, "important"},
                                                        {Classification::core, "core"}}};
constexpr Names<DeliveryMode, 4> kDeliveryModes = {{{DeliveryMode::file, "file"},
                                                    {DeliveryMode::api, "api"},
                                                    {DeliveryMode::gateway, "gateway"},
                                                    {DeliveryMode::compute, "compute"}}};
constexpr Names<UpdateFrequency, 5> kUpdateFrequencies = {
    {{UpdateFrequency::once, "once"},
     {UpdateFrequency::daily, "daily"},
     {UpdateFrequency::weekly, "weekly"},
     {UpdateFrequency::monthly, "monthly"},
     {UpdateFrequency::realtime, "realtime"}}};
constexpr Names<Disposal, 2> kDisposals = {{{Disposal::del, "delete"}, {Disposal::ret, "return"}}};
constexpr Names<ColumnType, 4> kColumnTypes = {{{ColumnType::text, "text"},
                                                {ColumnType::integer, "integer"},
                                                {ColumnType::real, "real"},
                                                {ColumnType::date, "date"}}};
constexpr Names<ColumnRole, 4> kColumnRoles = {{{ColumnRole::identifier, "identifier"},
                                                {ColumnRole::quasi_identifier, "quasi_identifier"},
                                                {ColumnRole::sensitive, "sensitive"},
                                                {ColumnRole::attribute, "attribute"}}};
constexpr Names<Approval, 2> kApprovals = {{{Approval::automatic, "automatic"}, {Approval::seller, "seller"}}};

template <typename E, std::size_t N>
const char* name_of(const Names<E, N>& names, E value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const Names<E, N>& names, std::string_view text) {
  for (const auto& [v, name] : names) {
    if (text == name) return v;
  }
  return std::nullopt;
}

}  // namespace

DataFormat data_format(const std::string& declared) {
  if (declared == "csv") return DataFormat::csv;
  if (declared == "tsv") return DataFormat::tsv;
  if (declared == "jsonl" || declared == "ndjson") return DataFormat::jsonl;
  return DataFormat::other;
}

const char* to_string(SourceMethod v) { return name_of(kSourceMethods, v); }
const char* to_string(RightsHolder v) { return name_of(kRightsHolders, v); }
const char* to_string(PersonalInfo v) { return name_of(kPersonalInfo, v); }
const char* to_string(Classification v) { return name_of(kClassifications, v); }
const char* to_string(DeliveryMode v) { return name_of(kDeliveryModes, v); }
const char* to_string(UpdateFrequency v) { return name_of(kUpdateFrequencies, v); }
const char* to_string(Disposal v) { return name_of(kDisposals, v); }
const char* to_string(ColumnType v) { return name_of(kColumnTypes, v); }
const char* to_string(ColumnRole v) { return name_of(kColumnRoles, v); }
const char* to_string(Approval v) { return name_of(kApprovals, v); }

std::optional<SourceMethod> parse_source_method(const std::string& s) {
  return value_of(kSourceMethods, s);
}
std::optional<RightsHolder> parse_rights_holder(const std::string& s) {
  return value_of(kRightsHolders, s);
}
std::optional<PersonalInfo> parse_personal_info(const std::string& s) {
  return value_of(kPersonalInfo, s);
}
std::optional<Classification> parse_classification(const std::string& s) {
  return value_of(kClassifications, s);
}
std::optional<DeliveryMode> parse_delivery_mode(const std::string& s) {
  return value_of(kDeliveryModes, s);
}
std::optional<UpdateFrequency> parse_update_frequency(const std::string& s) {
  return value_of(kUpdateFrequencies, s);
}
std::optional<Disposal> parse_disposal(const std::string& s) { return value_of(kDisposals, s); }
std::optional<ColumnType> parse_column_type(const std::string& s) {
  return value_of(kColumnTypes, s);
}
std::optional<ColumnRole> parse_column_role(const std::string& s) {
  return value_of(kColumnRoles, s);
}
std::optional<Approval> parse_approval(const std::string& s) { return value_of(kApprovals, s); }

}  // namespace dx::compliance
