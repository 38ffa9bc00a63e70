#!/usr/bin/env bash
# setup.sh — installs the Debian 12 packages wasm2native needs to build and test.
# Idempotent: when everything is installed it prints nothing and touches no package list.
set -euo pipefail

packages=(
	clang-19 lld-19 llvm-19-dev           # compiler, linker and LLVM-C for code generation
	libclang-rt-19-dev                    # ASan/UBSan/libFuzzer runtimes
	libclang-rt-19-dev-wasm32 wasi-libc   # building .wasm test programs from C
	meson ninja-build pkg-config          # build
	clang-format-19                       # formatting (.clang-format)
	check libjansson-dev python3          # unit tests, spec runner, test summary
	wabt                                  # wat2wasm, wast2json for tests and the spec suite
	qemu-user                             # running AArch64 output
	binaryen nodejs                       # differential fuzzing: wasm-opt -ttf modules, V8 as reference
)

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
if [[ $(id -u) -ne 0 ]]; then
	if ! command -v sudo >/dev/null; then
		echo "setup.sh: need root (or sudo) to install: ${missing[*]}" >&2
		exit 1
	fi
	sudo=(sudo)
fi
echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
