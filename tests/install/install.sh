#!/usr/bin/env bash
# install.sh — `meson install` into a DESTDIR, then build a host the way docs/embedding.md
# says, against the installed files only: the installed wasm2native compiles the plugin (and
# finds its installed runtime archive for an executable), pkg-config (PKG_CONFIG_PATH and
# PKG_CONFIG_SYSROOT_DIR pointing into the DESTDIR) gives the flags, and the system's C
# compiler links the host with glibc, dynamically and statically. Each host's output must be
# host.expected.
#
# usage: install.sh BUILD_DIR WAT2WASM
set -euo pipefail
build=$(cd "$1" && pwd) wat2wasm=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest
meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null

fail() {
	echo "install.sh: $*"
	exit 1
}
pc=$(find "$dest" -name wasm2native-runtime.pc | head -1)
[[ -n $pc ]] || fail "no wasm2native-runtime.pc installed"
w2n=$(find "$dest" -path '*/bin/wasm2native' | head -1)
[[ -x $w2n ]] || fail "no wasm2native installed"
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$dest
flags=$(pkg-config --cflags --libs wasm2native-runtime) || fail "pkg-config failed"
echo "pkg-config --cflags --libs wasm2native-runtime: $flags" | sed "s|$dest|\$DESTDIR|g"
# Nothing of the build tree may be used: the flags name the DESTDIR only.
[[ $flags != *"$build"* ]] || fail "the flags name the build tree"

cd "$tmp"
"$wat2wasm" --debug-names "$here/greet.wat" -o greet.wasm
W2N_RUNTIME_DIR= "$w2n" greet.wasm -c --prefix greet -o greet.o
cc=${CC:-cc}
status=0
for link in dynamic static; do
	extra=()
	[[ $link == static ]] && extra=(-static)
	# shellcheck disable=SC2086 # $flags is a list of flags
	"$cc" -Wall -Werror "$here/host.c" greet.o $flags "${extra[@]}" -o "host-$link"
	if ./"host-$link" >"out-$link" 2>&1 && diff -u "$here/host.expected" "out-$link"; then
		echo "host ($link, $cc): output as expected"
	else
		echo "host ($link, $cc): output differs"
		status=1
	fi
done

# An executable from the installed compiler links the installed runtime archive.
printf '(module (func (export "_start")))' >empty.wat
"$wat2wasm" empty.wat -o empty.wasm
"$w2n" empty.wasm -o empty || fail "the installed wasm2native cannot link an executable"
./empty || fail "the executable from the installed wasm2native fails"
echo "executable from the installed compiler: runs"
exit $status
