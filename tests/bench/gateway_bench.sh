#!/usr/bin/env bash
# The metered API gateway beside nginx proxy_pass (issue: the data plane), in one run against the
# same loopback upstream (test_upstream, plain HTTP, keep-alive, one thread, a 200 {"ok":true}):
#   - gateway: GET /gw/{trade}/v1/ok over TLS with a buyer's API key; the exchange checks the
#     licence, route, quota and rate, counts the call, adds the seller's credential header and
#     forwards over a pooled keep-alive connection;
#   - nginx (Debian package): TLS to the client, proxy_pass to an upstream {} block with keepalive,
#     the same credential header set and the client's Authorization withheld;
#   - direct: wrk to the upstream itself (plain HTTP): the latency baseline of "added p99".
# wrk 2 threads, keep-alive, at 64 connections (saturation) and at 8 (low load); REPEATS runs of
# SECONDS each, gateway and nginx alternating first; medians. Fails on any non-2xx answer, and
# unless the licence's usage counts at least every call wrk completed. Writes the "Gateway"
# section of BENCHMARKS.md.
#   bash tests/bench/gateway_bench.sh [SECONDS=10] [REPEATS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
SECONDS_PER_RUN=${1:-10}
REPEATS=${2:-3}
DX_WITH_BENCH_TOOLS=1 bash .ci/install-deps
# test_upstream is a target of the tests' folder: tests on, but only the two programs are built.
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDX_BUILD_TESTS=ON -DDX_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build-bench --target exchanged test_upstream -j 2

work=$(mktemp -d /tmp/dx-gateway-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

UP_PORT=18780
EX_PORT=18743
NG_PORT=19743
for p in $UP_PORT $EX_PORT $((EX_PORT + 1)) $NG_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "error: port $p is in use; the benchmark needs it" >&2
    exit 1
  fi
done
URL="https://127.0.0.1:$EX_PORT"
CREDENTIAL=sk-bench-upstream-credential

build-bench/bin/test_upstream --port "$UP_PORT" --threads 1 >"$work/upstream.log" 2>&1 &
up_pid=$!
pids+=("$up_pid")
wait_up "http://127.0.0.1:$UP_PORT/v1/ok" "$work/upstream.log"

# Request logging off: the gateway keeps its own line per call (the call log, written in batches
# with the counts), as nginx keeps its buffered access log.
cat >"$work/exchange.json" <<JSON
{"listen": "127.0.0.1:$EX_PORT", "data_dir": "$work/data", "threads": 2, "auth": {"scrypt_log2_n": 12},
 "limits": {"requests_per_second_per_ip": 0}, "metrics": {"listen": "127.0.0.1:$((EX_PORT + 1))"},
 "log": {"requests": false}, "compliance": {"rules_dir": "$PWD/config/compliance"}, "kyc": {"blocklist_file": ""},
 "gateway": {"allow_private_upstreams": true}}
JSON
EXCHANGE_ADMIN_EMAIL=admin@bench.local EXCHANGE_ADMIN_PASSWORD=bench-admin-password \
  build-bench/bin/exchanged --config "$work/exchange.json" >"$work/exchange.log" 2>&1 &
ex_pid=$!
pids+=("$ex_pid")
wait_up "$URL/healthz" "$work/exchange.log"

# --- Seeding through the API: staff, a verified seller and buyer, a listed gateway product, one
# licence and an API key.
# shellcheck source=tests/bench/seed.sh
. tests/bench/seed.sh
seed_staff

read -r _ SELLER < <(verified 1)
read -r BUYER_ID BUYER < <(verified 2)
printf 'district,trips\nXuhui,1\n' >"$work/data.csv"
DATA=$(curl -sk "$URL/api/v1/files" -H "Authorization: Bearer $SELLER" -H 'Content-Type: text/csv' --data-binary @"$work/data.csv" | field id)
# No call quota and no rate limit: the benchmark measures the checks, not refusals. /echo is
# licensed too, for the check below that both proxies send the same header.
created=$(post /api/v1/products "$SELLER" "{\"title\":\"Bench API\",\"description\":\"bench\",\"category\":\"transport.traffic\",
  \"source\":{\"method\":\"collected\",\"statement\":\"our sensors\"},\"rights\":{\"holder\":\"self\"},
  \"personal_information\":{\"contains\":\"none\"},\"classification\":\"general\",\"data_file_id\":\"$DATA\",\"format\":\"csv\",
  \"delivery_mode\":\"gateway\",\"update_frequency\":\"once\",
  \"gateway\":{\"upstream_url\":\"http://127.0.0.1:$UP_PORT\",\"auth_header\":\"X-Api-Key\",\"credentials\":\"$CREDENTIAL\",
    \"routes\":[{\"method\":\"GET\",\"path_prefix\":\"/v1/ok\"},{\"method\":\"GET\",\"path_prefix\":\"/echo\"}],\"timeout_s\":10},
  \"offers\":[{\"name\":\"standard\",\"purposes\":[\"research\"],
  \"scenario\":\"bench\",\"term_days\":30,\"price_fen\":100,\"seats\":null,\"cross_border\":false,
  \"security_measures\":\"none needed\",\"disposal\":\"delete\",\"call_quota\":null,\"rate_limit_per_s\":null}]}")
PRODUCT=$(echo "$created" | grep -o '"id":"prd_[^"]*"' | head -1 | cut -d'"' -f4)
[ -n "$PRODUCT" ] || { echo "error: the gateway product was not created: $created" >&2; exit 1; }
post "/api/v1/products/$PRODUCT/submit" "$SELLER" '{}' >/dev/null
decided=$(post "/api/v1/staff/products/$PRODUCT/decision" "$REVIEWER" '{"decision":"approve","reason":"bench"}')
must "the product was not listed" "$decided" '"status":"listed"'
OFFER=$(echo "$decided" | grep -o '"id":"off_[^"]*"' | head -1 | cut -d'"' -f4)
deposited=$(post /api/v1/staff/deposits "$FINANCE" "{\"account_id\":\"$BUYER_ID\",\"amount_fen\":100000,\"reference\":\"bench\"}")
must "the deposit failed" "$deposited" '"id"'
bought=$(post /api/v1/orders "$BUYER" "{\"offer_id\":\"$OFFER\",\"side\":\"buy\",\"price_fen\":100,\"quantity\":1,\"time_in_force\":\"IOC\",\"purpose\":\"research\"}")
must "the buy did not fill" "$bought" '"status":"filled"'
TRADE=$(echo "$bought" | grep -o '"id":"trd_[^"]*"' | head -1 | cut -d'"' -f4)
KEY=$(post /api/v1/api-keys "$BUYER" '{"name":"gateway bench"}' | field key)
[ -n "$KEY" ] || { echo "error: no API key was made" >&2; exit 1; }
echo "licence $TRADE of product $PRODUCT" >&2

# --- nginx: TLS with the exchange's self-signed certificate, proxy_pass with keep-alive.
mkdir -p "$work/nginx"
chmod 755 "$work" "$work/nginx"  # nginx workers run unprivileged
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log $work/nginx/access.log combined buffer=64k flush=1s;
  keepalive_requests 1000000;
  upstream api {
    server 127.0.0.1:$UP_PORT;
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$NG_PORT ssl;
    ssl_certificate $work/data/tls/cert.pem;
    ssl_certificate_key $work/data/tls/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "";
      proxy_set_header X-Api-Key "$CREDENTIAL";
    }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"
wait_up "https://127.0.0.1:$NG_PORT/v1/ok" "$work/nginx/error.log"
nginx_pids() { echo "$(cat "$work/nginx/nginx.pid") $(pgrep -P "$(cat "$work/nginx/nginx.pid")" | tr '\n' ' ')"; }

# Both proxies answer the upstream's body and send it the same credential, never the client's.
GW_BASE="$URL/gw/$TRADE"
NG_BASE="https://127.0.0.1:$NG_PORT"
for base in "$GW_BASE" "$NG_BASE"; do
  answer=$(curl -sk "$base/v1/ok" -H "Authorization: Bearer $KEY")
  [ "$answer" = '{"ok":true}' ] || { echo "error: $base/v1/ok answered: $answer" >&2; exit 1; }
  seen=$(curl -sk "$base/echo" -H "Authorization: Bearer $KEY")
  must "$base/echo did not send the credential" "$seen" "\"x-api-key\":\"$CREDENTIAL\""
  if echo "$seen" | grep -qi '"authorization"'; then echo "error: $base forwarded the client's Authorization" >&2; exit 1; fi
done

# --- Measurement.
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}'; }
ticks_per_s=$(getconf CLK_TCK)
cpu_ticks() { for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat"; done | awk '{t += $1} END {print t}'; }
# wrk_run NAME CONNECTIONS -> "requests_per_s p50_ms p99_ms server_cpu_us_per_request"
# The server's CPU (user + system over the run, from /proc) per request answered: the proxy's own
# cost, less dependent than requests/s on what else the two cores run; for "direct", the upstream's.
wrk_run() {
  local name=$1 conns=$2 url procs out before after rps p50 p99 requests errors
  case $name in
    direct) url="http://127.0.0.1:$UP_PORT/v1/ok"; procs=$up_pid ;;
    gateway) url="$GW_BASE/v1/ok"; procs=$ex_pid ;;
    nginx) url="$NG_BASE/v1/ok"; procs=$(nginx_pids) ;;
  esac
  # shellcheck disable=SC2086
  before=$(cpu_ticks $procs)
  out=$(wrk -t2 -c"$conns" -d"${SECONDS_PER_RUN}s" --latency -H "Authorization: Bearer $KEY" "$url")
  # shellcheck disable=SC2086
  after=$(cpu_ticks $procs)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}' | to_ms)
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}' | to_ms)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  if [ -n "$errors" ]; then
    echo "error: $errors non-2xx answers from $name; the figures would be meaningless. wrk said:" >&2
    echo "$out" >&2
    curl -sk "$url" -H "Authorization: Bearer $KEY" -D - >&2 || true
    exit 1
  fi
  if echo "$out" | grep -q 'Socket errors'; then echo "warning: $name: $(echo "$out" | grep 'Socket errors')" >&2; fi
  [ "$name" = gateway ] && echo "$requests" >>"$work/gateway_requests"
  awk -v a="$before" -v b="$after" -v n="$requests" -v t="$ticks_per_s" -v r="$rps" -v p="$p50" -v q="$p99" \
    'BEGIN {printf "%s %s %s %.1f\n", r, p, q, 1e6 * (b - a) / t / n}'
}

# add50/add99: a proxy run's p50/p99 less those of the direct run just before it (paired, so that
# the host's drift between repetitions cancels), by run.
declare -A rps p50 p99 cpu add50 add99
runs="direct64 gateway64 nginx64 direct8 gateway8 nginx8"
for run in $runs; do rps[$run]=""; p50[$run]=""; p99[$run]=""; cpu[$run]=""; add50[$run]=""; add99[$run]=""; done
minus() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a - b}'; }
: >"$work/gateway_requests"
load=$(cut -d' ' -f1-3 /proc/loadavg)  # the host's other work shows in every figure
for r in $(seq "$REPEATS"); do
  echo "run $r/$REPEATS" >&2
  # Which proxy goes first alternates, so that drift of the shared host hits both.
  if ((r % 2)); then proxies="gateway nginx"; else proxies="nginx gateway"; fi
  for conns in 64 8; do
    for name in direct $proxies; do
      read -r a b c d < <(wrk_run "$name" "$conns")
      run=$name$conns
      rps[$run]+="$a "; p50[$run]+="$b "; p99[$run]+="$c "; cpu[$run]+="$d "
      if [ "$name" = direct ]; then
        direct50=$b direct99=$c
      else
        add50[$run]+="$(minus "$b" "$direct50") "; add99[$run]+="$(minus "$c" "$direct99") "
      fi
      echo "  $name, $conns connections: $a calls/s, p50 $b ms, p99 $c ms, $d µs of server CPU a call" >&2
    done
  done
done
for run in $runs; do
  rps[$run]=$(med "${rps[$run]}"); p50[$run]=$(med "${p50[$run]}")
  p99[$run]=$(med "${p99[$run]}"); cpu[$run]=$(med "${cpu[$run]}")
  if [ -n "${add99[$run]}" ]; then add50[$run]=$(med "${add50[$run]}"); add99[$run]=$(med "${add99[$run]}"); fi
done

# Every call wrk completed through the gateway (and the two checks above) is counted; wrk does not
# count the calls still in flight when a run ends, so the usage may be a little higher.
gw_requests=$(($(paste -sd+ "$work/gateway_requests") + 2))
sleep 2  # past a flush interval: the counts are written
usage=$(curl -sk "$URL/api/v1/trades/$TRADE/usage" -H "Authorization: Bearer $BUYER")
calls=$(echo "$usage" | sed -n 's/.*"calls":\([0-9]*\).*/\1/p' | head -1)
if [ -z "$calls" ] || [ "$calls" -lt "$gw_requests" ]; then
  echo "error: the licence's usage counts ${calls:-no} calls, wrk completed $gw_requests: $usage" >&2
  exit 1
fi
echo "usage: $calls calls counted for $gw_requests completed by wrk" >&2

fmt2() { awk -v a="$1" 'BEGIN {printf "%.2f", a}'; }
row() {  # row LABEL RUN CONNS
  local run=$2 conns=$3 ratio="" added=""
  case $run in
    gateway*) ratio="$(pct "${rps[$run]}" "${rps[nginx$conns]}") of nginx" ;;
    nginx*) ratio="100%" ;;
  esac
  [ -n "${add99[$run]}" ] && added="$(fmt2 "${add50[$run]}") ms | $(fmt2 "${add99[$run]}") ms"
  echo "| $1 | $conns | $(fmt "${rps[$run]}") | $(fmt2 "${p50[$run]}") ms | $(fmt2 "${p99[$run]}") ms | ${added:- | } | ${cpu[$run]} µs | $ratio |"
}
# latency_goal CONNS: the verdict on "added p99 ≤ 1 ms" at CONNS connections, by the figures.
latency_goal() {
  local a=${add99[gateway$1]} n=${add99[nginx$1]}
  if awk -v a="$a" 'BEGIN {exit !(a < 0)}'; then
    echo "**not measurable** in this run at $1 connections: the direct p99 exceeded the gateway's ($(fmt2 "$a") ms; nginx $(fmt2 "$n") ms), the p99 was set by the host's other load"
  elif awk -v a="$a" 'BEGIN {exit !(a <= 1)}'; then
    echo "**met** at $1 connections ($(fmt2 "$a") ms; nginx $(fmt2 "$n") ms)"
  else
    echo "**not met** at $1 connections ($(fmt2 "$a") ms; nginx $(fmt2 "$n") ms)"
  fi
}
ratio64=$(awk -v a="${rps[gateway64]}" -v b="${rps[nginx64]}" 'BEGIN {print 100 * a / b}')
if awk -v r="$ratio64" 'BEGIN {exit !(r >= 80)}'; then throughput_goal="**met**"; else throughput_goal="**not met**"; fi

section=$(cat <<MD
<!-- gateway-bench:begin -->
## Gateway (issue: the data plane)

Measured $(date -u +%Y-%m-%d) by \`bash tests/bench/gateway_bench.sh $SECONDS_PER_RUN $REPEATS\` on $(nproc) cores
($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $load as the runs began). wrk,
both proxies and the upstream share the same cores. One loopback upstream for all (\`test_upstream --threads 1\`, plain HTTP keep-alive,
answering \`GET /v1/ok\` with 200 \`{"ok":true}\`). The gateway: \`GET /gw/{trade}/v1/ok\` over TLS with
the buyer's API key as a bearer token; each call is authenticated, checked against its licence
(status, term, route, quota, rate; no quota or rate limit set), counted with a line in the call log,
and forwarded with the seller's credential header over a pooled keep-alive connection; exchange
with 2 I/O threads, request log off. nginx $(nginx -v 2>&1 | sed 's#.*nginx/##'): 2 workers, TLS to the client with the
same certificate, \`proxy_pass\` to an \`upstream {}\` block with \`keepalive 64\`, HTTP/1.1, the same
credential header set and the client's \`Authorization\` withheld, buffered access log. Direct:
wrk to the upstream itself. Medians of $REPEATS runs of ${SECONDS_PER_RUN} s, wrk 2 threads, keep-alive, gateway and
nginx alternating first. Added p50/p99: a proxy run's p50/p99 less those of the direct run just
before it at the same connection count, median of the $REPEATS pairs. Server CPU: the proxy's user +
system time per call (for direct, the upstream's).

| path | connections | calls/s | p50 | p99 | added p50 | added p99 | server CPU per call | ratio |
|---|---:|---:|---:|---:|---:|---:|---:|---|
$(row "direct to the upstream (reference)" direct64 64)
$(row "nginx \`proxy_pass\` (reference)" nginx64 64)
$(row "gateway \`/gw/{trade}/…\`" gateway64 64)
$(row "direct to the upstream (reference)" direct8 8)
$(row "nginx \`proxy_pass\` (reference)" nginx8 8)
$(row "gateway \`/gw/{trade}/…\`" gateway8 8)

Checked in the run: no answer of wrk's was other than 2xx, both proxies sent the upstream the
credential and not the client's \`Authorization\`, and the licence's usage counted $calls calls for the
$gw_requests that wrk (and the checks) completed through the gateway.

Goals: ≥ 80% of nginx's calls/s with metering and licence checks on — $throughput_goal at 64
connections ($(pct "${rps[gateway64]}" "${rps[nginx64]}"), $(fmt "${rps[gateway64]}") beside $(fmt "${rps[nginx64]}") calls/s; $(fmt "${rps[gateway8]}") beside $(fmt "${rps[nginx8]}") at 8). Added p99
≤ 1 ms — $(latency_goal 64);
$(latency_goal 8). At 64 connections the added latency is mostly queueing for the two shared
cores, so it follows the CPU per call. At 8 connections the direct p99 itself is $(fmt2 "${p99[direct8]}") ms beside a
p50 of $(fmt2 "${p50[direct8]}") ms: the host's scheduling of its other work sets the p99s there, and the added p50,
$(fmt2 "${add50[gateway8]}") ms through the gateway beside $(fmt2 "${add50[nginx8]}") ms through nginx, shows the proxies' own latency better.
<!-- gateway-bench:end -->
MD
)
write_section gateway-bench "$section"
