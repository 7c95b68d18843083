#!/usr/bin/env bash
# Records benchmark: appends 10 million records through the store's append path, timing
# inclusion and consistency proofs (2,000 each, random leaves) at 1 and 10 million records.
# Writes the "Records" section of BENCHMARKS.md.
#   bash tests/bench/records_bench.sh [SIZES="1000000 10000000"]
#   bash tests/bench/records_bench.sh --from-output FILE   (format the lines records_bench printed)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
if [ "${1:-}" = "--from-output" ]; then
  out=$(cat "$2")
else
  SIZES=${1:-"1000000 10000000"}
  bash .ci/install-deps
  cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDX_BUILD_TESTS=OFF -DDX_BUILD_BENCHMARKS=ON >/dev/null
  cmake --build build-bench --target records_bench
  work=$(mktemp -d /tmp/dx-records.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  # shellcheck disable=SC2086
  out=$(build-bench/bin/records_bench "$work/db" $SIZES)
fi
echo "$out"
field() { echo "$1" | sed -n "s/.*\"$2\":\([0-9.e+]*\).*/\1/p" | awk '{printf "%.1f", $1}'; }
rows=""
while read -r line; do
  rows+="| $(echo "$line" | sed -n 's/.*"records":\([0-9]*\).*/\1/p') | $(field "$line" appends_per_s) | $(field "$line" inclusion_us_p50) / $(field "$line" inclusion_us_p99) | $(field "$line" consistency_us_p50) / $(field "$line" consistency_us_p99) |"$'\n'
done <<<"$out"
section=$(cat <<MD
<!-- records-bench:begin -->
## Records (issue: verifiable records)

Measured $(date -u +%Y-%m-%d) by \`bash tests/bench/records_bench.sh "$(echo "$out" | sed -n 's/.*"records":\([0-9]*\).*/\1/p' | xargs)"\` on $(nproc) cores. Records are appended
through the store's own append path (leaf, hash chain, Merkle subtrees of 16 leaves and more,
the index by subject, and the lists by actor and by action the writer adds in bulk before each
transaction) in transactions of 10,000; proofs are computed from the stored subtree hashes (and
the records under the smaller subtrees) on a read-only connection exactly as the proof endpoints do
(2,000 random proofs per size; latency in µs, median / p99; goal ≤ 1 ms per proof at 10 million
records).

| records | appends/s (cumulative) | inclusion proof µs p50 / p99 | consistency proof µs p50 / p99 |
|---:|---:|---:|---:|
${rows%$'\n'}

Records appended under HTTP load: every durable write of the HTTP benchmark above appends one
record, so its write rate is also the rate of records appended (one record per command).
<!-- records-bench:end -->
MD
)
write_section records-bench "$section"
