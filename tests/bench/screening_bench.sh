#!/usr/bin/env bash
# Screening benchmark: the compliance Scanner over a generated CSV of SIZE_MB MiB, read in 1 MiB
# chunks on one thread with the rules of config/compliance/ (parsing, identifier detection in
# every cell however written, national-security keywords in every value, k-anonymity counting).
# Median MB/s of REPEATS runs (MB = 10^6 bytes). Writes the "Screening" section of BENCHMARKS.md.
#   bash tests/bench/screening_bench.sh [SIZE_MB=1024] [REPEATS=3]
#   bash tests/bench/screening_bench.sh --from-output FILE   (format a line screening_bench printed)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
if [ "${1:-}" = "--from-output" ]; then
  out=$(cat "$2")
else
  SIZE_MB=${1:-1024}
  REPEATS=${2:-3}
  bash .ci/install-deps
  cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDX_BUILD_TESTS=OFF -DDX_BUILD_BENCHMARKS=ON >/dev/null
  cmake --build build-bench --target screening_bench -j 2
  data=$(mktemp /tmp/dx-screening.XXXXXX)
  trap 'rm -f "$data"' EXIT
  out=$(build-bench/bin/screening_bench "$data" "$SIZE_MB" "$REPEATS")
fi
echo "$out"
field() { echo "$out" | sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }
bytes=$(field bytes)
size_mib=$(((bytes + 524288) / 1048576))  # the file ends at a row end, just short of the size asked
section=$(cat <<MD
<!-- screening-bench:begin -->
## Screening (issue: listing data products)

Measured $(date -u +%Y-%m-%d) by \`bash tests/bench/screening_bench.sh $size_mib $(field repeats)\` on $(nproc) cores
($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), one thread.
The compliance Scanner reads a generated CSV file from the page cache in 1 MiB chunks, as the
exchange scans an uploaded data file, with the rules of \`config/compliance/\`: the layout sniffed
from the content, RFC 4180 parsing, every cell tested for resident identity numbers (18 and 15
digits), mobile numbers, e-mail addresses and bank card numbers however written (full-width
digits, separators, prefixes, inside free text, masked), every value searched for the
national-security keywords in simplified and traditional Chinese (P1), and rows counted per
district × age band for k-anonymity. The file has 8 columns (id, district, age band, date,
amount, a free-text note, some quoted with commas or escaped quotes, some Chinese, one with a
mobile number inside the text and one naming a metro station that holds a keyword, a mobile
number in one row in ten, status). MB = 10^6 bytes; median of $(field repeats) runs; goal
≥ 200 MB/s on one core.

| file | rows | identifier cells found | keyword cells found | k_min | MB/s median | min – max |
|---|---:|---:|---:|---:|---:|---:|
| $size_mib MiB CSV | $(field rows) | $(field identifier_cells) | $(field keyword_cells) | $(field k_min) | $(field mb_per_s_median) | $(field mb_per_s_min) – $(field mb_per_s_max) |
<!-- screening-bench:end -->
MD
)
write_section screening-bench "$section"
