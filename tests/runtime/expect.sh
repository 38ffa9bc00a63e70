#!/bin/sh
# expect.sh STATUS PATTERN PROGRAM [ARGS...] — runs PROGRAM and passes if it exits with STATUS
# (as the shell reports it: 128 + N for death by signal N) and its stderr contains PATTERN.
status=$1 pattern=$2
shift 2
err=$("$@" 2>&1 >/dev/null)
got=$?
if [ "$got" != "$status" ]; then
	echo "expect.sh: $1 exited with $got, expected $status; stderr: $err"
	exit 1
fi
case $err in
*"$pattern"*) exit 0 ;;
esac
echo "expect.sh: stderr of $1 lacks \"$pattern\": $err"
exit 1
