#!/bin/sh
# Differential test of the SIMD lowering: every SIMD and relaxed SIMD operator of
# compiler/ops.def, called on the same 300 generated inputs (NaNs, signalling NaNs, ±0,
# conversion bounds, INT_MIN, lane indices >= 16, ...), compiled for x86-64 (run natively)
# and for AArch64 (run under qemu-aarch64), with and without --bounds-checks and at -O0.
# Results must be equal bit for bit, except float lanes where both targets return a quiet NaN
# (wasm lets the NaN's sign and payload differ; relaxed SIMD is held to the same rule, since
# its lowering makes one choice for both targets). Needs no AArch64 runtime: driver.c is a freestanding caller of the module
# descriptor's array-call trampolines. Also checks a baseline x86-64 CPU (no SSSE3: generic
# swizzle and q15mulr) against the default x86-64-v2.
#
# usage: tools/simd-diff/run.sh [BUILD_DIR]      (default: build)
set -eu
src=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$src/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
w2n=$build/compiler/wasm2native
rt=$build/runtime/x86_64-linux/libw2n_rt.a # libm pieces for the baseline CPU (ceilf, ...)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

flags="-ffreestanding -nostdlib -static -fno-stack-protector -fno-builtin -O1 -fuse-ld=lld
       -I$root/include -I$root/tools/spec/harness"
python3 "$src/gen.py" "$root/compiler/ops.def" > ops.wat
python3 "$src/genmem.py" "$root/compiler/ops.def" > mem.wat
status=0
for m in ops mem; do
	wat2wasm --enable-relaxed-simd $m.wat -o $m.wasm
	for opts in "" "--bounds-checks" "-O0"; do
		$w2n $m.wasm -c $opts -o x86.o
		$w2n $m.wasm -c $opts --target aarch64-linux -o a64.o
		clang-19 $flags "$src/driver.c" x86.o -o t-x86
		clang-19 --target=aarch64-linux-gnu $flags "$src/driver.c" a64.o -o t-a64
		./t-x86 > x86.txt
		qemu-aarch64 ./t-a64 > a64.txt
		printf '%s %-16s x86-64 vs aarch64: ' $m "$opts"
		python3 "$src/cmp.py" x86.txt a64.txt || status=1
	done
	$w2n $m.wasm -c --cpu x86-64 -o base.o
	clang-19 $flags "$src/driver.c" base.o "$rt" -o t-base
	./t-base > base.txt
	printf '%s %-16s x86-64-v2 vs x86-64: ' $m ""
	python3 "$src/cmp.py" x86.txt base.txt || status=1
done
exit $status
