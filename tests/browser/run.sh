#!/usr/bin/env bash
# Browser tests of the web UI: installs Chromium, Node.js and npm from Debian when missing, installs
# the pinned playwright-core, starts a fresh exchanged on a free loopback port with a temporary data
# directory, and runs the tests with node's test runner. Screenshots land in tests/browser/screenshots/.
#   EXCHANGED=path/to/exchanged  (default: build/bin/exchanged)
#   bash tests/browser/run.sh [tests/one.test.mjs …]  (default: every test)
#   DX_CONFIG=path/to/exchange.json  (default: config/exchange.json with a short acknowledgement
#             window for complaints, so that the queue shows overdue ones)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
exchanged="${EXCHANGED:-$repo/build/bin/exchanged}"
case "$exchanged" in /*) ;; *) exchanged="$PWD/$exchanged" ;; esac

# Chromium, Node.js, npm and a CJK font for the Chinese screenshots, when missing.
DX_WITH_BROWSER_TESTS=1 bash "$repo/.ci/install-deps"

cd "$here"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

[ -x "$exchanged" ] || { echo "run.sh: $exchanged is missing; build it first" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/dx-browser.XXXXXX")"
log="$work/exchanged.log"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

config="${DX_CONFIG:-}"
if [ -z "$config" ]; then
  config="$work/exchange.json"
  node lib/test_config.mjs "$repo/config/exchange.json" "$config"
fi

export EXCHANGE_ADMIN_EMAIL="browser-admin@exchange.test"
export EXCHANGE_ADMIN_PASSWORD="browser admin passphrase"
"$exchanged" --config "$config" --listen 127.0.0.1:0 --data-dir "$work/data" >"$log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "$log" | head -n1)"
  [ -n "$port" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$log" >&2; echo "run.sh: exchanged exited" >&2; exit 1; fi
  sleep 0.1
done
[ -n "$port" ] || { cat "$log" >&2; echo "run.sh: exchanged did not start" >&2; exit 1; }
export DX_BASE_URL="https://127.0.0.1:$port"
echo "exchange at $DX_BASE_URL"

status=0
if [ $# -gt 0 ]; then files=("$@"); else files=(tests/*.test.mjs); fi
node --test --test-concurrency=1 "${files[@]}" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- exchanged log (last 50 lines) ---" >&2
  tail -n 50 "$log" >&2
fi
exit "$status"
