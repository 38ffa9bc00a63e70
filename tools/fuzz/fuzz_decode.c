/* fuzz_decode.c — libFuzzer target: arbitrary bytes through w2n_decode and w2n_validate.
 *
 * Built with -fsanitize=fuzzer,address,undefined (tools/fuzz/meson.build), the frontend sources
 * compiled in with the same flags. Any crash, sanitizer report, leak or broken invariant below
 * stops the run with a non-zero status and leaves the input as a crash-* artifact.
 *
 * Invariants checked beyond "does not crash":
 *   - a rejected module reports at least one error, an accepted one reports none;
 *   - every diagnostic has a non-empty message and an offset within the input (or -1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasm2native/wasm2native.h"

struct sink {
	size_t size; /* input size: offsets must not point past it */
};

static void check_diag(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                       const char *message)
{
	const struct sink *s = ctx;
	if (!message || !message[0] || offset < -1 || (offset >= 0 && (uint64_t)offset > s->size)) {
		fprintf(stderr, "fuzz_decode: bad diagnostic: offset %lld of %zu bytes: \"%s\"\n",
		        (long long)offset, s->size, message ? message : "(null)");
		abort();
	}
}

/* The harness's own invariants: abort() so that libFuzzer saves the input. */
static void require(bool ok, const char *what, const struct w2n_diag *dg)
{
	if (!ok) {
		fprintf(stderr, "fuzz_decode: %s (%u errors reported)\n", what, dg->errors);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sink s = {.size = size};
	struct w2n_diag dg = {.fn = check_diag, .ctx = &s};

	struct w2n_module *m = w2n_decode(data, size, "fuzz.wasm", &dg);
	if (!m) {
		require(dg.errors > 0, "decode failed without a diagnostic", &dg);
		return 0;
	}
	require(dg.errors == 0, "decode succeeded but reported an error", &dg);

	bool valid = w2n_validate(m, &dg);
	require(valid == (dg.errors == 0), "validate result disagrees with its diagnostics", &dg);
	w2n_module_free(m);
	return 0;
}
