#!/usr/bin/env bash
# HTTP benchmarks of the exchange beside references measured in the same run:
#   - nginx (Debian package) serving a small static file over TLS on loopback,
#   - raw SQLite durable commits/s with the exchange's settings (WAL, synchronous=FULL).
# Each figure is the median of REPEATS runs of SECONDS each (wrk, 2 threads, 64 connections,
# HTTPS keep-alive). Writes the "HTTP" section of BENCHMARKS.md.
#   bash tests/bench/http_bench.sh [SECONDS=10] [REPEATS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
SECONDS_PER_RUN=${1:-10}
REPEATS=${2:-3}
DX_WITH_BENCH_TOOLS=1 bash .ci/install-deps
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDX_BUILD_TESTS=OFF -DDX_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build-bench --target exchanged sqlite_commits

work=$(mktemp -d /tmp/dx-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

EX_PORT=18443
NG_PORT=19443
cat >"$work/exchange.json" <<JSON
{"listen": "127.0.0.1:$EX_PORT", "data_dir": "$work/data", "threads": 2,
 "limits": {"requests_per_second_per_ip": 0}, "metrics": {"listen": "127.0.0.1:$((EX_PORT + 1))"},
 "compliance": {"rules_dir": "$PWD/config/compliance"}, "kyc": {"blocklist_file": ""}}
JSON
EXCHANGE_ADMIN_EMAIL=admin@bench.local EXCHANGE_ADMIN_PASSWORD=bench-admin-password \
  build-bench/bin/exchanged --config "$work/exchange.json" >"$work/exchange.log" 2>&1 &
pids+=($!)
wait_up "https://127.0.0.1:$EX_PORT/healthz" "$work/exchange.log"

mkdir -p "$work/nginx/html"
chmod 755 "$work" "$work/nginx" "$work/nginx/html"  # nginx workers run unprivileged
printf '{"status":"ok"}' >"$work/nginx/html/healthz"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log $work/nginx/access.log combined buffer=64k flush=1s;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NG_PORT ssl;
    ssl_certificate $work/data/tls/cert.pem;
    ssl_certificate_key $work/data/tls/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $work/nginx/html;
    default_type application/json;
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"
wait_up "https://127.0.0.1:$NG_PORT/healthz" "$work/nginx/error.log"

json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
curl -sk "https://127.0.0.1:$EX_PORT/api/v1/accounts" -H 'Content-Type: application/json' \
  -d '{"email":"bench@bench.local","password":"bench-password-123","kind":"person","display_name":"Bench"}' >/dev/null
TOKEN=$(curl -sk "https://127.0.0.1:$EX_PORT/api/v1/sessions" -H 'Content-Type: application/json' \
  -d '{"email":"bench@bench.local","password":"bench-password-123"}' | json_field token)
export TOKEN

# wrk_run URL [SCRIPT] -> "requests_per_s p99_ms"
wrk_run() {
  local out
  if [ -n "${2:-}" ]; then
    out=$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s "$2" "$1")
  else
    out=$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency "$1")
  fi
  local rps p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  if [ -n "$errors" ]; then
    echo "error: $errors non-2xx answers for $1; the figures would be meaningless" >&2
    exit 1
  fi
  echo "$rps $p99"
}

declare -A rps p99
for name in nginx healthz me writes sqlite1 sqlite64; do rps[$name]=""; p99[$name]=""; done
last() { echo "$1" | awk '{print $NF}'; }  # the latest of a list of figures
for r in $(seq "$REPEATS"); do
  echo "run $r/$REPEATS" >&2
  read -r a b < <(wrk_run "https://127.0.0.1:$NG_PORT/healthz"); rps[nginx]+="$a "; p99[nginx]+="$b "
  read -r a b < <(wrk_run "https://127.0.0.1:$EX_PORT/healthz"); rps[healthz]+="$a "; p99[healthz]+="$b "
  read -r a b < <(wrk_run "https://127.0.0.1:$EX_PORT/api/v1/me" tests/bench/get_auth.lua); rps[me]+="$a "; p99[me]+="$b "
  read -r a b < <(BENCH_PATH=/api/v1/api-keys wrk_run "https://127.0.0.1:$EX_PORT/api/v1/api-keys" tests/bench/post_json.lua)
  rps[writes]+="$a "; p99[writes]+="$b "
  rps[sqlite1]+="$(build-bench/bin/sqlite_commits "$work/sqlite" 5 1 | sed 's/.*"commits_per_s":\([0-9.]*\).*/\1/') "
  rps[sqlite64]+="$(build-bench/bin/sqlite_commits "$work/sqlite" 5 64 | sed 's/.*"rows_per_s":\([0-9.]*\).*/\1/') "
  echo "  nginx $(last "${rps[nginx]}"), /healthz $(last "${rps[healthz]}"), /me $(last "${rps[me]}"), writes $(last "${rps[writes]}")" \
    "($(awk -v a="$(last "${rps[writes]}")" -v b="$(last "${rps[healthz]}")" 'BEGIN {printf "%.1f", 100 * a / b}')% of /healthz)" >&2
done
for name in nginx healthz me writes sqlite1 sqlite64; do
  rps[$name]=$(med "${rps[$name]}")
  [ -n "${p99[$name]}" ] && p99[$name]=$(med "${p99[$name]}")
done
batches=$(curl -sk "https://127.0.0.1:$((EX_PORT + 1))/metrics" | awk '/^dx_sequencer_batches_total/ {print $2}')
commands=$(curl -sk "https://127.0.0.1:$((EX_PORT + 1))/metrics" | awk '/^dx_sequencer_commands_total/ {print $2}')
flushes=$(curl -sk "https://127.0.0.1:$((EX_PORT + 1))/metrics" | awk '/^dx_wal_flushes_total/ {print $2}')

section=$(cat <<MD
<!-- http-bench:begin -->
## HTTP (issue: server backbone)

Measured $(date -u +%Y-%m-%d) by \`bash tests/bench/http_bench.sh $SECONDS_PER_RUN $REPEATS\` on $(nproc) cores
($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')). wrk runs on the same
cores as the servers. Each figure is the median of $REPEATS runs of ${SECONDS_PER_RUN} s; wrk 2 threads,
64 connections, HTTPS keep-alive; exchange with 2 I/O threads, request logging on; nginx with 2
workers, buffered access log.

| what | requests/s | p99 latency | ratio |
|---|---:|---:|---|
| nginx, static file over TLS (reference) | $(fmt "${rps[nginx]}") | ${p99[nginx]} ms | 100% |
| exchange \`GET /healthz\` | $(fmt "${rps[healthz]}") | ${p99[healthz]} ms | $(pct "${rps[healthz]}" "${rps[nginx]}") of nginx (goal ≥ 80%) |
| exchange \`GET /api/v1/me\` (bearer token, principal cached) | $(fmt "${rps[me]}") | ${p99[me]} ms | $(pct "${rps[me]}" "${rps[healthz]}") of /healthz |
| exchange \`POST /api/v1/api-keys\` (durable write through the sequencer) | $(fmt "${rps[writes]}") | ${p99[writes]} ms | $(pct "${rps[writes]}" "${rps[healthz]}") of /healthz (goal ≥ 50%) |
| raw SQLite, one row per durable commit (reference) | $(fmt "${rps[sqlite1]}") commits/s | | |
| raw SQLite, 64 rows per durable commit (reference) | $(fmt "${rps[sqlite64]}") rows/s | | |

Group commit: over the whole run the sequencer committed $(fmt "$commands") commands in $(fmt "$batches")
transactions ($(awk -v a="$commands" -v b="$batches" 'BEGIN {printf "%.1f", a / b}') commands per transaction) and flushed the WAL $(fmt "$flushes") times
($(awk -v a="$commands" -v b="$flushes" 'BEGIN {printf "%.1f", a / b}') commands per flush; the writer applies the next batch while one is flushed).
<!-- http-bench:end -->
MD
)
write_section http-bench "$section"
