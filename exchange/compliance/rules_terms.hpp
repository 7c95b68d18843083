// Internal to dx_compliance: loading the term lists of config/compliance/ into Rules, each term
// expanded into its simplified and traditional forms and compiled into a matcher once.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "compliance/rules.hpp"
#include "compliance/script_forms.hpp"

namespace dx::compliance::detail {

// `terms` as configured, matched in every form `forms` gives them.
Terms make_terms(std::vector<std::string> terms, const ScriptForms& forms);

// keywords.json: national_security (P1), illegal_source (P4), public_bodies (P7) and the
// lawful_phrases that hold a P4 or P7 term without meaning it.
Status load_keywords(const std::filesystem::path& file, const ScriptForms& forms, Rules& out);

// identifiers.json: min_share, min_share_named and the header names of each kind (P5).
Status load_identifier_columns(const std::filesystem::path& file, const ScriptForms& forms,
                               Rules& out);

}  // namespace dx::compliance::detail
