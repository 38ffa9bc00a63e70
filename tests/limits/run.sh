#!/usr/bin/env bash
# run.sh — limits on real C programs (wasi-libc), as users launch them: the malloc loop under
# --max-memory 16M, baked and overridden at launch (WASM2NATIVE_GRANTS); fuel exhaustion that
# stops at the same point on every run and on both targets; launch-time limits the executable
# cannot honour. Ends with `N passed, N failed`.
#
# usage: run.sh BIN-DIR [QEMU-AARCH64]
#   BIN-DIR holds malloc-16m, malloc, fuel-200k, fuel-400k, fuel-metered and, with
#   QEMU-AARCH64, fuel-200k-aarch64 (tests/limits/meson.build builds them).
set -u
bin=$(realpath "$1") qemu=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../lib.sh"

# launch GRANTS EXE...: runs EXE with WASM2NATIVE_GRANTS=GRANTS (lib.sh's capture).
launch() {
	local grants=$1
	shift
	capture env -i "WASM2NATIVE_GRANTS=$grants" "$@"
}

# --max-memory 16M baked in: the allocations stop at 16 MiB (less what the program's data,
# stack and malloc's own bookkeeping hold), and memory never passes 16384 KiB.
launch '' "$bin/malloc-16m"
expect malloc-16m 0 out '^malloc failed after 1[45] MiB; memory is 1[56][0-9]{3} KiB$'
kib=$(grep -Eo '[0-9]+ KiB' <<<"$out" | cut -d' ' -f1)
[[ ${kib:-99999} -le 16384 ]] && passed=$((passed + 1)) ||
	{ failed=$((failed + 1)) && echo "FAIL: malloc-16m: memory $kib KiB > 16384 KiB"; }
launch '--max-memory=8M' "$bin/malloc-16m"
expect launch-overrides-baked 0 out '^malloc failed after [67] MiB; memory is [78][0-9]{3} KiB$'
launch '--max-memory 32M' "$bin/malloc"
expect launch-limit 0 out '^malloc failed after 3[01] MiB; memory is 3[0-2][0-9]{3} KiB$'
launch '' "$bin/malloc"
expect not-hit 0 out '^stopped after 64 MiB; memory is 6[5-9][0-9]{3} KiB$'

# Fuel: the same stopping point twice, more fuel gets further, both targets agree.
launch '' "$bin/fuel-200k"
cp "$tmp/out" "$tmp/fuel-a"
expect fuel-trap 124 err '^wasm trap: all fuel consumed'
last_a=$(tail -n 1 "$tmp/fuel-a")
launch '' "$bin/fuel-200k"
same fuel-deterministic "$tmp/fuel-a" "$tmp/out"
launch '' "$bin/fuel-400k"
last_b=$(tail -n 1 "$tmp/out")
[[ ${last_b:-0} -gt ${last_a:-0} ]] && passed=$((passed + 1)) ||
	{ failed=$((failed + 1)) && echo "FAIL: fuel-more: 400k stopped at $last_b, 200k at $last_a"; }
launch '--fuel=200000' "$bin/fuel-metered"
same fuel-at-launch "$tmp/fuel-a" "$tmp/out"
if [[ -n $qemu ]]; then
	launch '' "$qemu" "$bin/fuel-200k-aarch64"
	same fuel-aarch64 "$tmp/fuel-a" "$tmp/out"
fi
echo "fuel: 200,000 units stop after line $last_a, 400,000 after line $last_b"

# Limits the executable cannot honour, and malformed ones, are launch errors (status 1).
launch '--timeout=1s' "$bin/malloc"
expect timeout-needs-checks 1 err 'a timeout needs code compiled with interruption checks'
launch '--fuel=1000' "$bin/malloc"
expect fuel-needs-metering 1 err 'fuel needs code compiled with fuel metering'
launch '--fuel=lots' "$bin/fuel-metered"
expect bad-fuel 1 err "invalid grant '--fuel=lots': expected a number of instructions"
launch '--max-memory=16Q' "$bin/malloc"
expect bad-size 1 err "invalid grant '--max-memory=16Q': expected a size in bytes"
launch '--timeout=2' "$bin/malloc"
expect bad-duration 1 err "invalid grant '--timeout=2': expected a duration"

summary
