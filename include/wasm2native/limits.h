/* limits.h — what an instance may use: memory, table elements, native stack, time and fuel
 * (DESIGN.md §8 "Limits", docs/limits.md). Hosts pass a struct w2n_instance_limits to
 * w2n_instantiate_limited (runtime.h); an executable gets them from its grants (grants.h:
 * --max-memory, --max-table, --max-stack, --timeout, --fuel, baked in or given at launch).
 *
 * The spellings of sizes, durations and counts are parsed here, once, for both the compiler
 * (which checks them at build time) and the runtime (which reads them at launch). Freestanding:
 * the runtime includes this header.
 */
#ifndef WASM2NATIVE_LIMITS_H
#define WASM2NATIVE_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

/* Every field's zero means "no limit beyond the module's own and the runtime's". */
struct w2n_instance_limits {
	uint64_t max_memory; /* bytes per linear memory the instance defines; memory.grow past it
	                        returns -1, a larger minimum fails instantiation */
	uint32_t max_table;  /* elements per table the instance defines (likewise) */
	uint64_t max_stack;  /* bytes of native stack the instance's code may use per call from
	                        the host; deeper recursion traps "call stack exhausted" */
	uint64_t timeout_ns; /* deadline of each call into the instance (needs code compiled
	                        with interruption checks: wasm2native --interruptible) */
	uint64_t fuel;       /* initial fuel (needs code compiled with fuel metering:
	                        wasm2native --fuel-metering) */
};

/* What the descriptor's `limits` word says the code was compiled with (lower_desc.c). */
#define W2N_CODE_INTERRUPTIBLE 1u /* checks vmctx->interrupt at function entries, loop heads */
#define W2N_CODE_FUEL          2u /* counts fuel in vmctx->fuel per basic block */

/* Bits of vmctx->interrupt: why the code should stop at its next check. */
#define W2N_INTERRUPT_DEADLINE 1u /* the call's deadline passed (the runtime's timer) */
#define W2N_INTERRUPT_HOST     2u /* w2n_instance_interrupt */

/* ---- spellings -------------------------------------------------------------------------------
 * Each parser returns true and stores the value, or returns false for anything else (empty,
 * other characters, overflow). */

/* A decimal number of at most 19 digits followed by `end`. */
static inline bool w2n_parse_digits(const char **s, uint64_t *out)
{
	const char *p = *s;
	uint64_t v = 0;
	int n = 0;
	for (; *p >= '0' && *p <= '9'; p++, n++) {
		if (n == 19)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*s = p;
	*out = v;
	return n > 0;
}

/* `what` spelled exactly (ASCII). */
static inline bool w2n_parse_word(const char *s, const char *what)
{
	while (*what != '\0' && *s == *what)
		s++, what++;
	return *s == '\0' && *what == '\0';
}

/* A count: decimal digits only ("1000000"). */
static inline bool w2n_parse_count(const char *s, uint64_t *out)
{
	return w2n_parse_digits(&s, out) && *s == '\0';
}

/* A size in bytes: digits with an optional binary suffix K, M or G (either case, optionally
 * followed by "iB" or "B"): "65536", "64K", "16M", "1G", "16MiB". */
static inline bool w2n_parse_size(const char *s, uint64_t *out)
{
	uint64_t v, shift = 0;
	if (!w2n_parse_digits(&s, &v))
		return false;
	switch (*s) {
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	default:
		break;
	}
	if (shift != 0) {
		s++;
		if (!w2n_parse_word(s, "") && !w2n_parse_word(s, "B") && !w2n_parse_word(s, "iB"))
			return false;
	} else if (*s != '\0' && !w2n_parse_word(s, "B")) {
		return false;
	}
	if (v > (UINT64_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}

/* A duration in nanoseconds: digits and a unit, one of ns, us, ms, s, min: "200ms", "2s". */
static inline bool w2n_parse_duration(const char *s, uint64_t *out)
{
	static const struct {
		const char *unit;
		uint64_t ns;
	} units[] = {{"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}, {"min", 60000000000}};
	uint64_t v;
	if (!w2n_parse_digits(&s, &v))
		return false;
	for (unsigned i = 0; i < sizeof units / sizeof *units; i++) {
		if (w2n_parse_word(s, units[i].unit)) {
			if (v > UINT64_MAX / units[i].ns)
				return false;
			*out = v * units[i].ns;
			return true;
		}
	}
	return false;
}

#endif
