#!/usr/bin/env bash
# .ci/check-walls on copies of this tree: the tree as it is passes; a back-edge added by an include
# (store including app) or by a dependency in CMake (core depending on orders) fails, naming the loop.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

copy() {
  rm -rf "$work/tree" && mkdir -p "$work/tree"
  cp -r "$src/exchange" "$src/matching" "$src/settlement" "$src/kyc" "$src/.ci" "$work/tree/"
}
expect_loop() {  # expect_loop WHAT FOLDER...: the check fails and names every FOLDER
  local what=$1 out
  shift
  if out=$(bash "$work/tree/.ci/check-walls" "$work/tree" 2>&1); then
    echo "FAIL: $what was not refused: $out" >&2
    exit 1
  fi
  for folder in "$@"; do
    grep -qw "$folder" <<<"$out" || { echo "FAIL: $what: the report does not name $folder: $out" >&2; exit 1; }
  done
  echo "ok: $what refused"
}

copy
bash "$work/tree/.ci/check-walls" "$work/tree"

echo '#include "app/app.hpp"' >>"$work/tree/exchange/store/db.cpp"
expect_loop "store including app" store app

copy
sed -i 's/^  DEPENDS nlohmann_json::nlohmann_json)/  DEPENDS nlohmann_json::nlohmann_json dx_orders)/' "$work/tree/exchange/core/CMakeLists.txt"
grep -q dx_orders "$work/tree/exchange/core/CMakeLists.txt"
expect_loop "core depending on orders in CMake" core orders
