// The job half of the compute benchmark (compute_bench.sh): a buyer's query run exactly as a job
// runs it: the sealed dataset opened in place (datasets::Dataset::open), the query checked
// (compute::check_query) and run with its limits, the group-size rule and the result screened
// by the listings' scanner (compute::run_query). Each run opens the dataset afresh, as a job does.
//   compute_job_bench SEALED SQL RUNS RULES_DIR MEMORY_MB   -> one JSON line; the result CSV of
//                                                              the last run on stderr
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "compliance/rules.hpp"
#include "compute/engine.hpp"
#include "compute/query.hpp"
#include "compute_bench_data.hpp"
#include "crypto/crypto.hpp"
#include "datasets/dataset.hpp"

namespace {

using Clock = std::chrono::steady_clock;

int fail(const char* what, const dx::Error& e) {
  std::fprintf(stderr, "%s: %s (%s)\n", what, e.detail.c_str(), dx::code_name(e.code));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: compute_job_bench SEALED SQL RUNS RULES_DIR MEMORY_MB\n");
    return 2;
  }
  const std::string sealed = argv[1];
  std::ifstream key_file(sealed + ".key");
  const auto key = dx::crypto::unhex(
      std::string(std::istreambuf_iterator<char>(key_file), std::istreambuf_iterator<char>()));
  if (!key) return std::fprintf(stderr, "no key in %s.key\n", sealed.c_str()), 1;
  const auto rules = dx::compliance::load_rules(argv[4], 5);
  if (!rules) return fail("rules", rules.error());
  const dx::compute::Policy policy{.dictionary = dx::bench::compute_dictionary(),
                                   .min_group_size = 10,
                                   .private_aggregates = false};
  dx::compute::Limits limits;
  limits.time = std::chrono::minutes(10);
  limits.memory_bytes = std::atoll(argv[5]) << 20;

  std::vector<double> seconds;
  dx::compute::JobResult last;
  for (int run = 0; run < std::atoi(argv[3]); ++run) {
    const auto start = Clock::now();
    auto dataset = dx::datasets::Dataset::open(sealed, *key);
    if (!dataset) return fail("open", dataset.error());
    const auto checked = dx::compute::check_query(argv[2], policy);
    if (!checked) return fail("check", checked.error());
    auto result =
        dx::compute::run_query((*dataset)->db(), *checked, policy, limits, std::nullopt, &*rules);
    if (!result) return fail("run", result.error());
    seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    last = std::move(*result);
  }
  std::string list;
  for (const double s : seconds) list += (list.empty() ? "" : " ") + std::to_string(s);
  std::sort(seconds.begin(), seconds.end());
  std::printf("{\"seconds\":\"%s\",\"median\":%.3f,\"result_rows\":%lld,\"rows_scanned\":%lld}\n",
              list.c_str(), seconds[seconds.size() / 2], static_cast<long long>(last.result_rows),
              static_cast<long long>(last.rows_scanned));
  std::fputs(last.csv.c_str(), stderr);
  return 0;
}
