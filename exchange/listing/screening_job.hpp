// Submission: the data file is scanned and the product screened on a worker thread (the scan
// reads the whole file), then the outcome is stored by the sequencer, provided the product did not
// change meanwhile.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compliance/finding.hpp"
#include "core/error.hpp"
#include "files/blob_store.hpp"
#include "listing/service.hpp"

namespace dx::store {
class Tx;
}

namespace dx::listing {

// A compute product's data file loaded into its database (datasets::load_dataset) and sealed in
// the blob store's temporary file: the sequencer stores it with the version it was loaded for.
struct LoadedDataset {
  std::shared_ptr<files::Upload> upload;
  files::Upload::Finished blob;
  std::int64_t rows = 0;
};

struct ScreeningOutcome {
  std::int64_t revision = 0;  // of the product as screened
  std::vector<compliance::Finding> findings;
  std::optional<std::string> data_sha256;
  std::optional<std::int64_t> data_rows;
  std::optional<LoadedDataset> dataset;  // compute products without a block finding
};

// The actor's product, when it may be submitted (draft or rejected).
Result<ProductRow> product_to_submit(const Context& c, const ProductCommand& cmd);

// Reads the data file (decrypting as it streams) and runs the screening engine; a compute product
// that passes is loaded into its dataset, and a file that does not load as its dictionary types it
// becomes a block finding. Thread-safe.
ScreeningOutcome screen_product(const Context& c, const ProductRow& row);

// In the sequencer: freezes the version with its findings (and a compute product's dataset); any
// block finding rejects it at once, otherwise it goes to review (SH-67). 409 when the product changed since it was screened.
Result<ProductDetails> record_screening(store::Tx& tx, const Context& c, const std::string& actor,
                                        const ProductRow& screened, const ScreeningOutcome& outcome);

}  // namespace dx::listing
