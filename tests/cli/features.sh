#!/usr/bin/env bash
# features.sh — `--check`'s feature report and the switches that turn features off
# (--disable-FEATURE, --wasm2-only): a module refused for a feature names it at its first use.
# Ends with `N passed, N failed`.
#
# usage: features.sh WASM2NATIVE WASM2.wasm FEATURES.wasm
#   WASM2.wasm uses nothing after Wasm 2.0; FEATURES.wasm is tests/cli/features.wat.
set -u
w2n=$1 plain=$2 feat=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../lib.sh"

run() {
	capture "$w2n" "$@"
}

# The report: the version, then one line per feature in file order, with its first use.
run --check "$feat"
expect report-version 0 out "^$feat: valid WebAssembly 3\\.0\$"
expect report-multi-value 0 out '^  multi-value +0x0000000b  function type with several results$'
expect report-extended-const 0 out '^  extended-const +0x[0-9a-f]{8}  i32\.add$'
expect report-bulk 0 out '^  bulk-memory +0x[0-9a-f]{8}  memory\.fill$'
expect report-tail-call 0 out '^  tail-call +0x[0-9a-f]{8}  return_call$'
expect report-sign-extension 0 out '^  sign-extension +0x[0-9a-f]{8}  i32\.extend8_s$'
order=$(grep -o '^  [a-z-]*' <<<"$out" | tr -d ' ' | tr '\n' ' ')
status=0
[[ $order == "multi-value extended-const bulk-memory tail-call sign-extension " ]] || status=99
expect report-file-order 0 err '^$'
run --check "$plain"
expect report-2.0 0 out "^$plain: valid WebAssembly 2\\.0\$"

# Turning features off: refused at the first use of the first disabled feature.
run --check --disable-tail-call "$feat"
expect disable-tail-call 1 err "^$feat:0x[0-9a-f]{8}: error: tail calls disabled \\(feature tail-call; return_call\\)"
run "$feat" -o "$tmp/app" --disable-extended-const
expect disable-compile 1 err "^$feat:0x[0-9a-f]{8}: error: extended constant expressions disabled"
[[ -e $tmp/app ]] && status=99
expect disable-no-output 1 err '.'
run --check --disable-multi-value --disable-tail-call "$feat"
expect disable-earliest 1 err "^$feat:0x0000000b: error: multi-value disabled"
run --check --wasm2-only "$feat"
expect wasm2-only 1 err "^$feat:0x[0-9a-f]{8}: error: extended constant expressions disabled"
run --check --wasm2-only "$plain"
expect wasm2-only-accepts-2.0 0 out 'valid WebAssembly 2\.0'
run --check --disable-relaxed-simd --disable-threads "$feat"
expect disable-unused 0 out 'valid WebAssembly 3\.0'

# Command-line errors.
run --check --disable-nope "$feat"
expect disable-unknown 1 err "^wasm2native: error: unknown feature 'nope' in '--disable-nope'; features: sign-extension, "
run --check --disable-mvp "$feat"
expect disable-mvp 1 err "^wasm2native: error: unknown feature 'mvp'"

summary
