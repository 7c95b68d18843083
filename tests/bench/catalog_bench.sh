#!/usr/bin/env bash
# Catalogue search benchmark: seeds a fresh data directory with PRODUCTS listed products through
# the exchange's own storage code (catalog_seed), starts the exchange on it and measures
# GET /api/v1/catalog with wrk (2 threads, 64 connections, HTTPS keep-alive): a mix of Chinese and
# English searches, searches within a category and category browsing (catalog_search.lua), the
# first page without a query, and GET /healthz on the same server for reference. Each figure is
# the median of REPEATS runs of SECONDS each. Fails when any search of the mix finds nothing.
# Writes the "Catalogue search" section of BENCHMARKS.md.
#   bash tests/bench/catalog_bench.sh [PRODUCTS=100000] [SECONDS=10] [REPEATS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
PRODUCTS=${1:-100000}
SECONDS_PER_RUN=${2:-10}
REPEATS=${3:-3}
DX_WITH_BENCH_TOOLS=1 bash .ci/install-deps
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDX_BUILD_TESTS=OFF -DDX_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build-bench --target exchanged catalog_seed -j 2

work=$(mktemp -d /tmp/dx-catalog.XXXXXX)
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "seeding $PRODUCTS products" >&2
seeded=$(build-bench/bin/catalog_seed seed "$work/data" "$PRODUCTS" "$PWD/config/compliance")
echo "$seeded"
seed_field() { echo "$seeded" | sed -n "s/.*\"$1\":\([0-9.e+]*\).*/\1/p"; }
if [ "$(seed_field products)" != "$PRODUCTS" ]; then
  echo "error: the catalogue holds $(seed_field products) products, not $PRODUCTS" >&2
  exit 1
fi

# A free loopback port: nothing answers a connection to it.
port=""
for p in $(shuf -i 20000-60000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "error: no free loopback port found" >&2; exit 1; }

# The shipped configuration with the listener, data directory, 2 I/O threads, request logging off,
# no metrics listener or per-address rate limit (one load generator on loopback would meet it),
# and the paths it names made absolute (they are relative to the file).
sed -e "s#\"metrics\": *{\"listen\": *\"[^\"]*\"#\"metrics\": {\"listen\": \"\"#" \
    -e "s#^ *\"listen\": *\"[^\"]*\"#  \"listen\": \"127.0.0.1:$port\"#" \
    -e "s#\"data_dir\": *\"[^\"]*\"#\"data_dir\": \"$work/data\"#" \
    -e "s#\"threads\": *[0-9]*#\"threads\": 2#" \
    -e "s#\"rules_dir\": *\"[^\"]*\"#\"rules_dir\": \"$PWD/config/compliance\"#" \
    -e "s#\"blocklist_file\": *\"[^\"]*\"#\"blocklist_file\": \"$PWD/config/kyc-blocklist.txt\"#" \
    -e "s#\"root\": *\"[^\"]*\"#\"root\": \"$PWD/web\"#" \
    -e "s#\"requests\": *true#\"requests\": false#" \
    -e "s#\"requests_per_second_per_ip\": *[0-9]*#\"requests_per_second_per_ip\": 0#" \
    config/exchange.json >"$work/exchange.json"
for want in "\"127.0.0.1:$port\"" "\"$work/data\"" '"threads": 2' "\"$PWD/config/compliance\"" '"requests": false' \
  '"requests_per_second_per_ip": 0'; do
  grep -qF "$want" "$work/exchange.json" || { echo "error: could not set $want in the configuration" >&2; exit 1; }
done

env -u EXCHANGE_MASTER_KEY -u EXCHANGE_ADMIN_EMAIL -u EXCHANGE_ADMIN_PASSWORD \
  build-bench/bin/exchanged --config "$work/exchange.json" >"$work/exchange.log" 2>&1 &
server=$!
base="https://127.0.0.1:$port"
for _ in $(seq 300); do curl -skf "$base/healthz" >/dev/null && break; sleep 0.1; done
curl -skf "$base/healthz" >/dev/null || { echo "error: the exchange did not start" >&2; cat "$work/exchange.log" >&2; exit 1; }

# Every search of the mix, and the first page, must find products.
urlencode() {
  local s=$1 out="" c i
  local LC_ALL=C
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [a-zA-Z0-9._~/?\&=-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  echo "$out"
}
items() { curl -skf "$base$(urlencode "$1")" | grep -o '"id":"prd_' | wc -l; }
mapfile -t paths < <(sed -n 's/^  "\(\/api\/v1\/catalog?[^"]*\)",$/\1/p' tests/bench/catalog_search.lua)
[ "${#paths[@]}" -gt 0 ] || { echo "error: no paths read from catalog_search.lua" >&2; exit 1; }
counts=""
for p in "${paths[@]}" "/api/v1/catalog?limit=20"; do
  n=$(items "$p")
  echo "${p#"/api/v1/catalog?"}: $n items on the first page" >&2
  if [ "$n" -eq 0 ]; then
    echo "error: $p found no products; the search figures would be meaningless" >&2
    exit 1
  fi
  counts+="$n "
done

# In process, on a read-only connection: how many products each search matches, and the time of
# the SQL search and of opening the page's products (no HTTP, no JSON answer).
probe=$(build-bench/bin/catalog_seed probe "$work/data" "${paths[@]#"/api/v1/catalog?"}" "limit=20")
echo "$probe" >&2

# wrk_run URL [SCRIPT] -> "requests_per_s p50_ms p99_ms server_cpu_ms_per_request"
# The exchange's CPU time (user + system, from /proc) over the run divided by the requests answered
# is the cost of one request, which depends less than requests/s on what else the cores run.
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}'; }
ticks_per_s=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
wrk_run() {
  local out before after
  before=$(cpu_ticks)
  if [ -n "${2:-}" ]; then
    out=$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s "$2" "$1")
  else
    out=$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency "$1")
  fi
  after=$(cpu_ticks)
  local rps p50 p99 errors requests cpu
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}' | to_ms)
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}' | to_ms)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  cpu=$(awk -v a="$before" -v b="$after" -v n="$requests" -v t="$ticks_per_s" 'BEGIN {print 1000 * (b - a) / t / n}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  if [ -n "$errors" ]; then
    echo "error: $errors non-2xx answers for $1; the figures would be meaningless" >&2
    exit 1
  fi
  if echo "$out" | grep -q 'Socket errors'; then echo "warning: $1: $(echo "$out" | grep 'Socket errors')" >&2; fi
  echo "$rps $p50 $p99 $cpu"
}

declare -A rps p50 p99 cpu
names="healthz search first"
for name in $names; do rps[$name]=""; p50[$name]=""; p99[$name]=""; cpu[$name]=""; done
for r in $(seq "$REPEATS"); do
  echo "run $r/$REPEATS" >&2
  for name in $names; do
    case $name in
      healthz) read -r a b c d < <(wrk_run "$base/healthz") ;;
      search) read -r a b c d < <(wrk_run "$base/api/v1/catalog" tests/bench/catalog_search.lua) ;;
      first) read -r a b c d < <(wrk_run "$base/api/v1/catalog?limit=20") ;;
    esac
    rps[$name]+="$a "; p50[$name]+="$b "; p99[$name]+="$c "; cpu[$name]+="$d "
    echo "  $name: $a requests/s, p50 $b ms, p99 $c ms, $d ms of server CPU a request" >&2
  done
done
for name in $names; do
  rps[$name]=$(med "${rps[$name]}"); p50[$name]=$(med "${p50[$name]}")
  p99[$name]=$(med "${p99[$name]}"); cpu[$name]=$(med "${cpu[$name]}")
done
fmt2() { awk -v a="$1" 'BEGIN {printf "%.2f", a}'; }
fmt3() { awk -v a="$1" 'BEGIN {printf "%.3f", a}'; }

# One row per search of the mix from the probe's JSON lines, and the breakdown of a page.
pfield() { echo "$1" | sed -n "s/.*\"$2\":\([0-9.e+]*\).*/\1/p"; }
probe_rows=""
while read -r line; do
  query=$(echo "$line" | sed -n 's/.*"query":"\([^"]*\)".*/\1/p')
  [ -n "$query" ] || continue
  probe_rows+="| \`${query%&limit=20}\` | $(pfield "$line" matches) | $(pfield "$line" first_page) | $(fmt "$(pfield "$line" search_us_p50)") | $(fmt "$(pfield "$line" load_us_p50)") |"$'\n'
done <<<"$probe"
page=$(echo "$probe" | grep '"breakdown"')
[ -n "$page" ] || { echo "error: the probe printed no breakdown" >&2; exit 1; }
seconds=$(seed_field seconds)

section=$(cat <<MD
<!-- catalog-bench:begin -->
## Catalogue search (issue: listing data products)

Measured $(date -u +%Y-%m-%d) by \`bash tests/bench/catalog_bench.sh $PRODUCTS $SECONDS_PER_RUN $REPEATS\` on $(nproc) cores
($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')). wrk runs on the same cores as
the exchange. Each figure is the median of $REPEATS runs of ${SECONDS_PER_RUN} s; wrk 2 threads,
64 connections, HTTPS keep-alive, no sign-in; exchange with 2 I/O threads, request logging off.
Server CPU is the exchange's user + system time over a run divided by the requests it answered.

| what | requests/s | p50 latency | p99 latency | server CPU per request | ratio |
|---|---:|---:|---:|---:|---|
| exchange \`GET /healthz\` (reference) | $(fmt "${rps[healthz]}") | $(fmt2 "${p50[healthz]}") ms | $(fmt2 "${p99[healthz]}") ms | $(fmt3 "${cpu[healthz]}") ms | 100% |
| \`GET /api/v1/catalog\` search mix, \`limit=20\` | $(fmt "${rps[search]}") | $(fmt2 "${p50[search]}") ms | $(fmt2 "${p99[search]}") ms | $(fmt3 "${cpu[search]}") ms | $(pct "${rps[search]}" "${rps[healthz]}") of /healthz |
| \`GET /api/v1/catalog?limit=20\` (first page, no query) | $(fmt "${rps[first]}") | $(fmt2 "${p50[first]}") ms | $(fmt2 "${p99[first]}") ms | $(fmt3 "${cpu[first]}") ms | $(pct "${rps[first]}" "${rps[healthz]}") of /healthz |

The catalogue holds $(seed_field products) listed products of $(seed_field sellers) verified sellers in $(seed_field categories)
categories (every category of \`config/compliance/categories.json\` that is neither prohibited nor
important), $(seed_field offers) offers and $(seed_field records) records; the database is $(awk -v b="$(seed_field db_bytes)" 'BEGIN {printf "%.0f", b / 1048576}') MiB.
\`catalog_seed\` wrote them in $(fmt "$seconds") s through the exchange's own code in sequencer batches of
250 products a command: each product is created, screened without findings, approved by a
reviewer, listed and added to the catalogue, appending the same four records as the routes.
Titles and descriptions are generated from per-category vocabularies of Chinese and English
words (交通 出租车 地铁 taxi metro, 医疗 门诊 hospital, 气象 降水 rainfall, …) with a city, a
year and words common to all categories (数据 统计 monthly …); 1 to 3 offers each.

The search mix cycles through the searches below (catalog_search.lua): two-character Chinese
words, English words, a word within a category, and category browsing. Every first page is full
(checked before the runs). Matches and the in-process times are measured on a read-only
connection by \`catalog_seed probe\`: the SQL of the search alone, and opening the page's 20
products from their sealed documents (load_product and the seller's row: what a product page
costs; the catalogue serves instead the public views stored when each product was listed, which
is why a search costs far less than this column), medians of 200 runs in µs, without HTTP.

| search | matching products | first page | SQL µs | open 20 products µs |
|---|---:|---:|---:|---:|
${probe_rows%$'\n'}

Opening a page of 20 products, step by step (medians in µs): rows with the sealed documents
$(fmt "$(pfield "$page" row_us)"), AES-GCM open $(fmt "$(pfield "$page" decrypt_us)"), JSON parse of the documents $(fmt "$(pfield "$page" json_parse_us)"),
\`parse_product\` validation $(fmt "$(pfield "$page" parse_product_us)"), public JSON written back out $(fmt "$(pfield "$page" public_json_us)")
($(pfield "$page" public_json_bytes) bytes).
<!-- catalog-bench:end -->
MD
)
write_section catalog-bench "$section"
