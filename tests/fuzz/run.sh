#!/usr/bin/env bash
# Builds the libFuzzer targets (clang with ASan and UBSan, -DDX_FUZZ=ON, in build-fuzz/) and runs
# each for SECONDS (default 30) on a copy of its committed corpus, so that a run never changes
# tests/fuzz/corpus/. Fails on the first crash, leak, timeout or memory blow-up, leaving the
# input that caused it in build-fuzz/fuzz-artifacts/.
#
# Installs clang, libFuzzer's runtime and llvm-symbolizer (for readable stacks) from Debian 12
# packages when missing, through .ci/install-deps. Needs root (or sudo) for that.
#
#   bash tests/fuzz/run.sh [SECONDS]
#   DX_FUZZ_TARGETS="kyc config" bash tests/fuzz/run.sh 300   # some targets only
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
build=build-fuzz
targets=(${DX_FUZZ_TARGETS:-http_request json_body scanner kyc config compute_query})

DX_WITH_FUZZ_TOOLS=1 bash .ci/install-deps

if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDX_FUZZ=ON -DDX_BUILD_TESTS=OFF
fi
cmake --build "$build" --target fuzz -j "${DX_FUZZ_JOBS:-2}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
export UBSAN_OPTIONS=print_stacktrace=1
for t in "${targets[@]}"; do
  cp -r "tests/fuzz/corpus/$t" "$work/$t"
  log="$work/$t.log"
  started=$SECONDS
  if ! "$build/bin/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$artifacts/$t-" "$work/$t" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz_$t failed; the input is in $artifacts/ (replay: $build/bin/fuzz_$t FILE)" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
  echo "fuzz_$t: $runs runs in $((SECONDS - started)) s, $cov, no crash"
done
