#!/usr/bin/env bash
# libc_hashes.sh — regenerates the rows of compiler/libc_known.def: the normalized-body hashes
# of wasi-libc's string and memory routines as modules built on this system carry them
# (docs/libc-routines.md).
#
#     tools/libc_hashes.sh BUILD_DIR [PROGRAM.c...] > rows.txt
#
# Two small programs call every routine: one through function pointers (signatures stay as
# they are) and one directly from several places with varying arguments, dropping the results
# of memcpy, memmove and memset as C code does (binaryen's dead-argument elimination then
# removes those results) and calling __strchrnul only through strchr (binaryen then inlines it
# there). Contexts that make binaryen specialize a routine further (a parameter that is the
# same constant at every call, a single caller) give bodies that are not listed, unless one of
# the PROGRAM.c files given (built the same ways) has that context: the committed table was
# made with tools/bench/wasi/*.c and tests/libc/edge.c.
# Each is linked against the system's wasi-libc, with and without -msimd128, once as wasm-ld
# leaves it (clang without wasm-opt in PATH, or -O0) and once per optimization level that
# clang passes to wasm-opt when it finds it in PATH (-O1, -O2, -O3, -Os, -Oz), plus -O4.
set -euo pipefail
build=${1:?usage: libc_hashes.sh BUILD_DIR}
tool=$build/tools/libc_hashes
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/ptr.c" <<'C'
#include <string.h>
#include <stdio.h>
void *(*volatile p_memcpy)(void *, const void *, size_t) = memcpy;
void *(*volatile p_memmove)(void *, const void *, size_t) = memmove;
void *(*volatile p_memset)(void *, int, size_t) = memset;
void *(*volatile p_memchr)(const void *, int, size_t) = memchr;
int (*volatile p_memcmp)(const void *, const void *, size_t) = memcmp;
size_t (*volatile p_strlen)(const char *) = strlen;
char *(*volatile p_strchr)(const char *, int) = strchr;
int (*volatile p_strcmp)(const char *, const char *) = strcmp;
char *(*volatile p_strstr)(const char *, const char *) = strstr;
char *(*volatile p_strchrnul)(const char *, int);
char *__strchrnul(const char *, int);
int main(int argc, char **argv)
{
	p_strchrnul = __strchrnul;
	return p_memcpy != 0 && p_memmove && p_memset && p_memchr && p_memcmp && p_strlen &&
	       p_strchr && p_strcmp && p_strchrnul && p_strstr && argv[argc - 1];
}
C
cat > "$tmp/direct.c" <<'C'
#include <string.h>
#include <stdio.h>
char a[4096], b[4096];
int r0;
/* Variable sizes everywhere: clang turns a small constant-size copy into loads and stores. */
__attribute__((noinline)) void f1(int n) { memcpy(a + n, b, (size_t)n); memmove(a, a + n, (size_t)n); }
__attribute__((noinline)) void f2(int n) { memcpy(b, a + n, (size_t)n * 2); memset(a, n, (size_t)n); }
__attribute__((noinline)) void f3(int n) { memmove(b + n, b, (size_t)n); memset(b, 0, (size_t)n); }
__attribute__((noinline)) void f4(int n) { memcpy(a, b, (size_t)n + 3); memset(a + n, 1, (size_t)n); }
__attribute__((noinline)) void f0(int n) { memmove(b + 1, b + n, (size_t)n + 9); }
__attribute__((noinline)) int f5(int n) { return strchr(a + n, n) != 0; }
__attribute__((noinline)) int f6(int n) { return strchr(b, n + 1) != 0; }
__attribute__((noinline)) int f7(int n) { return strcmp(a + n, b) + strcmp(b + n, a); }
__attribute__((noinline)) int f8(int n) { return memcmp(a + n, b, (size_t)n) + memcmp(b, a, (size_t)n + 1); }
__attribute__((noinline)) int f9(int n) { return (memchr(a, n, (size_t)n) != 0) + (memchr(b, 0, (size_t)n) != 0); }
__attribute__((noinline)) int fa(int n) { return strstr(a + n, b) != 0; }
__attribute__((noinline)) int fb(int n) { return strstr(b, a + n) != 0; }
int main(int argc, char **argv)
{
	r0 = fa(argc) + fb(argc);
	f0(argc); f1(argc); f2(argc); f3(argc); f4(argc);
	int r = f5(argc) + f6(argc) + f7(argc) + f8(argc) + f9(argc) + (int)strlen(argv[0]);
	r += (strchr(argv[0], '/') != 0) + strcmp(argv[0], a) + (int)strlen(a);
	return r + r0;
}
C
# strstr where the program calls neither memchr nor memcmp itself: binaryen inlines memcmp
# and specializes memchr for c = 0 (MEMCHR_NUL).
cat > "$tmp/strstr.c" <<'C'
#include <string.h>
char a[4096], b[4096];
__attribute__((noinline)) int f1(int n) { return strstr(a + n, b) != 0; }
__attribute__((noinline)) int f2(int n) { return strstr(b, a + n) != 0; }
__attribute__((noinline)) int f3(int n) { return strchr(a + n, n) != 0; }
__attribute__((noinline)) int f4(int n) { return strchr(b, n + 1) != 0; }
int main(int argc, char **argv)
{
	return f1(argc) + f2(argc) + f3(argc) + f4(argc) + (int)strlen(argv[0]) + (int)strlen(a);
}
C
progs="ptr direct strstr"
for extra in "${@:2}"; do
	name=x-$(basename "$extra" .c)
	cp "$extra" "$tmp/$name.c"
	cp "$(dirname "$extra")"/*.h "$tmp/" 2>/dev/null || true
	progs="$progs $name"
done
mkdir -p "$tmp/bin"
ln -s "$(command -v wasm-ld-19)" "$tmp/bin/wasm-ld-19"
for prog in $progs; do
	for simd in "" -msimd128; do
		name=$prog${simd:+-simd}
		# Without wasm-opt in PATH clang links with wasm-ld only.
		PATH=$tmp/bin /usr/bin/clang-19 --target=wasm32-wasi -O2 $simd -D_GNU_SOURCE \
			"$tmp/$prog.c" -o "$tmp/$name.wasm" -lm
		"$tool" "$tmp/$name.wasm" "wasi-libc, wasm-ld"
		for level in O1 O2 O3 O4 Os Oz; do
			# As clang runs it (no -g: the output has no name section, and -g would
			# change the code); the function map names the output's functions.
			wasm-opt "$tmp/$name.wasm" -$level --print-function-map \
				-o "$tmp/$name-$level.wasm" > "$tmp/$name-$level.map"
			"$tool" "$tmp/$name-$level.wasm" "wasi-libc, wasm-opt -$level" \
				"$tmp/$name-$level.map"
		done
	done
done | python3 -c '
import sys
rows = {}  # the row without its origin -> origins, in order of appearance
for line in sys.stdin:
    key, origin = line.rstrip().rsplit(", \"", 1)
    origins = rows.setdefault(key, [])
    if origin[:-2] not in origins:
        origins.append(origin[:-2])
for key in sorted(rows):
    print(key + ", \"" + "; ".join(rows[key]) + "\")")
'
