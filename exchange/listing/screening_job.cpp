#include "listing/screening_job.hpp"

#include "compliance/screening.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "files/blob_store.hpp"
#include "identity/submission.hpp"
#include "listing/service_parts.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

using nlohmann::json;

// The scan of the product's data file, or nullopt when it names none (or names no stored file).
std::optional<compliance::ScanResult> scan_data(const Context& c, const ProductRow& row,
                                                std::chrono::year_month_day today,
                                                std::optional<std::string>& sha256) {
  if (!row.doc.data_file_id) return std::nullopt;
  std::optional<DataFile> file;
  {
    auto db = c.s.reads.acquire();
    file = data_file(*db, *row.doc.data_file_id);
  }
  if (!file) return std::nullopt;
  sha256 = file->sha256;
  compliance::Scanner scanner(compliance::data_format(row.doc.format), row.doc.quasi_identifiers, c.rules, today);
  auto read = c.blobs.reader(file->sha256, file->wrapped_key);
  while (auto chunk = read()) scanner.feed(*chunk);
  return scanner.finish();
}

}  // namespace

ScreeningOutcome screen_product(const Context& c, const ProductRow& row) {
  ScreeningOutcome out;
  out.revision = row.revision;
  const auto today = identity::china_today(c.s.clock());
  const auto scan = scan_data(c, row, today, out.data_sha256);
  if (scan && scan->parsed) out.data_rows = scan->rows;
  out.findings = compliance::screen(row.doc, scan ? &*scan : nullptr, c.rules, today);
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
  set_status(tx, *row, blocked ? "rejected" : "in_review");
  json data = {{"version", row->version}, {"status", row->status}, {"findings", findings}};
  if (outcome.data_sha256) data["data_sha256"] = *outcome.data_sha256;
  if (outcome.data_rows) data["data_rows"] = *outcome.data_rows;
  tx.record(actor, "product.submitted", row->id, data);
  return owner_details(tx.db(), std::move(*row));
}

Result<ProductRow> product_to_submit(const Context& c, const ProductCommand& cmd) {
  auto db = c.s.reads.acquire();
  return own_product(*db, c, cmd, {"draft", "rejected"}, "submitted");
}

}  // namespace dx::listing
