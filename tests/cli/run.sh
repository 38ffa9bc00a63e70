#!/usr/bin/env bash
# run.sh — tests of the wasm2native command line: options, exit statuses and the shape of
# diagnostics. Asserts on `error:` and the `file:0xOFFSET:` position, not on the decoder's exact
# wording (tests/unit/test_decode.c owns that). Ends with `N passed, N failed`.
#
# usage: run.sh WASM2NATIVE VALID.wasm INVALID.wasm
set -u
w2n=$1 valid=$2 invalid=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../lib.sh"

# run ARGS...: runs wasm2native (lib.sh's capture).
run() {
	capture "$w2n" "$@"
}

run --help
expect help 0 out '^USAGE: wasm2native .*FILE\.wasm'
expect help-options 0 out '^ +-o FILE .*--check|--check'
run -h
expect help-short 0 out '^USAGE:'
run --version
expect version 0 out '^wasm2native [0-9]+\.[0-9]+\.[0-9]+ \(LLVM 19'

run --foo "$valid"
expect unknown-option 1 err "^wasm2native: error: unknown argument '--foo'"
expect unknown-option-hint 1 err "--help"
run
expect no-input 1 err '^wasm2native: error: no input file'
run --check "$valid" "$valid"
expect two-inputs 1 err '^wasm2native: error: .*input'
run --check "$valid" -o
expect o-missing 1 err "^wasm2native: error: argument to '-o' is missing"
run --check "$valid" --target
expect target-missing 1 err "^wasm2native: error: argument to '--target' is missing"

run --check "$valid"
expect check-valid 0 err '^$'
run --check --target aarch64-linux -O3 -c --bounds-checks "$valid" -o "$tmp/x.o"
expect options-accepted 0 err '^$'
run --check --target=x86_64-linux -O0 "$valid"
expect target-equals 0 err '^$'
run "$invalid" -o "$tmp/app"
expect invalid-no-codegen 1 err "^$invalid:0x[0-9a-f]{8}: error: .*type mismatch"

run --check "$tmp/nope.wasm"
expect missing-file 1 err "^$tmp/nope\\.wasm: error: cannot open file"
printf '\0asm' >"$tmp/short.wasm"
run --check "$tmp/short.wasm"
expect truncated 1 err "^$tmp/short\\.wasm:0x[0-9a-f]{8}: error: "
printf '\0asx\1\0\0\0' >"$tmp/magic.wasm"
run --check "$tmp/magic.wasm"
expect bad-magic 1 err "^$tmp/magic\\.wasm:0x[0-9a-f]{8}: error: "
: >"$tmp/empty.wasm"
run --check "$tmp/empty.wasm"
expect empty 1 err "^$tmp/empty\\.wasm:0x[0-9a-f]{8}: error: "
run --check "$invalid"
expect invalid 1 err "^$invalid:0x[0-9a-f]{8}: error: .*type mismatch"

# Executables: stripped unless -g; grants checked at build time and baked in (grants.h).
run "$valid" -o "$tmp/app"
expect exe-builds 0 err '^$'
if readelf -S "$tmp/app" | grep -q symtab; then status=99; fi
expect exe-stripped-by-default 0 err '^$'
run "$valid" -o "$tmp/app-g" -g
readelf -S "$tmp/app-g" | grep -q symtab || status=99
expect exe-g-keeps-symbols 0 err '^$'
run "$valid" -o "$tmp/app" --dir "$tmp::/data" --env A=b --env C --listen 127.0.0.1:0 \
	--listen-fd 3 --no-launch-grants
grep -aq -- "--dir=$tmp::/data" "$tmp/app" || status=99
expect grants-baked 0 err '^$'
run "$valid" -o "$tmp/app" --dir
expect grant-missing 1 err "^wasm2native: error: argument to '--dir' is missing"
run "$valid" -o "$tmp/app" --listen 1.2.3.4
expect grant-listen-malformed 1 err "^wasm2native: error: invalid grant '--listen 1.2.3.4': expected ADDR:PORT"
run "$valid" -o "$tmp/app" --env =x
expect grant-env-malformed 1 err "^wasm2native: error: invalid grant '--env =x'"
run "$valid" -c -o "$tmp/x.o" --env A=b
expect grant-object 1 err "^wasm2native: error: grants .* apply to executables"

# --header (docs/embedding.md): with -c only, a prefix that can start C identifiers.
run "$valid" -c -o "$tmp/h.o" --header "$tmp/h.h" --prefix hello
grep -q '^extern const struct w2n_module_desc hello_module;$' "$tmp/h.h" || status=99
expect header-written 0 err '^$'
run "$valid" -o "$tmp/app" --header "$tmp/h.h"
expect header-needs-c 1 err "^wasm2native: error: '--header' describes an object file: it needs '-c'"
run "$valid" -c -o "$tmp/h.o" --header
expect header-missing 1 err "^wasm2native: error: argument to '--header' is missing"
run "$valid" -c -o "$tmp/h.o" --header "$tmp/h.h" --prefix 9x
expect header-bad-prefix 1 err "^wasm2native: error: '--prefix 9x' cannot start C identifiers"
run "$valid" -c -o "$tmp/h.o" --header "$tmp/nodir/h.h"
expect header-unwritable 1 err "^$tmp/nodir/h\\.h: error: cannot write the C header"

# --prefix names the descriptor of an executable too; the runtime's program must still find it.
run "$valid" -o "$tmp/app-prefix" --prefix hello
expect prefix-exe-builds 0 err '^$'
capture "$tmp/app-prefix"
expect prefix-exe-runs 0 out '^Hello, world!$'

# Limits (docs/limits.md): grants of resources, checked at build time with the runtime's parser;
# --timeout and --fuel compile their checks in; with -c only the checks, never the values.
run --help
expect help-limits 0 out '^LIMITS '
run "$valid" -o "$tmp/app" --max-memory 16M --max-table 100 --max-stack 1M --timeout 200ms \
	--fuel 1000000
grep -aq -- "--timeout=200ms" "$tmp/app" || status=99
expect limits-baked 0 err '^$'
run "$valid" -o "$tmp/app" --max-memory 16Q
expect limit-size-malformed 1 err "^wasm2native: error: invalid limit '--max-memory 16Q': expected a size in bytes"
run "$valid" -o "$tmp/app" --timeout 200
expect limit-duration-malformed 1 err "^wasm2native: error: invalid limit '--timeout 200': expected a duration"
run "$valid" -o "$tmp/app" --fuel 0
expect limit-fuel-zero 1 err "^wasm2native: error: invalid limit '--fuel 0'"
run "$valid" -c -o "$tmp/x.o" --timeout 1s
expect limit-object 1 err "^wasm2native: error: limits \('--timeout=1s'\) apply to executables, not to objects \(-c\).*--interruptible"
run "$valid" -c -o "$tmp/checks.o" --interruptible --fuel-metering
expect limit-checks-object 0 err '^$'

# Targets and CPUs (docs/targets.md): aliases, unknown names, the CPU feature record.
run --check "$valid" --target riscv64
expect target-unknown 1 err "^wasm2native: error: unknown target 'riscv64'; supported targets: x86_64-linux \\(.*amd64.*\\), aarch64-linux \\(.*arm64"
run "$valid" -o "$tmp/app-arm" --target arm64
readelf -h "$tmp/app-arm" | grep -q 'Machine: *AArch64' || status=99
expect target-alias-arm64 0 err '^$'
run "$valid" -o "$tmp/app-v3" --target amd64 --cpu x86-64-v3
readelf -S "$tmp/app-v3" | grep -q w2n_cpu_req || status=99
expect cpu-recorded 0 err '^$'
run "$valid" -c -o "$tmp/x.o" --cpu pentium9
expect cpu-unknown 1 err "^wasm2native: error: unknown CPU 'pentium9' for target x86_64-linux"
run "$valid" -c -o "$tmp/x.o" --target aarch64-linux --cpu haswell
expect cpu-other-arch 1 err "^wasm2native: error: unknown CPU 'haswell' for target aarch64-linux"
if [[ $(uname -m) == x86_64 ]]; then
	run "$valid" -c -o "$tmp/x.o" --target aarch64-linux --cpu native
	expect cpu-native-foreign 1 err "^wasm2native: error: --cpu native describes this x86_64-linux machine"
fi
run --target aarch64-linux --cpu help
expect cpu-help 0 out 'neoverse-n1'

# Code placement (docs/benchmarks.md, "Code placement"): at -O2 every function starts on a
# 64-byte boundary, so the object's code section asks the linker for 64; -O1 (the fast mode)
# keeps LLVM's 16.
text_align() { readelf -SW "$1" | awk '/ \.text / { print $NF }'; }
run "$valid" -c -o "$tmp/o2.o"
[[ $(text_align "$tmp/o2.o") == 64 ]] || status=99
expect code-aligned-O2 0 err '^$'
run "$valid" -c -o "$tmp/arm.o" --target aarch64-linux
[[ $(text_align "$tmp/arm.o") == 64 ]] || status=99
expect code-aligned-aarch64 0 err '^$'
run "$valid" -c -o "$tmp/o1.o" -O1
[[ $(text_align "$tmp/o1.o") == 16 ]] || status=99
expect code-unaligned-O1 0 err '^$'

# Pre-baking options (docs/prebake.md; tests/prebake runs the bakes themselves).
run --help
expect help-prebake 0 out '^ +--prebake +Run the init export now'
run "$valid" -o "$tmp/x" --init-func setup
expect init-func-alone 1 err "^wasm2native: error: '--init-func' is an option of pre-baking: add --prebake"
run "$valid" -o "$tmp/x" --emit-wasm "$tmp/x.wasm"
expect emit-wasm-alone 1 err "^wasm2native: error: '--emit-wasm' is an option of pre-baking: add --prebake"
run "$valid" -o "$tmp/x" --prebake-dir data
expect prebake-dir-alone 1 err "is an option of pre-baking: add --prebake"
run "$valid" -o "$tmp/x" --prebake --prebake-env =x
expect prebake-env-malformed 1 err "^wasm2native: error: invalid grant '--prebake-env =x'"
run "$valid" -c -o "$tmp/x.o" --prebake --prebake-dir data
[[ -e $tmp/x.o ]] && status=99
expect prebake-no-init 1 err "error: cannot pre-bake: the module exports no function 'wizer.initialize'"
run --check "$valid" --prebake
expect prebake-check 1 err "^wasm2native: error: --prebake and --check cannot be combined"

# --time-report prints every phase with wall and CPU seconds, also with -c and --check; -q
# prints nothing on success. (The progress line needs a terminal: progress.py.)
phases='read decode validate lower optimize codegen link total'
run "$valid" -o "$tmp/app" --time-report
for ph in $phases; do
	expect "time-report-$ph" 0 err "^  $ph +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3}$"
done
expect time-report-header 0 err "^wasm2native: time report for $valid"
run "$valid" -c -o "$tmp/x.o" --time-report
expect time-report-object 0 err '^  codegen +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3}$'
run --check "$valid" --time-report
expect time-report-check 0 err '^  validate +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3}$'
run "$valid" -o "$tmp/app" -q
expect quiet 0 err '^$'
run "$valid" -o "$tmp/app" --quiet --time-report
expect quiet-time-report 0 err '^  link +[0-9]'
run "$invalid" -o "$tmp/app" -q
expect quiet-errors-print 1 err "error: .*type mismatch"

summary
