#!/usr/bin/env bash
# measure.sh — one timed compile of the big module (docs/benchmarks.md, "Big modules"):
#
#   tools/bigmod/measure.sh WASM2NATIVE BIG.wasm LABEL [OPTIONS...]
#
# Compiles BIG.wasm to an object (-c) under /usr/bin/time -v with --time-report, and prints the
# phase table, then one line: LABEL, wall, user, sys, user+sys seconds, max RSS (MB), load
# average at the start. The cache is whatever XDG_CACHE_HOME says (pass --no-cache for none).
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: $0 WASM2NATIVE BIG.wasm LABEL [OPTIONS...]" >&2; exit 2; }
w2n=$1 big=$2 label=$3
shift 3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
load=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -v -o "$out/time" "$w2n" "$big" -c -o "$out/big.o" --time-report "$@" \
	2>"$out/report"
cat "$out/report"
awk -v label="$label" -v load="$load" -F': ' '
	/Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
	/User time/ { user = $2 }
	/System time/ { sys = $2 }
	/Maximum resident set size/ { rss = $2 / 1024 }
	END { printf "%s: wall %.1f s, user %.1f s, sys %.1f s, CPU %.1f s, max RSS %.0f MB, load %s\n",
	      label, wall, user, sys, user + sys, rss, load }' "$out/time"
