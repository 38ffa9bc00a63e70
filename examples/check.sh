#!/usr/bin/env bash
# check.sh — runs one example executable the way a user would and compares what it prints
# with the example's expected output. The program runs in a fresh empty folder with a clean
# environment (only the variables given with --env), its stdout and stderr go to one stream,
# and a last line `[exit N]` records the exit status.
#
# usage: check.sh [--env NAME=VALUE]... [--mkdir DIR]... [--stdin TEXT] [--run PROGRAM]
#                 EXPECTED EXE [ARG...]
# --run runs the executable through PROGRAM (qemu-aarch64 for an AArch64 build); PROGRAM may
# carry its own arguments, separated by spaces (node --no-warnings run-wasi.mjs for a .wasm).
# Exit status 0 if the output matches EXPECTED exactly, 1 (with a diff) otherwise.
set -u
envs=() dirs=() stdin="" run=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--env) envs+=("$2"); shift 2 ;;
	--mkdir) dirs+=("$2"); shift 2 ;;
	--stdin) stdin=$2; shift 2 ;;
	--run) read -ra run <<<"$2"; shift 2 ;;
	*) break ;;
	esac
done
expected=$1 exe=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/run"
for d in "${dirs[@]}"; do
	mkdir -p "$tmp/run/$d"
done
cp "$exe" "$tmp/run/"
name=$(basename "$exe")

(cd "$tmp/run" && env -i "${envs[@]}" "${run[@]}" "./$name" "$@" <<<"$stdin" >"$tmp/out" 2>&1)
echo "[exit $?]" >>"$tmp/out"
if diff -u "$expected" "$tmp/out" >"$tmp/diff"; then
	echo "$name: output as expected"
	exit 0
fi
echo "$name: output differs from $expected:"
cat "$tmp/diff"
exit 1
