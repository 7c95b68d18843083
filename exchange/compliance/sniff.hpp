// Internal to dx_compliance: how a data file is laid out, read from its content rather than
// taken from the seller's declaration, so that naming the wrong format sidesteps nothing (P5,
// TJ-29) and a wrong name is itself found (O9).
#pragma once

#include <optional>
#include <string_view>

#include "compliance/product.hpp"

namespace dx::compliance::detail {

// From the first bytes of a file: JSON Lines when the first character after a byte-order mark
// and white space opens JSON ('{', or '[', which JSON Lines then refuses as no object),
// otherwise delimited text; nullopt while `head` holds nothing else.
std::optional<DataFormat> sniff_format(std::string_view head);

// How many first bytes tell text from binary for a format the scanner does not know.
inline constexpr std::size_t kTextProbeBytes = 4096;

// A control character other than white space (\t \n \v \f \r) among `probe`: a spreadsheet,
// an archive or an image rather than text.
bool looks_binary(std::string_view probe);

// The delimiter of a delimited file from its header record: whichever of ',', '\t', ';' and '|'
// occurs most often outside quotes; `preferred` (the declared one) unless another occurs more.
char sniff_delimiter(std::string_view header, char preferred);

// The delimiter a declared format implies: '\t' for tsv, ',' otherwise.
char declared_delimiter(DataFormat format);

}  // namespace dx::compliance::detail
