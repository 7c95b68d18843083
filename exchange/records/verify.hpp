// Checking the records without trusting the database that holds them: every leaf recomputed from
// its fields, the hash chain, the Merkle root at every signed tree head, every head's signature,
// and consistency between heads (each head's tree is a prefix of the next, as all are recomputed
// from the same leaves). The first problem found names the record.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "records/heads.hpp"
#include "store/merkle.hpp"
#include "store/records.hpp"

namespace dx::records {

struct VerifyReport {
  bool ok = true;
  std::int64_t records = 0;
  std::int64_t heads = 0;
  std::optional<std::int64_t> seq;  // the first record found changed, removed, inserted or reordered
  std::string problem;
};

class Verifier {
 public:
  // Public keys (PEM) by key id.
  explicit Verifier(std::map<std::string, std::string> public_keys);

  // Every head first (any order), then the records in the order they are stored or exported.
  void add_record(const store::Record& r);
  void add_head(const SignedHead& h);
  VerifyReport finish();

 private:
  void fail(std::optional<std::int64_t> seq, std::string problem);
  void check_heads_at(std::int64_t size);

  std::map<std::string, std::string> keys_;
  std::multimap<std::int64_t, SignedHead> heads_;
  store::merkle::Frontier tree_;
  std::string chain_ = std::string(32, '\0');
  std::int64_t expected_ = 1;
  VerifyReport report_;
};

}  // namespace dx::records
