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
	nodejs                                # differential fuzzing: V8 as the reference engine
)

# binaryen (wasm-opt -ttf, wasm-reduce: tools/difffuzz) is unpacked into $binaryen_dir, not
# installed: clang 19 runs any wasm-opt on PATH after linking wasm with -O, which would change
# every wasm test program (it drops the name section examples/trap prints from, reoptimizes the
# benchmark kernels). Its programs find their library through their RUNPATH ($ORIGIN/../lib).
binaryen_dir=/opt/wasm2native/binaryen
unpack_binaryen() {
	[[ -x $binaryen_dir/usr/bin/wasm-opt ]] && return 0
	local tmp
	tmp=$(mktemp -d)
	echo "setup.sh: unpacking binaryen into $binaryen_dir"
	(cd "$tmp" && { apt-get download binaryen >/dev/null 2>&1 ||
		{ "${sudo[@]}" apt-get update -qq && apt-get download binaryen >/dev/null; }; }) &&
		"${sudo[@]}" mkdir -p "$binaryen_dir" &&
		"${sudo[@]}" dpkg-deb -x "$tmp"/binaryen_*.deb "$binaryen_dir"
	local status=$?
	rm -rf "$tmp"
	return $status
}

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$p")
done
sudo=()
[[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && sudo=(sudo)
if [[ ${#missing[@]} -eq 0 ]]; then
	unpack_binaryen
	exit
fi

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
unpack_binaryen
