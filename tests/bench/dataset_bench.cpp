// The load half of the compute benchmark (compute_bench.sh):
//   dataset_bench generate FILE SIZE_MB   writes a CSV of about SIZE_MB MiB   -> one JSON line
//   dataset_bench load FILE SEALED        what listing does with a compute product's file: the
//                                         dataset loaded (datasets::load_dataset) straight into
//                                         the blob store's sealing (crypto::FileEncryptor), read
//                                         in 1 MiB chunks; the data key goes to SEALED.key (hex)
//                                         for the job half                   -> one JSON line
// The rows are a clinic's visits: a person id, a district (16, some in Chinese), an age, an
// income, a diagnosis code, a visit date; the columns as compute_bench_data.hpp declares them.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "compute_bench_data.hpp"
#include "crypto/crypto.hpp"
#include "datasets/dataset.hpp"

namespace {

using Clock = std::chrono::steady_clock;

const char* const kDistricts[] = {"Xuhui",  "Jing'an", "Huangpu", "Pudong",  "Minhang", "Yangpu",
                                  "Putuo",  "Hongkou", "Baoshan", "Jiading", "渝中区",  "江北区",
                                  "锦江区", "武侯区",  "海淀区",  "朝阳区"};
const char* const kDiagnoses[] = {"J06.9", "I10",   "E11.9", "K21.0",
                                  "M54.5", "F32.9", "R51",   "Z00.0"};

// SplitMix64: fast, and the same file on every machine.
std::uint64_t next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

int generate(const char* path, long size_mb) {
  std::FILE* out = std::fopen(path, "wb");
  if (!out) return std::perror(path), 1;
  const std::uint64_t limit = static_cast<std::uint64_t>(size_mb) << 20;
  std::string buf = "person_id,district,age,income,diagnosis,visit_date\n";
  std::uint64_t bytes = 0, rows = 0, state = 25;
  char line[160];
  while (bytes + buf.size() < limit) {
    const std::uint64_t r = next(state);
    const int n =
        std::snprintf(line, sizeof line, "P%010llu,%s,%d,%d.%02d,%s,20%02d-%02d-%02d\n",
                      static_cast<unsigned long long>(rows), kDistricts[r % 16],
                      static_cast<int>(18 + (r >> 4) % 70), static_cast<int>((r >> 12) % 200000),
                      static_cast<int>((r >> 30) % 100), kDiagnoses[(r >> 40) % 8],
                      static_cast<int>(15 + (r >> 44) % 9), static_cast<int>(1 + (r >> 48) % 12),
                      static_cast<int>(1 + (r >> 52) % 28));
    buf.append(line, static_cast<std::size_t>(n));
    ++rows;
    if (buf.size() >= (1u << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), out);
      bytes += buf.size();
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), out);
  bytes += buf.size();
  if (std::fclose(out) != 0) return std::perror(path), 1;
  std::printf("{\"bytes\":%llu,\"rows\":%llu}\n", static_cast<unsigned long long>(bytes),
              static_cast<unsigned long long>(rows));
  return 0;
}

int load(const char* csv, const std::string& sealed) {
  const auto key = dx::crypto::random_bytes(32);
  std::ofstream(sealed + ".key") << dx::crypto::hex(key);
  std::FILE* in = std::fopen(csv, "rb");
  if (!in) return std::perror(csv), 1;
  const auto start = Clock::now();
  dx::crypto::FileEncryptor encryptor(sealed, key);
  std::string chunk;
  const auto source = [&]() -> std::optional<std::string> {
    chunk.resize(1u << 20);
    const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), in);
    if (n == 0) return std::nullopt;
    chunk.resize(n);
    return std::move(chunk);
  };
  const auto loaded = dx::datasets::load_dataset(
      source, dx::compliance::DataFormat::csv, dx::bench::compute_dictionary(),
      [&](std::string_view bytes) { encryptor.write(bytes); });
  if (!loaded) {
    std::fprintf(stderr, "load failed: %s\n", loaded.error().detail.c_str());
    return 1;
  }
  encryptor.finish();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::fclose(in);
  std::printf("{\"seconds\":%.3f,\"rows\":%lld,\"db_bytes\":%llu}\n", seconds,
              static_cast<long long>(loaded->rows),
              static_cast<unsigned long long>(loaded->size_bytes));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "generate" && argc == 4) return generate(argv[2], std::atol(argv[3]));
  if (mode == "load" && argc == 4) return load(argv[2], argv[3]);
  std::fprintf(stderr, "usage: dataset_bench generate FILE SIZE_MB | load FILE SEALED\n");
  return 2;
}
