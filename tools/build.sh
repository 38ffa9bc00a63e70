#!/usr/bin/env bash
# build.sh — configures the build directory once (clang-19 and LLVM 19 through tools/native.ini),
# then builds. Extra arguments go to `meson setup` on the first run and to `meson configure`
# later, e.g. tools/build.sh -Dspec_dir=/path. W2N_BUILD names another build directory.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${W2N_BUILD:-build}

if [[ ! -f $build/build.ninja ]]; then
	meson setup "$build" --native-file tools/native.ini "$@"
elif [[ $# -gt 0 ]]; then
	meson configure "$build" "$@"
fi
ninja -C "$build"
