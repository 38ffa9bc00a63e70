#!/usr/bin/env bash
# test.sh — builds, runs every meson test suite (unit, cli, spec, fuzz, ...), and ends with one
# line `N passed, N failed` that sums the individual checks of all suites (tools/summarize.py).
# Extra arguments go to `meson test`, e.g. tools/test.sh --suite unit. W2N_BUILD names another
# build directory (default build/).
set -uo pipefail
cd "$(dirname "$0")/.."
build=${W2N_BUILD:-build}

if ! tools/build.sh; then
	echo "test.sh: the build failed"
	echo "0 passed, 1 failed"
	exit 1
fi

log=$build/meson-logs/testlog.json
rm -f "$log"
meson test -C "$build" --num-processes 2 --print-errorlogs "$@"
status=$?
if [[ ! -s $log ]]; then
	echo "test.sh: meson test ran no test (exit status $status)"
	echo "0 passed, 1 failed"
	exit 1
fi
python3 tools/summarize.py "$log" || exit 1
exit $status
