#!/usr/bin/env bash
# run.sh — launch-time grants (WASM2NATIVE_GRANTS, runtime/grants.c) as a user gives them,
# on the args-env example (built with --env GREETING=hello --env USER; it prints its
# environment): precedence over baked grants, the spellings the variable accepts, and the
# messages and exit status for grants that are malformed or cannot be given. tests/wasi covers
# what granted directories and sockets then allow. Ends with `N passed, N failed`.
#
# usage: run.sh ARGS-ENV-EXECUTABLE
set -u
exe=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# launch GRANTS [VAR=VALUE...]: runs the executable in a clean environment with
# WASM2NATIVE_GRANTS=GRANTS; leaves $status, $out (stdout) and $err (stderr).
launch() {
	local grants=$1
	shift
	(cd "$tmp" && env -i "$@" "WASM2NATIVE_GRANTS=$grants" "$exe" >"$tmp/out" 2>"$tmp/err")
	status=$?
	out=$(<"$tmp/out") err=$(<"$tmp/err")
}

# expect NAME WANT_STATUS STREAM REGEX [!]: the last launch exited WANT_STATUS and STREAM
# (out/err) matches the extended REGEX (with a fifth argument '!': does not match).
expect() {
	local name=$1 want=$2 text found=0
	[[ $3 == out ]] && text=$out || text=$err
	grep -Eq -- "$4" <<<"$text" && found=1
	[[ ${5:-} == '!' ]] && found=$((1 - found))
	if [[ $status -eq $want && $found -eq 1 ]]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name: exit $status (want $want), $3 ${5:+not }/$4/"
		echo "  stdout: $out"
		echo "  stderr: $err"
	fi
}

launch ''
expect empty-variable 0 out '^environment: GREETING=hello$'
expect inherit-unset 0 out 'USER' !
launch '' USER=ada HOME=/home/ada
expect inherit-set 0 out '^environment: USER=ada$'
expect not-granted 0 out 'HOME' !
expect variable-hidden 0 out 'WASM2NATIVE_GRANTS' !
launch '--env=GREETING=hi'
expect launch-overrides-baked 0 out '^environment: GREETING=hi$'
expect override-replaces 0 out 'GREETING=hello' !
launch '  --env GREETING=yo	--env=X=1  '
expect separate-value-and-blanks 0 out '^environment: GREETING=yo$'
expect second-word 0 out '^environment: X=1$'
launch "--env='A=x y' --env=\"B=\\\"q\\\"\" --env=C=back\\ slash"
expect single-quotes 0 out '^environment: A=x y$'
expect double-quotes 0 out '^environment: B="q"$'
expect backslash 0 out '^environment: C=back slash$'
launch '--env=HOME' HOME=/h
expect launch-inherit 0 out '^environment: HOME=/h$'
mkdir -p "$tmp/d"
launch '--dir=d::/data --dir d'
expect dirs-accepted 0 out '^hello, stranger!$'

launch '--bogus'
expect unknown 1 err "^wasm2native: WASM2NATIVE_GRANTS: invalid grant '--bogus': unknown"
expect unknown-nothing-ran 1 out '^$'
launch 'dir=x'
expect not-an-option 1 err "invalid grant 'dir=x'"
launch '--env'
expect missing-value 1 err "invalid grant '--env': the value is missing"
launch $'--env=A=1 --env=\'B'
expect unterminated-quote 1 err 'unterminated quote'
launch '--env==x'
expect empty-name 1 err "invalid grant '--env==x': expected NAME or NAME=VALUE"
launch '--no-launch-grants'
expect build-time-only 1 err "invalid grant '--no-launch-grants': a build-time option"
launch '--dir=missing::/m'
expect missing-dir 1 err "^wasm2native: cannot grant directory 'missing'"
launch '--dir=::/m'
expect empty-host 1 err "invalid grant '--dir=::/m': expected HOST or HOST::GUEST"
launch '--listen=1.2.3:80'
expect bad-address 1 err "cannot listen on '1.2.3:80'"
launch '--listen-fd=x'
expect bad-fd 1 err "invalid grant '--listen-fd=x': expected a file descriptor number"
launch '--listen-fd=9'
expect fd-not-open 1 err '^wasm2native: '

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
