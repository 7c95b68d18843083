#!/usr/bin/env bash
# Compute-to-data beside the sqlite3 shell (issue: the data plane, part 2), in one run on the same
# generated CSV of SIZE_MB MiB (dataset_bench generate):
#   - load: what listing does with a compute product's file (the dataset typed by its dictionary
#     into an in-memory SQLite database of 64 KiB pages, streamed into the blob store's sealing,
#     fsynced), beside `sqlite3 x.db -cmd '.mode csv' '.import FILE data'` into a fresh file;
#   - job: a grouped aggregate run as a job runs it (the sealed dataset opened in place through
#     the decrypting VFS, the query checked, run with its limits, the group-size rule and the
#     result screened), beside the sqlite3 shell running the same SQL on its import;
#   - overhead: a running exchange with a small compute product (the file's first 20,000 rows)
#     listed and bought through the API; a small grouped query submitted as a job over HTTPS and
#     polled until it succeeds, JOBS times (compute_http_bench).
# RUNS runs of each, alternating which goes first; medians, ratios against the shell measured in
# the same run. Writes the "Compute" section of BENCHMARKS.md.
#   bash tests/bench/compute_bench.sh [SIZE_MB=1024] [RUNS=3]
# JOB_MEMORY_MB (default 1024, as compute.job_memory_bytes) is the job's memory limit: SQLite
# groups by sorting every row, and the dataset's connection keeps the sort's runs in memory (no
# temporary file ever holds data).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
SIZE_MB=${1:-1024}
RUNS=${2:-3}
JOB_MEMORY_MB=${JOB_MEMORY_MB:-1024}
SQL='SELECT district, COUNT(*) AS n, AVG(income) AS avg_income FROM data GROUP BY district'

bash .ci/install-deps
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDX_BUILD_TESTS=OFF -DDX_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build-bench --target dataset_bench compute_job_bench compute_http_bench exchanged -j 2

work=$(mktemp -d /tmp/dx-compute-bench.XXXXXX)
ex_pid=""
trap '[ -n "$ex_pid" ] && kill "$ex_pid" 2>/dev/null; rm -rf "$work"' EXIT
stat_field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}'; }

generated=$(build-bench/bin/dataset_bench generate "$work/data.csv" "$SIZE_MB")
echo "$generated"
rows=$(echo "$generated" | stat_field rows)
size_mib=$((($(echo "$generated" | stat_field bytes) + 524288) / 1048576))

ours_load() {
  rm -f "$work/sealed" "$work/sealed.key"
  local out
  out=$(build-bench/bin/dataset_bench load "$work/data.csv" "$work/sealed")
  [ "$(echo "$out" | stat_field rows)" = "$rows" ] || { echo "error: loaded $out, generated $rows rows" >&2; exit 1; }
  db_bytes=$(echo "$out" | stat_field db_bytes)
  load_ours="$load_ours $(echo "$out" | stat_field seconds)"
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
job_ours=$(echo "$job" | stat_field seconds)
[ "$(echo "$job" | stat_field result_rows)" = "$groups" ] ||
  { echo "error: the job answered $(echo "$job" | stat_field result_rows) groups, the shell $groups" >&2; exit 1; }

# --- Overhead over HTTPS: a small compute product on a running exchange.
JOBS=${JOBS:-30}
EX_PORT=18843
URL="https://127.0.0.1:$EX_PORT"
if (exec 3<>"/dev/tcp/127.0.0.1/$EX_PORT") 2>/dev/null; then
  echo "error: port $EX_PORT is in use; the benchmark needs it" >&2
  exit 1
fi
cat >"$work/exchange.json" <<JSON
{"listen": "127.0.0.1:$EX_PORT", "data_dir": "$work/data", "threads": 2, "auth": {"scrypt_log2_n": 12},
 "limits": {"requests_per_second_per_ip": 0}, "log": {"requests": false},
 "compliance": {"rules_dir": "$PWD/config/compliance"}, "kyc": {"blocklist_file": ""}}
JSON
EXCHANGE_ADMIN_EMAIL=admin@bench.local EXCHANGE_ADMIN_PASSWORD=bench-admin-password \
  build-bench/bin/exchanged --config "$work/exchange.json" >"$work/exchange.log" 2>&1 &
ex_pid=$!
wait_up "$URL/healthz" "$work/exchange.log"
# shellcheck source=tests/bench/seed.sh
. tests/bench/seed.sh
seed_staff
read -r _ SELLER < <(verified 1)
read -r BUYER_ID BUYER < <(verified 2)
head -n 20001 "$work/data.csv" >"$work/small.csv"
DATA=$(curl -sk "$URL/api/v1/files" -H "Authorization: Bearer $SELLER" -H 'Content-Type: text/csv' --data-binary @"$work/small.csv" | field id)
column() { echo "{\"name\":\"$1\",\"type\":\"$2\",\"role\":\"$3\",\"description\":\"$1\"${4:-}}"; }
created=$(post /api/v1/products "$SELLER" "{\"title\":\"Bench visits\",\"description\":\"bench\",\"category\":\"transport.traffic\",
  \"source\":{\"method\":\"collected\",\"statement\":\"our clinics\"},\"rights\":{\"holder\":\"self\"},
  \"personal_information\":{\"contains\":\"none\"},\"classification\":\"general\",\"data_file_id\":\"$DATA\",\"format\":\"csv\",
  \"delivery_mode\":\"compute\",\"update_frequency\":\"once\",
  \"data_dictionary\":[$(column person_id text identifier),$(column district text quasi_identifier),
    $(column age integer quasi_identifier),$(column income real sensitive ',"min":0,"max":1000000'),
    $(column diagnosis text sensitive),$(column visit_date date attribute)],
  \"compute\":{\"min_group_size\":10,\"approval\":\"automatic\",\"epsilon_per_licence\":null},
  \"offers\":[{\"name\":\"standard\",\"purposes\":[\"research\"],\"scenario\":\"bench\",\"term_days\":30,\"price_fen\":100,
  \"seats\":null,\"cross_border\":false,\"security_measures\":\"none needed\",\"disposal\":\"delete\",\"job_quota\":null}]}")
PRODUCT=$(echo "$created" | grep -o '"id":"prd_[^"]*"' | head -1 | cut -d'"' -f4)
[ -n "$PRODUCT" ] || { echo "error: the compute product was not created: $created" >&2; exit 1; }
submitted=$(post "/api/v1/products/$PRODUCT/submit" "$SELLER" '{}')
must "the product did not pass screening" "$submitted" '"status":"in_review"'
decided=$(post "/api/v1/staff/products/$PRODUCT/decision" "$REVIEWER" '{"decision":"approve","reason":"bench"}')
must "the product was not listed" "$decided" '"status":"listed"'
OFFER=$(echo "$decided" | grep -o '"id":"off_[^"]*"' | head -1 | cut -d'"' -f4)
must "the deposit failed" "$(post /api/v1/staff/deposits "$FINANCE" "{\"account_id\":\"$BUYER_ID\",\"amount_fen\":100000,\"reference\":\"bench\"}")" '"id"'
bought=$(post /api/v1/orders "$BUYER" "{\"offer_id\":\"$OFFER\",\"side\":\"buy\",\"price_fen\":100,\"quantity\":1,\"time_in_force\":\"IOC\",\"purpose\":\"research\"}")
must "the buy did not fill" "$bought" '"status":"filled"'
TRADE=$(echo "$bought" | grep -o '"id":"trd_[^"]*"' | head -1 | cut -d'"' -f4)
SMALL_SQL='SELECT district, COUNT(*) AS n FROM data GROUP BY district'
overhead=$(build-bench/bin/compute_http_bench "$EX_PORT" "$BUYER" "$TRADE" "$SMALL_SQL" "$JOBS")
echo "$overhead"
kill "$ex_pid" && wait "$ex_pid" 2>/dev/null || true
ex_pid=""
op50=$(echo "$overhead" | stat_field p50_ms) op90=$(echo "$overhead" | stat_field p90_ms)
overhead_goal=$(awk -v a="$op50" 'BEGIN {print (a <= 50) ? "met" : "not met"}')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", a / b}'; }
range() { echo "$1" | tr ' ' '\n' | grep -v '^$' | sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.3f – %.3f", lo, hi}'; }
three() { awk -v a="$1" 'BEGIN {printf "%.3f", a}'; }
lo=$(three "$(med "$load_ours")") ls=$(three "$(med "$load_shell")") jo=$(three "$(med "$job_ours")") js=$(three "$(med "$job_shell")")
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

**Overhead**: \`$SMALL_SQL\` on a compute product of the file's first 20,000 rows, listed and
bought through the API of a running exchange (2 I/O threads, 1 job worker), submitted as a job
over HTTPS and polled every 2 ms until it succeeded, $JOBS times; each request a new TLS
connection. Submit to result: p50 $op50 ms, p90 $op90 ms (goal p50 ≤ 50 ms: $overhead_goal).
<!-- compute-bench:end -->
MD
)
write_section compute-bench "$section"
