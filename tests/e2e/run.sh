#!/usr/bin/env bash
# run.sh — end-to-end tests for what the spec suite does not cover: each case is a .wat module
# compiled by wasm2native into a static executable, run, and judged by the exit status and the
# trap text on stderr. A case states its expectations in its leading comments:
#   ;; expect-status: N        the exit status (134: the module trapped, docs/runtime.md)
#   ;; expect-stderr: TEXT     stderr contains TEXT (fixed string; may be repeated)
#   ;; expect-stderr-empty     stderr is empty
#   ;; expect-stdout: LINE     stdout is exactly these lines (repeat the directive per line)
#   ;; w2n-options: OPTS       more wasm2native options for this case (limits: --timeout 200ms)
#   ;; wat2wasm-options: OPTS  wat2wasm options for this case (a proposal: --enable-tail-call)
#   ;; expect-seconds-under: S the run ends within S seconds of wall time (deadlines)
# Checks inside a module trap with `unreachable` in a function named after the check, so a
# failure names what went wrong.
#
# usage: run.sh WASM2NATIVE WAT2WASM [WASM2NATIVE-OPTION...] -- CASE.wat...
# Ends with `N passed, N failed`; exit status 1 if anything failed.
set -u
w2n=$1 wat2wasm=$2
shift 2
opts=()
while [[ $# -gt 0 && $1 != -- ]]; do
	opts+=("$1")
	shift
done
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

fail() {
	failed=$((failed + 1))
	echo "FAIL: $name: $*"
}

# check CASE: compiles, runs and judges one case.
check() {
	local wat=$1 want_status="" want_empty=0 line status max_s="" t0 ms
	local -a want_err=() want_out=() case_opts=() wat_opts=()
	name=$(basename "$wat" .wat)
	while IFS= read -r line; do
		case $line in
		";; expect-status: "*) want_status=${line#;; expect-status: } ;;
		";; expect-stderr: "*) want_err+=("${line#;; expect-stderr: }") ;;
		";; expect-stderr-empty"*) want_empty=1 ;;
		";; expect-stdout: "*) want_out+=("${line#;; expect-stdout: }") ;;
		";; w2n-options: "*) read -ra case_opts <<<"${line#;; w2n-options: }" ;;
		";; wat2wasm-options: "*) read -ra wat_opts <<<"${line#;; wat2wasm-options: }" ;;
		";; expect-seconds-under: "*) max_s=${line#;; expect-seconds-under: } ;;
		esac
	done <"$wat"
	if [[ -z $want_status ]]; then
		fail "no ';; expect-status:' line"
		return
	fi
	if ! "$wat2wasm" --debug-names "${wat_opts[@]}" "$wat" -o "$tmp/$name.wasm" 2>"$tmp/err"; then
		fail "wat2wasm: $(<"$tmp/err")"
		return
	fi
	if ! "$w2n" "${opts[@]}" "${case_opts[@]}" "$tmp/$name.wasm" -o "$tmp/$name" 2>"$tmp/err"; then
		fail "wasm2native ${opts[*]} ${case_opts[*]}: $(<"$tmp/err")"
		return
	fi
	t0=$(date +%s%N)
	timeout 60 ${W2N_RUN:-} "$tmp/$name" >"$tmp/out" 2>"$tmp/err"
	status=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	local err ok=1
	err=$(<"$tmp/err")
	[[ $status -eq $want_status ]] || ok=0
	for line in "${want_err[@]}"; do
		grep -Fq -- "$line" <<<"$err" || ok=0
	done
	[[ $want_empty -eq 0 || -z $err ]] || ok=0
	if [[ ${#want_out[@]} -gt 0 ]] && ! printf '%s\n' "${want_out[@]}" | cmp -s - "$tmp/out"; then
		ok=0
		err="$err; stdout: $(<"$tmp/out")"
	fi
	if [[ -n $max_s ]]; then
		echo "$name: ${ms} ms (under ${max_s} s expected)"
		[[ $ms -lt $((max_s * 1000)) ]] || ok=0
	fi
	if [[ $ok -eq 1 ]]; then
		passed=$((passed + 1))
	else
		fail "exit status $status (want $want_status), stderr: ${err:-(empty)}" \
			"${want_err[*]:+(want it to contain: $(printf '"%s" ' "${want_err[@]}"))}"
	fi
}

for wat in "$@"; do
	check "$wat"
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
