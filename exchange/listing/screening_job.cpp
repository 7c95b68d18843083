#include "listing/screening_job.hpp"

#include <stdexcept>

#include "compliance/screening.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "datasets/dataset.hpp"
#include "files/blob_store.hpp"
#include "files/repository.hpp"
#include "identity/submission.hpp"
#include "listing/repository.hpp"
#include "listing/service_parts.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

using nlohmann::json;

// The stored file the product names as its data, or nullopt when it names none (or no stored file).
std::optional<DataFile> stored_data_file(const Context& c, const ProductRow& row) {
  if (!row.doc.data_file_id) return std::nullopt;
  auto db = c.s.reads.acquire();
  return data_file(*db, *row.doc.data_file_id);
}

compliance::ScanResult scan_data(const Context& c, const ProductRow& row, const DataFile& file,
                                 std::chrono::year_month_day today) {
  compliance::Scanner scanner(compliance::data_format(row.doc.format), row.doc.quasi_identifiers, c.rules, today);
  auto read = c.blobs.reader(file.sha256, file.wrapped_key);
  while (auto chunk = read()) scanner.feed(*chunk);
  return scanner.finish();
}

// A value that does not fit its column's type, or columns that are not the dictionary's: the
// seller fixes the dictionary or the file (O15: jobs run only on the data as described).
compliance::Finding load_finding(const Context& c, const Error& e) {
  std::string message = "The data file does not load as its data dictionary describes it: " + e.detail;
  for (const auto& fe : e.errors) message += " " + fe.field + ": " + fe.message + ".";
  return {"O15", c.rules.rule("O15").basis, compliance::Severity::block, std::move(message), "data_dictionary"};
}

// Loads a compute product's data file into its database, sealed into a new upload.
std::optional<LoadedDataset> load_data(const Context& c, const ProductRow& row, const DataFile& file,
                                       std::vector<compliance::Finding>& findings) {
  auto upload = c.blobs.begin_upload();
  auto loaded = datasets::load_dataset(c.blobs.reader(file.sha256, file.wrapped_key),
                                       compliance::data_format(row.doc.format), row.doc.data_dictionary,
                                       [&upload](std::string_view chunk) { upload->write(chunk); });
  if (!loaded && loaded.error().code != Errc::validation_failed)
    throw std::runtime_error("the dataset of product " + row.id + " did not load: " + loaded.error().detail);
  if (!loaded) {
    findings.push_back(load_finding(c, loaded.error()));
    return std::nullopt;
  }
  return LoadedDataset{upload, upload->finish(), loaded->rows};
}

// Stores the loaded dataset's blob once (a second load of the same content is dropped) and the
// version's compute_datasets row. A blob moved into place is removed again if the command rolls back.
void store_dataset(store::Tx& tx, const Context& c, const ProductRow& row, const LoadedDataset& d) {
  const auto& sha = d.blob.sha256_hex;
  auto key = repository::blob_key(tx.db(), sha);
  if (key) {
    c.blobs.discard(*d.upload);
  } else {
    key = d.blob.wrapped_key;
    files::repository::insert_blob(tx, sha, static_cast<std::int64_t>(d.blob.size_bytes), *key);
    c.blobs.store(*d.upload, sha);
    tx.on_rollback([&blobs = c.blobs, sha] { blobs.remove(sha); });
  }
  repository::insert_dataset(tx, {row.id, row.version, sha, *key, static_cast<std::int64_t>(d.blob.size_bytes), d.rows});
}

}  // namespace

ScreeningOutcome screen_product(const Context& c, const ProductRow& row) {
  ScreeningOutcome out;
  out.revision = row.revision;
  const auto today = identity::china_today(c.s.clock());
  const auto file = stored_data_file(c, row);
  std::optional<compliance::ScanResult> scan;
  if (file) {
    out.data_sha256 = file->sha256;
    scan = scan_data(c, row, *file, today);
  }
  if (scan && scan->parsed) out.data_rows = scan->rows;
  out.findings = compliance::screen(row.doc, scan ? &*scan : nullptr, c.rules, today);
  const bool compute = row.doc.delivery_mode == compliance::DeliveryMode::compute;
  if (compute && file && !compliance::any_block(out.findings)) out.dataset = load_data(c, row, *file, out.findings);
  return out;
}

Result<ProductDetails> record_screening(store::Tx& tx, const Context& c, const std::string& actor,
                              const ProductRow& screened, const ScreeningOutcome& outcome) {
  auto row = load_product(tx.db(), c.s.keys.master, screened.id);
  if (!row || row->revision != outcome.revision)
    return make_error(Errc::invalid_state, "The product changed while it was being screened; submit it again.");
  if (row->status != "draft" && row->status != "rejected")
    return make_error(Errc::invalid_state, "A product that is " + row->status + " cannot be submitted.");
  // A version once submitted stays as it was screened; resubmitting it unchanged makes a new one.
  if (row->submitted_at) replace_document(tx, c.s.keys.master, *row, row->doc);
  const json findings = findings_json(outcome.findings);
  save_screening(tx, *row, findings, outcome.data_sha256, outcome.data_rows);
  const bool blocked = compliance::any_block(outcome.findings);
  if (outcome.dataset && !blocked) store_dataset(tx, c, *row, *outcome.dataset);
  set_status(tx, *row, blocked ? "rejected" : "in_review");
  json data = {{"version", row->version}, {"status", row->status}, {"findings", findings}};
  if (outcome.data_sha256) data["data_sha256"] = *outcome.data_sha256;
  if (outcome.data_rows) data["data_rows"] = *outcome.data_rows;
  if (outcome.dataset && !blocked)
    data["dataset"] = {{"sha256", outcome.dataset->blob.sha256_hex},
                       {"size_bytes", outcome.dataset->blob.size_bytes},
                       {"rows", outcome.dataset->rows}};
  tx.record(actor, "product.submitted", row->id, data);
  return owner_details(tx.db(), std::move(*row));
}

Result<ProductRow> product_to_submit(const Context& c, const ProductCommand& cmd) {
  auto db = c.s.reads.acquire();
  return own_product(*db, c, cmd, {"draft", "rejected"}, "submitted");
}

}  // namespace dx::listing
