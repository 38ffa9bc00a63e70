#!/bin/sh
# smoke_codegen.sh — a short, deterministic run of the code generator fuzzer.
#
#   smoke_codegen.sh FUZZER [RUNS] [ARTIFACT_DIR]
#
# Runs FUZZER (fuzz_codegen) on RUNS inputs (default 400) from libFuzzer's fixed seed 1 and an
# empty corpus: every input becomes a module compiled at -O0 and -O2 for one of the two targets
# and memory modes. A crash, sanitizer report, verifier failure or an input slower than 60 s
# stops it: the input is saved as ARTIFACT_DIR/crash-<sha1> and the script exits 1.
set -eu
if [ $# -lt 1 ]; then
	echo "usage: $0 FUZZER [RUNS] [ARTIFACT_DIR]" >&2
	exit 2
fi
fuzzer=$1
runs=${2:-400}
artifacts=${3:-.}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/w2n-fuzz-codegen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$artifacts" "$tmp/corpus"
log=$tmp/fuzz.log
start=$(date +%s)
# -max_len: modules of a few hundred instructions per function; -rss_limit_mb: LLVM under ASan.
if TMPDIR=$tmp "$fuzzer" -seed=1 -runs="$runs" -max_len=2048 -len_control=0 -timeout=60 -rss_limit_mb=4096 \
	-print_final_stats=1 -artifact_prefix="$artifacts/" "$tmp/corpus" >"$log" 2>&1; then
	status=0
else
	status=$?
fi
if [ "$status" -ne 0 ]; then
	grep -v '^#[0-9]' "$log" | tail -n 60 >&2
	saved=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	echo "fuzz codegen smoke: FAIL: status $status; input saved as ${saved:-?}" >&2
	exit 1
fi
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
echo "fuzz codegen smoke: PASS: ${execs:-?} modules compiled at -O0 and -O2 in" \
	"$(($(date +%s) - start))s (${cov:-cov: ?}), no crash, verifier failure or hang"
