/* grants.h — capabilities baked into an executable at build time (DESIGN.md §5: deny by
 * default). The compiler writes them (compiler/grants.c), the runtime's default program reads
 * them (runtime/grants.c). docs/wasi-grants.md is the user's documentation.
 *
 * The format is the command line's own: the executable defines
 *
 *     const char w2n_grants[] = "--dir=/srv/www::/www\0--env=LANG\0--listen=0.0.0.0:8080\0";
 *
 * that is, grants in their `--name=value` spelling, each ended by a NUL, the list ended by an
 * empty item. Launch-time grants (the WASM2NATIVE_GRANTS environment variable) use the same
 * spellings, so one parser in the runtime reads both and both mean exactly the same thing:
 *
 *     --dir=HOST[::GUEST]    preopen host directory HOST under the guest name GUEST (default:
 *                            HOST); HOST is opened at launch, relative to the working directory
 *     --env=NAME=VALUE       the guest sees NAME=VALUE
 *     --env=NAME             the guest sees NAME with its value in the launching environment
 *                            (nothing if it is unset there)
 *     --listen=ADDR:PORT     a TCP socket bound and listening at launch, preopened for
 *                            sock_accept (ADDR: dotted IPv4 or [IPv6])
 *     --listen-fd=N          the inherited host fd N, a listening socket (socket activation)
 *     --no-launch-grants     (build time only) ignore WASM2NATIVE_GRANTS: the baked grants
 *                            are all the executable will ever give its guest
 *
 * and the limits of what the guest may use (limits.h, docs/limits.md), each replacing an
 * earlier one of its kind (a launch-time limit thus overrides a baked one):
 *
 *     --max-memory=SIZE      bytes per linear memory: 65536, 64K, 16M, 1G
 *     --max-table=N          elements per table
 *     --max-stack=SIZE       bytes of native stack for the guest's calls
 *     --timeout=DURATION     deadline of the run: 500us, 200ms, 2s, 1min (needs code built
 *                            with --interruptible, which wasm2native --timeout implies)
 *     --fuel=N               instructions the guest may execute (needs --fuel-metering,
 *                            which wasm2native --fuel implies)
 *
 * An executable without grants has no w2n_grants symbol (the runtime references it weakly).
 * Freestanding: the runtime includes this header.
 */
#ifndef WASM2NATIVE_GRANTS_H
#define WASM2NATIVE_GRANTS_H

#include <stdbool.h>
#include <stddef.h>

#include "limits.h"

/* The baked list's symbol. */
#define W2N_GRANTS_SYMBOL "w2n_grants"
/* The environment variable holding launch-time grants. */
#define W2N_GRANTS_ENV "WASM2NATIVE_GRANTS"

/* The grant kinds: the option name (without "--"), and whether it takes a value. */
#define W2N_GRANT_KINDS(X)                         \
	X(DIR, "dir", true)                            \
	X(ENV, "env", true)                            \
	X(LISTEN, "listen", true)                      \
	X(LISTEN_FD, "listen-fd", true)                \
	X(NO_LAUNCH_GRANTS, "no-launch-grants", false) \
	X(MAX_MEMORY, "max-memory", true)              \
	X(MAX_TABLE, "max-table", true)                \
	X(MAX_STACK, "max-stack", true)                \
	X(TIMEOUT, "timeout", true)                    \
	X(FUEL, "fuel", true)

enum w2n_grant_kind {
#define W2N_GRANT_ENUM(ID, NAME, VALUE) W2N_GRANT_##ID,
	W2N_GRANT_KINDS(W2N_GRANT_ENUM)
#undef W2N_GRANT_ENUM
		W2N_GRANT_COUNT
};

/* Reads the value of a limit grant (MAX_MEMORY ... FUEL) into its field of *limits; returns
 * NULL, or a short reason why the value is malformed. The compiler checks baked limits with
 * it, the runtime reads baked and launch-time limits with it: one parser for both. */
static inline const char *w2n_grant_limit(enum w2n_grant_kind kind, const char *value,
                                          struct w2n_instance_limits *limits)
{
	uint64_t v = 0;
	switch (kind) {
	case W2N_GRANT_MAX_MEMORY:
	case W2N_GRANT_MAX_STACK:
		if (!w2n_parse_size(value, &v) || v == 0)
			return "expected a size in bytes, e.g. 65536, 64K, 16M or 1G";
		*(kind == W2N_GRANT_MAX_MEMORY ? &limits->max_memory : &limits->max_stack) = v;
		return NULL;
	case W2N_GRANT_MAX_TABLE:
		if (!w2n_parse_count(value, &v) || v == 0 || v > UINT32_MAX)
			return "expected a number of elements from 1 to 4294967295";
		limits->max_table = (uint32_t)v;
		return NULL;
	case W2N_GRANT_TIMEOUT:
		if (!w2n_parse_duration(value, &v) || v == 0)
			return "expected a duration, e.g. 500us, 200ms, 2s or 1min";
		limits->timeout_ns = v;
		return NULL;
	case W2N_GRANT_FUEL:
		if (!w2n_parse_count(value, &v) || v == 0)
			return "expected a number of instructions, e.g. 1000000";
		limits->fuel = v;
		return NULL;
	default:
		return "not a limit";
	}
}

/* ---- compiler/grants.c ------------------------------------------------------------------ */

struct w2n_diag;

/* Checks the value of one build-time grant (`kind` as above) and returns NULL, or a short
 * reason why it is malformed, e.g. "expected ADDR:PORT". Limits are checked with the
 * runtime's own parsers (limits.h). */
const char *w2n_grant_check(enum w2n_grant_kind kind, const char *value);

/* Emits an object for `triple` (NULL: x86-64 Linux) defining w2n_grants from `items`, each
 * already spelled `--name=value`. */
bool w2n_emit_grants(const char *const *items, size_t n, const char *triple, const char *out_path,
                     struct w2n_diag *dg);

#endif
