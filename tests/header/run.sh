#!/usr/bin/env bash
# run.sh — `wasm2native -c --header` end to end: compiles awkward.wat (default prefix w2n) and
# helper.wat (--prefix helper) into objects and headers, compiles host.c against both headers
# with -std=c11 -pedantic -Wall -Wextra -Werror, links it with the runtime archive the way the
# runtime tests are linked (freestanding, host.c's own w2n_main), runs it (behind $W2N_RUN, for
# qemu) and compares its output with expected.txt.
#
# usage: run.sh WASM2NATIVE WAT2WASM CC TRIPLE INCLUDE_DIR RUNTIME_ARCHIVE [WASM2NATIVE-OPTION...]
set -u
w2n=$1 wat2wasm=$2 cc=$3 triple=$4 include=$5 archive=$6
shift 6
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: $*"
	echo "0 passed, 1 failed"
	exit 1
}

for m in awkward:w2n helper:helper; do
	name=${m%%:*} prefix=${m#*:}
	"$wat2wasm" --debug-names "$here/$name.wat" -o "$tmp/$name.wasm" 2>"$tmp/err" ||
		fail "wat2wasm $name: $(<"$tmp/err")"
	args=("$tmp/$name.wasm" -c -o "$tmp/$name.o" --header "$tmp/$name.h" "$@")
	[[ $prefix == w2n ]] || args+=(--prefix "$prefix")
	"$w2n" --target "$triple" "${args[@]}" 2>"$tmp/err" || fail "wasm2native $name: $(<"$tmp/err")"
done

# The flags of tests/runtime and the spec harness (freestanding, no libc), plus strictness.
cflags=(--target="$triple" -std=c11 -pedantic -Wall -Wextra -Werror -ffreestanding -nostdlibinc
	-fno-stack-protector -fno-builtin -O1 -I"$include" -I"$tmp")
"$cc" "${cflags[@]}" -c "$here/host.c" -o "$tmp/host.o" 2>"$tmp/err" || fail "host.c: $(<"$tmp/err")"
"$cc" --target="$triple" -nostdlib -static -no-pie -fuse-ld=lld "$tmp/host.o" "$tmp/awkward.o" \
	"$tmp/helper.o" "$archive" -o "$tmp/host" 2>"$tmp/err" || fail "link: $(<"$tmp/err")"
timeout 60 ${W2N_RUN:-} "$tmp/host" >"$tmp/out" 2>&1
status=$?
[[ $status -eq 0 ]] || fail "host exited $status: $(<"$tmp/out")"
diff -u "$here/expected.txt" "$tmp/out" || fail "output differs from expected.txt"
echo "1 passed, 0 failed"
