#!/usr/bin/env bash
# Matching benchmark (issue: matching): the order-book core under Google Benchmark. The standard
# stream (alternating buy and sell GTC orders of 100-1,000 seats at prices drawn uniformly from 10
# adjacent ticks, one thread) for operations/s and per-operation latency, and a realistic mix of
# adds, cancels and crossing orders on one book and on 10,000 books. Runs matching_bench with
# REPEATS repetitions and writes the medians to the "matching-bench" section of BENCHMARKS.md.
#   bash tests/bench/matching_bench.sh [REPEATS=5]
#   bash tests/bench/matching_bench.sh --from-output FILE   (format a saved JSON report)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
if [ "${1:-}" = "--from-output" ]; then
  json=$(cat "$2")
  REPEATS=$(echo "$json" | sed -n 's/.*"repetitions": \([0-9]*\).*/\1/p' | head -1)
else
  REPEATS=${1:-5}
  bash .ci/install-deps
  cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDX_BUILD_TESTS=OFF -DDX_BUILD_BENCHMARKS=ON >/dev/null
  cmake --build build-bench --target matching_bench -j 2
  out=$(mktemp /tmp/dx-matching.XXXXXX.json)
  trap 'rm -f "$out"' EXIT
  build-bench/bin/matching_bench --benchmark_repetitions="$REPEATS" \
    --benchmark_report_aggregates_only=true --benchmark_out="$out" --benchmark_out_format=json
  json=$(cat "$out")
fi

# The median aggregate of each benchmark, one line: "<name> <field>=<value> ...".
medians=$(echo "$json" | awk '
  /"run_name":/ { gsub(/[",]/, "", $2); name = $2 }
  /"aggregate_name": "median"/ { median = 1 }
  median && /"(items_per_second|p50_ns|p99_ns|p999_ns|clock_ns|crossing_share|resting_at_pass_end|resting_at_end)":/ {
    key = $1; gsub(/[":]/, "", key); value = $2; gsub(/,/, "", value); fields = fields " " key "=" value
  }
  /^    }/ { if (median) print name fields; median = 0; fields = "" }')
echo "$medians"
# get BENCHMARK_PREFIX FIELD [SCALE] [DECIMALS]: the median of FIELD divided by SCALE.
get() {
  echo "$medians" | awk -v b="$1" -v f="$2" -v s="${3:-1}" -v d="${4:-0}" '
    index($1, b) == 1 { for (i = 2; i <= NF; ++i) { split($i, kv, "="); if (kv[1] == f) printf "%.*f", d, kv[2] / s } }'
}
stream_ops=$(get StandardStream/ items_per_second 1e6 1)
p50=$(get StandardStreamLatency p50_ns)
p99=$(get StandardStreamLatency p99_ns)
p999=$(get StandardStreamLatency p999_ns)
clock=$(get StandardStreamLatency clock_ns)
verdict() { awk -v v="$1" -v g="$2" -v dir="$3" 'BEGIN { ok = dir == "min" ? v >= g : v <= g; print ok ? "met" : "not met" }'; }

section=$(cat <<MD
<!-- matching-bench:begin -->
## Matching core (issue: matching)

Measured $(date -u +%Y-%m-%d) by \`bash tests/bench/matching_bench.sh $REPEATS\` on $(nproc) cores
($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), shared with other work; Release build, one thread,
pre-generated orders. Each figure is the median of $REPEATS repetitions of \`matching_bench\`.

- Standard stream: alternating buy and sell GTC limit orders of 100-1,000 seats at prices drawn
  uniformly from 10 adjacent ticks ($(get StandardStream/ crossing_share 0.01 0)% of them cross); each pass runs 2^20 orders from an empty
  book (about $(get StandardStream/ resting_at_pass_end 1000 0)k resting at the end) and is timed with one clock read before and one
  after the loop; 20 passes per repetition, the book cleared between them untimed.
- Latency: the same passes again (4 × 2^20 orders), each operation timed on its own with two
  \`steady_clock\` reads; the percentiles include those reads (${clock} ns per pair, measured apart).
- Realistic mix: 40% cancels of resting orders, 45% passive GTC orders 1-20 ticks from the mid,
  15% orders 0-2 ticks through the mid (half IOC, half GTC), 1-50 seats, 1,000 owners; on one
  book and on 10,000 books (a uniformly chosen book per operation, through \`BookSet\`), each
  starting from 40 resting orders per book; 2 million operations timed as one loop, 5 times.
- Growing stream: the standard stream for 10 million orders without a reset (the book grows to
  about $(get StandardStreamGrowing resting_at_end 1e6 1) million resting orders), timed as one loop.

| what | figure | goal |
|---|---:|---|
| standard stream, operations/s | ${stream_ops} million | ≥ 10 million: $(verdict "$stream_ops" 10 min) |
| standard stream, latency per operation p50 / p99 / p99.9 | ${p50} / ${p99} / ${p999} ns | p99 ≤ 500 ns: $(verdict "$p99" 500 max) |
| realistic mix, 1 book, operations/s | $(get Mix/books:1/ items_per_second 1e6 1) million | |
| realistic mix, 10,000 books, operations/s | $(get Mix/books:10000/ items_per_second 1e6 1) million | |
| growing stream (10 million orders, no reset), operations/s | $(get StandardStreamGrowing items_per_second 1e6 1) million | |
<!-- matching-bench:end -->
MD
)
write_section matching-bench "$section"
