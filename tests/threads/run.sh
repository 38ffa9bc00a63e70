#!/usr/bin/env bash
# run.sh — runs each threaded executable given (an AArch64 one, named *-aarch64*, behind
# $W2N_RUN: qemu-aarch64) and compares its stdout with what its program must print: counter.c
# its counts; files.c no errors and every file checked and closed, run with a fresh temporary
# directory granted as its preopen.
# usage: run.sh EXE...   Ends with `N passed, N failed`.
set -u
want_counter=$'atomic 400000\nlocked 80000'
want_files=$'errors 0\nchecked 4800\nopen 0'
passed=0 failed=0
for exe in "$@"; do
	exe=$(realpath "$exe") # it runs in the temporary directory
	run=()
	[[ $exe == *aarch64* ]] && read -ra run <<<"${W2N_RUN:-}"
	dir=$(mktemp -d)
	case $(basename "$exe") in
	files*) want=$want_files ;;
	*) want=$want_counter ;;
	esac
	out=$(cd "$dir" && WASM2NATIVE_GRANTS="--dir=$dir::." timeout 120 "${run[@]}" "$exe" 2>&1)
	status=$?
	rm -rf "$dir"
	if [[ $status -eq 0 && $out == "$want" ]]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $(basename "$exe"): status $status, output: $out"
	fi
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
