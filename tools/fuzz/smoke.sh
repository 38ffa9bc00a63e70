#!/bin/sh
# smoke.sh — a short libFuzzer run of the decoder and validator, seeded from the spec suite.
#
#   smoke.sh FUZZER [SECONDS] [SPEC_DIR] [ARTIFACT_DIR]
#
# Converts a set of spec .wast files with wast2json ($WAST2JSON, default `wast2json`) into a
# temporary corpus of .wasm seeds (every module, valid, invalid and malformed), then runs FUZZER
# for SECONDS (default 20) with -max_len=4096. A crash, sanitizer report, leak or timeout stops
# the run: the input is saved as ARTIFACT_DIR/crash-<sha1> (default: the current directory) and
# the script exits 1. Set W2N_FUZZ_CORPUS to a directory to keep (and reuse) the grown corpus.
# Exits 77 (skipped, for meson) if the spec suite is missing.
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 FUZZER [SECONDS] [SPEC_DIR] [ARTIFACT_DIR]" >&2
	exit 2
fi
fuzzer=$1
seconds=${2:-20}
spec=${3:-${W2N_SPEC_DIR:-$(dirname "$0")/../../../shared/spec-testsuite}}
artifacts=${4:-.}
wast2json=${WAST2JSON:-wast2json}

# Binary-format edge cases first, then files whose modules cover every section kind and
# operator class (control, SIMD, bulk memory, reference types, names, custom sections).
files="binary.wast binary-leb128.wast custom.wast names.wast simd_const.wast
       utf8-custom-section-id.wast utf8-import-field.wast utf8-invalid-encoding.wast
       block.wast br_table.wast call_indirect.wast unreached-invalid.wast select.wast
       elem.wast data.wast bulk.wast ref_func.wast table_copy.wast global.wast imports.wast
       simd_lane.wast simd_load.wast align.wast memory.wast func.wast"

if [ ! -d "$spec" ]; then
	echo "fuzz smoke: SKIP: no spec suite at $spec" >&2
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/w2n-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/json" "$tmp/seeds"
corpus=${W2N_FUZZ_CORPUS:-$tmp/corpus}
mkdir -p "$corpus" "$artifacts"

nfiles=0
for f in $files; do
	if [ ! -f "$spec/$f" ]; then
		echo "fuzz smoke: warning: $spec/$f missing" >&2
		continue
	fi
	if "$wast2json" "$spec/$f" -o "$tmp/json/${f%.wast}.json" >/dev/null 2>"$tmp/err"; then
		nfiles=$((nfiles + 1))
	else
		echo "fuzz smoke: warning: wast2json failed on $f:" >&2
		head -n 3 "$tmp/err" >&2
	fi
done
find "$tmp/json" -name '*.wasm' -exec cp {} "$tmp/seeds/" \;
nseeds=$(find "$tmp/seeds" -name '*.wasm' | wc -l)
if [ "$nseeds" -eq 0 ]; then
	echo "fuzz smoke: FAIL: no seeds converted from $spec" >&2
	exit 1
fi

log=$tmp/fuzz.log
echo "fuzz smoke: $nseeds seeds from $nfiles spec files, running $fuzzer for ${seconds}s"
# -timeout: one input taking 10 s is a hang; -rss_limit_mb: the 2-core CI machine.
if "$fuzzer" -max_len=4096 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-dict="$(dirname "$0")/wasm.dict" -print_final_stats=1 -artifact_prefix="$artifacts/" \
	"$corpus" "$tmp/seeds" >"$log" 2>&1; then
	status=0
else
	status=$?
fi

fuzz_stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
if [ "$status" -ne 0 ]; then
	# The sanitizer or libFuzzer report, then where the input went.
	grep -v '^#[0-9]' "$log" | tail -n 60 >&2
	saved=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	echo "fuzz smoke: FAIL: fuzzer exited with status $status; input saved as ${saved:-?}" >&2
	exit 1
fi
execs=$(fuzz_stat number_of_executed_units)
rate=$(fuzz_stat average_exec_per_sec)
echo "fuzz smoke: PASS: ${execs:-?} inputs in ${seconds}s (${rate:-?} exec/s), no crash, leak or hang"
