#!/usr/bin/env bash
# spec_wast.sh — runs one of our own .wast scripts (several modules linked by `register`,
# which the single-module e2e cases cannot express) through the spec runner: wast2json with
# the features it names, then w2n-spec on the JSON. Ends with w2n-spec's
# `N passed, N failed, N skipped`; its exit status.
#
# usage: spec_wast.sh W2N-SPEC WAST2JSON FILE.wast WAST2JSON-FEATURE-FLAGS -- [W2N-SPEC-OPTION...]
set -eu
spec=$1 wast2json=$2 wast=$3
shift 3
flags=()
while [[ $# -gt 0 && $1 != -- ]]; do
	flags+=("$1")
	shift
done
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
name=$(basename "$wast" .wast)
"$wast2json" "${flags[@]}" "$wast" -o "$tmp/$name.json"
"$spec" -j 1 "$@" "$tmp/$name.json"
