#!/usr/bin/env bash
# Durable order entry end to end over HTTPS keep-alive (issue: matching), beside GET /healthz and
# raw SQLite batched commits measured in the same run. A seller lists a product whose offer has an
# unlimited standing ask at 100 fen; BUYERS verified buyers with deposits place buy orders through
# wrk (2 threads, 64 connections): bids below the ask that rest in the book, and immediate-or-cancel
# buys at the ask that each fill (order, trade, escrow, contract, records). Every order is durable
# before it is answered. Medians of REPEATS runs of SECONDS each. Writes the "Orders" section of
# BENCHMARKS.md.
#   bash tests/bench/orders_bench.sh [SECONDS=10] [REPEATS=3] [BUYERS=16]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
SECONDS_PER_RUN=${1:-10}
REPEATS=${2:-3}
BUYERS=${3:-16}
DX_WITH_BENCH_TOOLS=1 bash .ci/install-deps
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDX_BUILD_TESTS=OFF -DDX_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build-bench --target exchanged sqlite_commits settlement_bench

work=$(mktemp -d /tmp/dx-orders-bench.XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

PORT=18643
URL="https://127.0.0.1:$PORT"
cat >"$work/exchange.json" <<JSON
{"listen": "127.0.0.1:$PORT", "data_dir": "$work/data", "threads": 2, "auth": {"scrypt_log2_n": 12},
 "limits": {"requests_per_second_per_ip": 0}, "metrics": {"listen": "127.0.0.1:$((PORT + 1))"},
 "log": {"requests": false}, "compliance": {"rules_dir": "$PWD/config/compliance"}, "kyc": {"blocklist_file": ""}}
JSON
EXCHANGE_ADMIN_EMAIL=admin@bench.local EXCHANGE_ADMIN_PASSWORD=bench-admin-password \
  build-bench/bin/exchanged --config "$work/exchange.json" >"$work/exchange.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -skf "$URL/healthz" >/dev/null && break; sleep 0.1; done

# shellcheck source=tests/bench/seed.sh
. tests/bench/seed.sh
seed_staff

read -r _ SELLER < <(verified 1)
printf 'district,trips\nXuhui,1\n' >"$work/data.csv"
DATA=$(curl -sk "$URL/api/v1/files" -H "Authorization: Bearer $SELLER" -H 'Content-Type: text/csv' --data-binary @"$work/data.csv" | field id)
PRODUCT=$(post /api/v1/products "$SELLER" "{\"title\":\"Bench trips\",\"description\":\"bench\",\"category\":\"transport.traffic\",
  \"source\":{\"method\":\"collected\",\"statement\":\"our sensors\"},\"rights\":{\"holder\":\"self\"},
  \"personal_information\":{\"contains\":\"none\"},\"classification\":\"general\",\"data_file_id\":\"$DATA\",\"format\":\"csv\",
  \"delivery_mode\":\"file\",\"update_frequency\":\"once\",\"offers\":[{\"name\":\"standard\",\"purposes\":[\"research\"],
  \"scenario\":\"bench\",\"term_days\":30,\"price_fen\":100,\"seats\":null,\"cross_border\":false,
  \"security_measures\":\"none needed\",\"disposal\":\"delete\"}]}" | grep -o '"id":"prd_[^"]*"' | head -1 | cut -d'"' -f4)
submitted=$(post "/api/v1/products/$PRODUCT/submit" "$SELLER" '{}')
decided=$(post "/api/v1/staff/products/$PRODUCT/decision" "$REVIEWER" '{"decision":"approve","reason":"bench"}')
OFFER=$(echo "$decided" | grep -o '"id":"off_[^"]*"' | head -1 | sed 's/"id":"\(.*\)"/\1/')
[ -n "$OFFER" ] || { echo "error: the product was not listed: $submitted $decided" >&2; exit 1; }
TOKENS=""
for i in $(seq 2 $((BUYERS + 1))); do
  read -r id token < <(verified "$i")
  post /api/v1/staff/deposits "$FINANCE" "{\"account_id\":\"$id\",\"amount_fen\":1000000000000,\"reference\":\"bench $i\"}" >/dev/null
  TOKENS+="$token,"
done
export TOKENS OFFER
first=$(curl -sk "$URL/api/v1/orders" -H "Authorization: Bearer ${TOKENS%%,*}" -H 'Content-Type: application/json' \
  -d "{\"offer_id\":\"$OFFER\",\"side\":\"buy\",\"price_fen\":100,\"quantity\":1,\"time_in_force\":\"IOC\",\"purpose\":\"research\"}")
echo "$first" | grep -q '"status":"filled"' || { echo "error: a buy at the ask did not fill: $first" >&2; exit 1; }

# Writes "token trade_id" for every delivered trade of every buyer to $work/accepts.
delivered_trades() {
  : >"$work/accepts"
  local token cursor page
  for token in ${TOKENS//,/ }; do
    cursor=""
    while :; do
      page=$(curl -sk "$URL/api/v1/trades?status=delivered&limit=500${cursor:+&cursor=$cursor}" -H "Authorization: Bearer $token")
      echo "$page" | grep -o '"id":"trd_[^"]*"' | sed "s/\"id\":\"\(.*\)\"/$token \1/" >>"$work/accepts"
      cursor=$(echo "$page" | sed -n 's/.*"next_cursor":"\([^"]*\)".*/\1/p')
      [ -n "$cursor" ] || break
    done
  done
}
# accept_run -> "settlements_per_s p99_ms" (wrk, 2 threads, 64 connections, SECONDS_PER_RUN).
accept_run() {
  local out accepted secs p99
  out=$(ACCEPTS="$work/accepts" wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s tests/bench/accept_bench.lua "$URL/healthz")
  read -r accepted secs < <(echo "$out" | awk '/^accepted/ {print $2, $4}')
  p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}')
  [ "$accepted" -gt 0 ] || { echo "error: no trade was settled" >&2; exit 1; }
  [ "$accepted" -lt "$(wc -l <"$work/accepts")" ] || echo "warning: every delivered trade was accepted before the run ended; the rate is a lower bound" >&2
  awk -v a="$accepted" -v s="$secs" -v p="$p99" 'BEGIN {printf "%.1f %s\n", a / s, p}'
}

# wrk_run URL [SCRIPT] -> "requests_per_s p99_ms"; fails on any non-2xx answer.
wrk_run() {
  local out rps p99 errors
  out=$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency ${2:+-s "$2"} "$1")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  [ -z "$errors" ] || { echo "error: $errors non-2xx answers for $1" >&2; exit 1; }
  echo "$rps $p99"
}
declare -A rps p99
for name in healthz rest cross accept sqlite; do rps[$name]=""; p99[$name]=""; done
for r in $(seq "$REPEATS"); do
  echo "run $r/$REPEATS" >&2
  read -r a b < <(wrk_run "$URL/healthz"); rps[healthz]+="$a "; p99[healthz]+="$b "
  read -r a b < <(MODE=rest wrk_run "$URL/api/v1/orders" tests/bench/orders_bench.lua); rps[rest]+="$a "; p99[rest]+="$b "
  read -r a b < <(MODE=cross wrk_run "$URL/api/v1/orders" tests/bench/orders_bench.lua); rps[cross]+="$a "; p99[cross]+="$b "
  delivered_trades
  read -r a b < <(accept_run); rps[accept]+="$a "; p99[accept]+="$b "
  rps[sqlite]+="$(build-bench/bin/sqlite_commits "$work/sqlite" 5 64 | sed 's/.*"commits_per_s":\([0-9.]*\).*/\1/') "
done
for name in healthz rest cross accept sqlite; do
  rps[$name]=$(med "${rps[$name]}")
  [ -n "${p99[$name]}" ] && p99[$name]=$(med "${p99[$name]}")
done
# The ledger core alone: postings/s of the reserve, fund-escrow, settle cycle (Google Benchmark).
postings=$(build-bench/bin/settlement_bench --benchmark_filter=BM_TradeCycle --benchmark_repetitions="$(( REPEATS < 2 ? 2 : REPEATS ))" \
  --benchmark_report_aggregates_only=true --benchmark_format=json 2>/dev/null \
  | awk '/^ *"name":/ {median = ($0 ~ /_median"/)} median && /"items_per_second":/ {gsub(/[^0-9.e+]/, "", $2); print $2; exit}')
metrics=$(curl -sk "https://127.0.0.1:$((PORT + 1))/metrics")
batches=$(echo "$metrics" | awk '/^dx_sequencer_batches_total/ {print $2}')
flushes=$(echo "$metrics" | awk '/^dx_wal_flushes_total/ {print $2}')
commands=$(echo "$metrics" | awk '/^dx_sequencer_commands_total/ {print $2}')

section=$(cat <<MD
<!-- orders-bench:begin -->
## Orders and settlement (issues: matching, settlement)

Measured $(date -u +%Y-%m-%d) by \`bash tests/bench/orders_bench.sh $SECONDS_PER_RUN $REPEATS $BUYERS\` on $(nproc) cores
($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), wrk on the same cores. Medians of
$REPEATS runs of ${SECONDS_PER_RUN} s; wrk 2 threads, 64 connections, HTTPS keep-alive; exchange with 2 I/O
threads, request log off; $BUYERS verified buyers, one offer with an unlimited standing ask. Every
order is durable (group commit, fsync) before its answer.

| what | requests/s | p99 latency | ratio |
|---|---:|---:|---|
| exchange \`GET /healthz\` (reference) | $(fmt "${rps[healthz]}") | ${p99[healthz]} ms | 100% |
| \`POST /api/v1/orders\`, bids that rest in the book | $(fmt "${rps[rest]}") orders/s | ${p99[rest]} ms | $(pct "${rps[rest]}" "${rps[healthz]}") of /healthz (goal ≥ 30,000/s, p99 ≤ 10 ms) |
| \`POST /api/v1/orders\`, IOC buys that each fill (order + trade + escrow + contract) | $(fmt "${rps[cross]}") orders/s | ${p99[cross]} ms | $(pct "${rps[cross]}" "${rps[healthz]}") of /healthz |
| \`POST /api/v1/trades/{id}/accept\`: settlements (escrow to seller less fee, fee to the exchange) | $(fmt "${rps[accept]}") settlements/s | ${p99[accept]} ms | $(pct "${rps[accept]}" "${rps[healthz]}") of /healthz |
| raw SQLite, 64 rows per durable commit (reference) | $(fmt "${rps[sqlite]}") commits/s | | |
| ledger core alone (settlement/, one thread): reserve → fund escrow → settle | $(fmt "$postings") postings/s | | goal ≥ 2,000,000/s |

Group commit over the whole run: $(fmt "$commands") commands in $(fmt "$batches") transactions
($(awk -v a="$commands" -v b="$batches" 'BEGIN {printf "%.1f", a / b}') commands per transaction) and $(fmt "$flushes") flushes of the WAL
($(awk -v a="$commands" -v b="$flushes" 'BEGIN {printf "%.1f", a / b}') commands per flush).
<!-- orders-bench:end -->
MD
)
write_section orders-bench "$section"
