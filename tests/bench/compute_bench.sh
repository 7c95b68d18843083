#!/usr/bin/env bash
# Compute-to-data beside the sqlite3 shell (issue: the data plane, part 2), in one run on the same
# generated CSV of SIZE_MB MiB (dataset_bench generate):
#   - load: what listing does with a compute product's file (the dataset typed by its dictionary
#     into an in-memory SQLite database of 64 KiB pages, streamed into the blob store's sealing,
#     fsynced), beside `sqlite3 x.db -cmd '.mode csv' '.import FILE data'` into a fresh file;
#   - job: a grouped aggregate run as a job runs it (the sealed dataset opened in place through
#     the decrypting VFS, the query checked, run with its limits, the group-size rule and the
#     result screened), beside the sqlite3 shell running the same SQL on its import.
# RUNS runs of each, alternating which goes first; medians, ratios against the shell measured in
# the same run. Writes the "Compute" section of BENCHMARKS.md.
#   bash tests/bench/compute_bench.sh [SIZE_MB=1024] [RUNS=3]
# JOB_MEMORY_MB (default 2048) is the job's memory limit: SQLite groups by sorting every row,
# and the dataset's connection keeps that sort in memory (no temporary file ever holds data).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
SIZE_MB=${1:-1024}
RUNS=${2:-3}
JOB_MEMORY_MB=${JOB_MEMORY_MB:-2048}
SQL='SELECT district, COUNT(*) AS n, AVG(income) AS avg_income FROM data GROUP BY district'

bash .ci/install-deps
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDX_BUILD_TESTS=OFF -DDX_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build-bench --target dataset_bench compute_job_bench -j 2

work=$(mktemp -d /tmp/dx-compute-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}'; }

generated=$(build-bench/bin/dataset_bench generate "$work/data.csv" "$SIZE_MB")
echo "$generated"
rows=$(echo "$generated" | field rows)
size_mib=$((($(echo "$generated" | field bytes) + 524288) / 1048576))

ours_load() {
  rm -f "$work/sealed" "$work/sealed.key"
  local out
  out=$(build-bench/bin/dataset_bench load "$work/data.csv" "$work/sealed")
  [ "$(echo "$out" | field rows)" = "$rows" ] || { echo "error: loaded $out, generated $rows rows" >&2; exit 1; }
  db_bytes=$(echo "$out" | field db_bytes)
  load_ours="$load_ours $(echo "$out" | field seconds)"
}
shell_load() {
  rm -f "$work/shell.db"
  local start
  start=$(now)
  sqlite3 "$work/shell.db" -cmd '.mode csv' ".import $work/data.csv data"
  load_shell="$load_shell $(elapsed "$start")"
}
load_ours="" load_shell=""
for run in $(seq "$RUNS"); do
  if [ $((run % 2)) = 1 ]; then ours_load; shell_load; else shell_load; ours_load; fi
done
shell_rows=$(sqlite3 "$work/shell.db" 'SELECT COUNT(*) FROM data')
[ "$shell_rows" = "$rows" ] || { echo "error: the shell imported $shell_rows rows of $rows" >&2; exit 1; }

job_shell=""
for _ in $(seq "$RUNS"); do
  start=$(now)
  groups=$(sqlite3 "$work/shell.db" "$SQL" | wc -l)
  job_shell="$job_shell $(elapsed "$start")"
done
job=$(build-bench/bin/compute_job_bench "$work/sealed" "$SQL" "$RUNS" config/compliance "$JOB_MEMORY_MB" 2>"$work/result.csv")
echo "$job"
job_ours=$(echo "$job" | field seconds)
[ "$(echo "$job" | field result_rows)" = "$groups" ] ||
  { echo "error: the job answered $(echo "$job" | field result_rows) groups, the shell $groups" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", a / b}'; }
range() { echo "$1" | tr ' ' '\n' | grep -v '^$' | sort -n | sed -n '1p;$p' | paste -sd'–' | sed 's/–/ – /'; }
lo=$(med "$load_ours") ls=$(med "$load_shell") jo=$(med "$job_ours") js=$(med "$job_shell")
load_goal=$(awk -v a="$lo" -v b="$ls" 'BEGIN {print (a <= b) ? "met" : "not met"}')
job_goal=$(awk -v a="$jo" -v b="$js" 'BEGIN {print (a <= 1.5 * b) ? "met" : "not met"}')
section=$(cat <<MD
<!-- compute-bench:begin -->
## Compute (issue: the data plane, part 2)

Measured $(date -u +%Y-%m-%d) by \`bash tests/bench/compute_bench.sh $size_mib $RUNS\` on $(nproc) cores
($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), SQLite $(sqlite3 --version | cut -d' ' -f1).
One generated CSV of $size_mib MiB, $rows rows of 6 columns (a person id, a district, an age,
an income, a diagnosis code, a visit date: one column of each role). **Load**: the dataset
typed by its dictionary into an in-memory SQLite database of 64 KiB pages ($((db_bytes / 1048576)) MiB), streamed
into the blob store's AES-256-GCM sealing and fsynced, as listing does; beside the \`sqlite3\`
shell's \`.import\` of the same file into a fresh database file (untyped columns). **Job**:
\`$SQL\` as a job runs it (the sealed dataset opened in place through the decrypting VFS, the
query checked, run with its limits and the group-size rule, the result screened; memory limit
$JOB_MEMORY_MB MiB, the sort kept in memory); beside the shell running the same SQL on its
import (its time includes starting the shell, a few milliseconds). Seconds, median of $RUNS runs (min – max).

| phase | exchange | sqlite3 shell | ratio | goal |
|---|---:|---:|---:|---|
| load | $lo ($(range "$load_ours")) | $ls ($(range "$load_shell")) | $(ratio "$lo" "$ls") | no slower than \`.import\`: $load_goal |
| grouped aggregate ($groups groups) | $jo ($(range "$job_ours")) | $js ($(range "$job_shell")) | $(ratio "$jo" "$js") | within 1.5×: $job_goal |

Job overhead for a small query over HTTPS (goal p50 ≤ 50 ms) is not measured here yet: it needs
the jobs service.
<!-- compute-bench:end -->
MD
)
write_section compute-bench "$section"
