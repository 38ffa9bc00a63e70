#!/usr/bin/env bash
# run.sh — runs each threaded executable given (an AArch64 one, named *-aarch64*, behind
# $W2N_RUN: qemu-aarch64) and compares its stdout with what counter.c must print.
# usage: run.sh EXE...   Ends with `N passed, N failed`.
set -u
want=$'atomic 400000\nlocked 80000'
passed=0 failed=0
for exe in "$@"; do
	run=()
	[[ $exe == *aarch64* ]] && read -ra run <<<"${W2N_RUN:-}"
	out=$(timeout 120 "${run[@]}" "$exe" 2>&1)
	status=$?
	if [[ $status -eq 0 && $out == "$want" ]]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $(basename "$exe"): status $status, output: $out"
	fi
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
