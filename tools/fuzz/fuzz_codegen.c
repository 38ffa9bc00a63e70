/* fuzz_codegen.c — libFuzzer target over the code generator (docs/reliability.md).
 *
 * Each input becomes a valid module through wasmgen.c (every input does: the bytes are the
 * generator's choices), which is decoded, validated, lowered to LLVM IR, verified with
 * LLVMVerifyModule before and after optimization, and emitted as an object at -O0 and at -O2.
 * The first byte picks the target (x86-64 or AArch64) and the memory mode (guard pages or
 * --bounds-checks). Built with -fsanitize=fuzzer,address,undefined over the compiler's own
 * sources (tools/fuzz/meson.build); a crash, a sanitizer report, a module the generator got
 * wrong, a verifier failure or any other compile error aborts, and libFuzzer saves the input.
 * libFuzzer's -timeout bounds the time per input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "wasm2native/compile.h"
#include "wasm2native/wasm2native.h"
#include "wasmgen.h"

static char out_path[64];

static void print_diag(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                       const char *message)
{
	(void)ctx;
	(void)file;
	if (sev == W2N_ERROR)
		fprintf(stderr, "fuzz_codegen: 0x%llx: %s\n", (long long)offset, message);
}

static void require(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_codegen: %s\n", what);
		abort();
	}
}

static void remove_output(void)
{
	unlink(out_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(out_path, sizeof out_path, "%.40s/w2n-fuzz-%d.o", tmp ? tmp : "/tmp", (int)getpid());
	atexit(remove_output);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct w2n_diag dg = {.fn = print_diag};
	uint8_t mode = size ? data[0] : 0;
	size_t len;
	uint8_t *wasm = wasmgen(size ? data + 1 : data, size ? size - 1 : 0, &len);
	if (!wasm)
		return 0; /* out of memory in the generator: not the compiler's fault */

	struct w2n_module *m = w2n_decode(wasm, len, "gen.wasm", &dg);
	require(m != NULL, "the generated module does not decode (a wasmgen.c bug)");
	require(w2n_validate(m, &dg), "the generated module does not validate (a wasmgen.c bug)");
	for (int level = 0; level <= 2; level += 2) {
		struct w2n_compile_options opt = {
			.triple = mode & 1 ? "aarch64-linux" : "x86_64-linux",
			.opt_level = level,
			.bounds_checks = (mode & 2) != 0,
			.verify = true,
			.threads = 1,
		};
		require(w2n_compile_object(m, &opt, out_path, &dg), "compilation failed");
	}
	w2n_module_free(m);
	free(wasm);
	return 0;
}
