// Records benchmark: appends N records (in transactions of 10,000, through the same code the
// sequencer uses), then times inclusion and consistency proofs computed from the stored subtree
// hashes, as GET /audit/proof and /audit/consistency do. Reports at every checkpoint size.
//   records_bench DIR N1 [N2 ...]   -> one JSON line per size
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/account_index.hpp"
#include "store/db.hpp"
#include "store/merkle.hpp"
#include "store/records.hpp"
#include "store/schema.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace dx::store;

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: records_bench DIR N1 [N2 ...]\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Db db(dir / "records.db", OpenMode::read_write_create);
  migrate(db);
  ChainHead head;
  std::mt19937_64 rng(42);
  const auto at = std::chrono::system_clock::now();
  double append_seconds = 0;
  for (int a = 2; a < argc; ++a) {
    const std::int64_t target = std::atoll(argv[a]);
    const auto start = Clock::now();
    while (head.seq < target) {
      db.exec("BEGIN IMMEDIATE");
      catch_up_account_index(db, 512);  // as the writer does at the start of a batch
      for (int i = 0; i < 10000 && head.seq < target; ++i)
        append_record(db, head, at, "acc_0000000000000000000" + std::to_string(rng() % 1000), "api_key.created",
                      "key_" + std::to_string(rng()), {{"name", "bench"}});
      db.exec("COMMIT");
    }
    append_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    Db reader(dir / "records.db", OpenMode::read_only);
    auto subtree = [&reader](int level, std::uint64_t index) { return subtree_hash(reader, level, index); };
    const auto n = static_cast<std::uint64_t>(head.seq);
    std::vector<double> inclusion, consistency;
    for (int i = 0; i < 2000; ++i) {
      const auto leaf = rng() % n;
      auto t0 = Clock::now();
      auto path = merkle::inclusion_path(leaf, n, subtree);
      inclusion.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      const auto first = 1 + rng() % n;
      t0 = Clock::now();
      auto cpath = merkle::consistency_path(first, n, subtree);
      consistency.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    const nlohmann::json line = {{"records", head.seq},
                                 {"appends_per_s", static_cast<double>(head.seq) / append_seconds},
                                 {"inclusion_us_p50", percentile(inclusion, 0.5)},
                                 {"inclusion_us_p99", percentile(inclusion, 0.99)},
                                 {"consistency_us_p50", percentile(consistency, 0.5)},
                                 {"consistency_us_p99", percentile(consistency, 0.99)}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
