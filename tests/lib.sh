# lib.sh — helpers shared by the shell test scripts (tests/cli/run.sh, tests/limits/run.sh):
# run a command capturing what it did, compare with what was expected, count, summarize.
# Source it after setting `tmp` to a scratch folder; it keeps `passed` and `failed`.
passed=0 failed=0

# capture CMD...: runs CMD, leaving its exit status, stdout and stderr in $status, $out, $err.
capture() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	out=$(<"$tmp/out") err=$(<"$tmp/err")
}

# expect NAME WANT_STATUS STREAM REGEX: the last capture exited WANT_STATUS and STREAM
# (out/err) matches the extended REGEX.
expect() {
	local name=$1 want=$2 text
	[[ $3 == out ]] && text=$out || text=$err
	if [[ $status -eq $want ]] && grep -Eq -- "$4" <<<"$text"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name: exit $status (want $want), $3 should match /$4/"
		echo "  stdout: ${out:0:300}"
		echo "  stderr: ${err:0:300}"
	fi
}

# same NAME A B: files A and B are equal.
same() {
	if cmp -s "$2" "$3"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $1: $2 and $3 differ"
	fi
}

# summary: the last line every script prints, and its exit status.
summary() {
	echo "$passed passed, $failed failed"
	[[ $failed -eq 0 ]]
}
