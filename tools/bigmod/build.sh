#!/usr/bin/env bash
# build.sh — builds the big module of the compile-throughput measurement (docs/benchmarks.md,
# "Big modules"): the real programs of ../shared/real-programs (SQLite's shell, Lua, QuickJS)
# compiled for wasm32-wasi by clang-19 under several optimization variants (-O3, -O2, -Os,
# unrolling, inlining thresholds), all already optimized, then joined into one module by
# merge.py, the three -O3 variants twice: 32.0 MB of code in 44,290 functions (the second
# copies are compiled like any other functions; only their bytes repeat).
#
#   tools/bigmod/build.sh OUTDIR [NVARIANTS]
#
# Writes OUTDIR/big.wasm (and OUTDIR/vK/*.wasm, the inputs). The first input is the SQLite
# shell at -O3, so big.wasm still runs as that shell. Deterministic: the same sources and
# clang give the same bytes. Not part of the test suite (it takes minutes); JOBS=N compiles
# N units at once (default 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../../shared/real-programs" && pwd)
[[ $# -ge 1 ]] || { echo "usage: $0 OUTDIR [NVARIANTS]" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
JOBS=${JOBS:-2}
CC=${CC:-clang-19}

# One line per variant: the optimization flags of every unit in it.
variants=(
	"-O3"
	"-O2"
	"-Os"
	"-O3 -funroll-loops"
	"-O3 -mllvm -inline-threshold=500"
	"-O2 -fno-inline-functions"
	"-O3 -mllvm -inline-threshold=100"
	"-Oz"
	"-O3 -fno-unroll-loops -mllvm -inline-threshold=1000"
	"-O2 -funroll-loops"
)
n=${2:-${#variants[@]}}

WASM=(--target=wasm32-wasi)
# shellcheck disable=SC2054
WASM_LD=(-Wl,-z,stack-size=8388608 -Wl,--stack-first -Wl,--strip-debug)
S=$src/sqlite
SQLITE=(-DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_ENABLE_RTREE
        -DSQLITE_ENABLE_FTS5 -DSQLITE_TEMP_STORE=3)
SHELL=(-D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS -D_WASI_EMULATED_GETPID
       -DSQLITE_NOHAVE_SYSTEM '-Dchmod(p,m)=0')
SHELL_LIBS=(-lwasi-emulated-signal -lwasi-emulated-process-clocks -lwasi-emulated-getpid)
L=$src/lua
LUA=(-std=c99 -I"$L/wasi" '-DLUA_USER_H="luawasi.h"' -D_WASI_EMULATED_SIGNAL
     -D_WASI_EMULATED_PROCESS_CLOCKS)
LUA_LIBS=(-lwasi-emulated-signal -lwasi-emulated-process-clocks)
Q=$src/quickjs
QJS=(-D_GNU_SOURCE "-DCONFIG_VERSION=\"$(cat "$Q/VERSION")\"" -DEMSCRIPTEN -fwrapv -funsigned-char
     -I"$Q/wasi")
QJS_UNITS=(quickjs dtoa libregexp libunicode cutils qjs-run)

running=0
run() { # run CMD...: in the background, at most JOBS at once
	while ((running >= JOBS)); do wait -n; running=$((running - 1)); done
	echo "+ $*" >&2
	"$@" &
	running=$((running + 1))
}
drain() { while ((running > 0)); do wait -n; running=$((running - 1)); done; }

inputs=()
for ((k = 0; k < n; k++)); do
	read -r -a opt <<<"${variants[k]}"
	d=$out/v$k
	mkdir -p "$d"
	inputs+=("$d/sqlite3.wasm" "$d/lua.wasm" "$d/qjs-run.wasm")
	[[ -f $d/done ]] && continue
	run "$CC" "${WASM[@]}" "${opt[@]}" "${SQLITE[@]}" -c "$S/sqlite3.c" -o "$d/sqlite3.o"
	for u in "${QJS_UNITS[@]}"; do
		run "$CC" "${WASM[@]}" "${opt[@]}" "${QJS[@]}" -c "$Q/$u.c" -o "$d/$u.o"
	done
	run "$CC" "${WASM[@]}" "${opt[@]}" "${LUA[@]}" "$L/src/onelua.c" "${WASM_LD[@]}" -lm \
		"${LUA_LIBS[@]}" -o "$d/lua.wasm"
	drain
	run "$CC" "${WASM[@]}" "${opt[@]}" "${SQLITE[@]}" "${SHELL[@]}" "$S/shell.c" "$d/sqlite3.o" \
		"${WASM_LD[@]}" -lm "${SHELL_LIBS[@]}" -o "$d/sqlite3.wasm"
	objs=()
	for u in "${QJS_UNITS[@]}"; do objs+=("$d/$u.o"); done
	run "$CC" "${WASM[@]}" "${opt[@]}" "${objs[@]}" "${WASM_LD[@]}" -lm -o "$d/qjs-run.wasm"
	drain
	touch "$d/done"
done
# Ten distinct variants make 23.7 MB of code; the -O3 ones again bring it to 32.0 MB.
for k in 0 3 4; do
	if ((k < n)); then
		inputs+=("$out/v$k/sqlite3.wasm" "$out/v$k/lua.wasm" "$out/v$k/qjs-run.wasm")
	fi
done
python3 "$here/merge.py" "$out/big.wasm" "${inputs[@]}"
sha256sum "$out/big.wasm"
