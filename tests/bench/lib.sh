# Shared by the benchmark scripts.

# write_section NAME TEXT: replaces the block between <!-- NAME:begin --> and <!-- NAME:end -->
# in BENCHMARKS.md with TEXT (which carries the markers), or appends TEXT when the block is new.
write_section() {
  local name=$1 text=$2
  touch BENCHMARKS.md
  if grep -q "<!-- $name:begin -->" BENCHMARKS.md; then
    awk -v s="$text" -v b="<!-- $name:begin -->" -v e="<!-- $name:end -->" \
      '$0 == b {print s; skip=1} $0 == e {skip=0; next} !skip' BENCHMARKS.md >BENCHMARKS.md.new
    mv BENCHMARKS.md.new BENCHMARKS.md
  else
    [ -s BENCHMARKS.md ] || printf '# Benchmarks\n\nFigures from scripts anyone can rerun; medians of repeated runs on a shared machine.\n' >BENCHMARKS.md
    printf '\n%s\n' "$text" >>BENCHMARKS.md
  fi
  echo "$text"
}

# wait_up URL LOG: waits up to 10 s for URL to answer; otherwise prints LOG and fails.
wait_up() {
  for _ in $(seq 100); do curl -skf "$1" >/dev/null && return 0; sleep 0.1; done
  echo "error: $1 did not answer; its log:" >&2
  cat "$2" >&2
  exit 1
}

# median: the median of the numbers on stdin, one per line. med "LIST": the median of a list
# separated by spaces (how the scripts collect their repetitions).
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
med() { echo "$1" | tr ' ' '\n' | grep -v '^$' | median; }

# fmt N: N rounded to a whole number. pct A B: A as a percentage of B, to a tenth of a percent.
fmt() { awk -v a="$1" 'BEGIN {printf "%.0f", a}'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f%%", 100 * a / b}'; }
