/* driver.c — the native side of the differential fuzzer (tools/difffuzz/difffuzz.py).
 *
 * Linked (freestanding, no libc) with one module compiled by `wasm2native -c` and the runtime
 * archive, for x86-64 or AArch64. It instantiates the module with binaryen's logging imports
 * (fuzzing-support.log-*), calls every exported function in export order with zero arguments,
 * and prints what happened in the format run.cjs prints for V8, so that the two outputs must be
 * equal line for line:
 *
 *     call NAME                  before each call
 *     log TYPE VALUE             a call to fuzzing-support.log-TYPE
 *     result TYPE VALUE          each result of a call that returned
 *     trap KIND                  a call that trapped (kinds below)
 *     skip NAME                  an export JS cannot call (a v128 or reference at the boundary)
 *     global NAME TYPE VALUE     every exported global, after all calls
 *     memory PAGES HASH          memory 0's size and FNV-1a hash, after all calls
 *
 * With the argument `--dump` (difffuzz.py --nans), memory is printed instead as
 *
 *     memory PAGES -             memory 0's size, then
 *     mem OFFSET HEX             every 16-byte chunk that is not all zero, bytes in address order
 *
 * so that difffuzz.py can accept differing NaN bit patterns in memory by its rules.
 * VALUE is the bit pattern in hex (i32 and f32 as 32 bits, i64 and f64 as 64), NaNs included:
 * difffuzz.py decides which NaN differences the spec allows.
 * If the module exports `hangLimitInitializer` (binaryen's loop and recursion budget), it is
 * called before every other export so that each call starts with a full budget, and not
 * listed itself.
 * binaryen's `hashMemory` export is called last: its loads are often out of bounds, and the
 * guard-page modes may differ from V8 from such a trap on (docs/reliability.md), so a first
 * call there would leave the rest of the module uncompared in those modes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys.h" /* tools/spec/harness: raw syscalls */
#include "wasm2native/host.h"

extern const struct w2n_module_desc w2n_module;

/* ---- output ------------------------------------------------------------------------------ */

static char out[1 << 16];
static size_t outlen;

static void flush(void)
{
	size_t done = 0;

	while (done < outlen) {
		long n = sys_write(1, out + done, outlen - done);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	outlen = 0;
}

static void put(const char *s)
{
	while (*s) {
		if (outlen == sizeof out)
			flush();
		out[outlen++] = *s++;
	}
}

/* Ends a line; the buffer goes out when it is half full, so a crash loses little. */
static void endline(void)
{
	put("\n");
	if (outlen > sizeof out / 2)
		flush();
}

static void put_hex(uint64_t v)
{
	char t[17];
	int i = 16;

	t[i] = 0;
	do {
		t[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	put(t + i);
}

static void put_name(const char *s, uint32_t len)
{
	char c[2] = {0, 0};

	for (uint32_t i = 0; i < len; i++) {
		c[0] = s[i] > ' ' && s[i] < 127 ? s[i] : '?';
		put(c);
	}
}

/* ---- values ------------------------------------------------------------------------------ */

/* The numeric types' names; NULL for v128 and references, which JS cannot pass. */
static const char *type_name(uint32_t t)
{
	return t == W2N_I32 || t == W2N_I64 || t == W2N_F32 || t == W2N_F64 ? w2n_valtype_name(t)
	                                                                    : NULL;
}

static void put_value(uint32_t type, const union w2n_val *v)
{
	uint32_t b32;
	uint64_t b64;

	put(type_name(type));
	put(" ");
	switch (type) {
	case W2N_I32:
		put_hex((uint32_t)v->i32);
		return;
	case W2N_I64:
		put_hex((uint64_t)v->i64);
		return;
	case W2N_F32:
		__builtin_memcpy(&b32, &v->f32, 4);
		put_hex(b32);
		return;
	default:
		__builtin_memcpy(&b64, &v->f64, 8);
		put_hex(b64);
		return;
	}
}

/* ---- the logging imports ------------------------------------------------------------------ */

static const char *log_value(void *ctx, struct w2n_instance *caller, const union w2n_val *args,
                             union w2n_val *results)
{
	(void)caller;
	(void)results;
	put("log ");
	put_value((uint32_t)(uintptr_t)ctx, &args[0]);
	endline();
	return NULL;
}

/* V8 throws a TypeError when wasm passes a v128 to JS; run.cjs reports it as a `host` trap. */
static const char *log_v128(void *ctx, struct w2n_instance *caller, const union w2n_val *args,
                            union w2n_val *results)
{
	(void)ctx;
	(void)caller;
	(void)args;
	(void)results;
	return "v128 at the JS boundary";
}

static const uint8_t t_i32[] = {W2N_I32}, t_i64[] = {W2N_I64}, t_f32[] = {W2N_F32},
					 t_f64[] = {W2N_F64}, t_v128[] = {W2N_V128};
#define LOG_FUNC(NAME, T) \
	{"fuzzing-support", NAME, T, 1, NULL, 0, log_value, (void *)(uintptr_t)T[0]}
static const struct w2n_host_func log_funcs[] = {
	LOG_FUNC("log-i32", t_i32),
	LOG_FUNC("log-i64", t_i64),
	LOG_FUNC("log-f32", t_f32),
	LOG_FUNC("log-f64", t_f64),
	{"fuzzing-support", "log-v128", t_v128, 1, NULL, 0, log_v128, NULL},
};

/* ---- calls ------------------------------------------------------------------------------- */

/* The trap kinds both engines can tell apart: V8 gives one message for a null entry and a
 * signature mismatch, and one for every float-to-integer failure. */
static const char *trap_kind(const struct w2n_error *err)
{
	if (err->kind != W2N_ERR_TRAP)
		return "error";
	switch (err->trap) {
	case W2N_TRAP_UNREACHABLE:
		return "unreachable";
	case W2N_TRAP_MEMORY_OOB:
		return "memory";
	case W2N_TRAP_DIV_BY_ZERO:
		return "div-by-zero";
	case W2N_TRAP_INT_OVERFLOW:
	case W2N_TRAP_BAD_CONVERSION:
		return "int-overflow-or-conversion";
	case W2N_TRAP_UNDEFINED_ELEMENT:
	case W2N_TRAP_TABLE_OOB:
		return "table";
	case W2N_TRAP_NULL_ELEMENT:
	case W2N_TRAP_SIGNATURE_MISMATCH:
		return "indirect";
	case W2N_TRAP_STACK_EXHAUSTED:
		return "stack";
	case W2N_TRAP_HOST:
		return "host";
	default:
		return "other";
	}
}

static const struct w2n_desc_type *export_type(const struct w2n_desc_export *e)
{
	return &w2n_module.types[w2n_module.funcs[e->index].type];
}

/* True if JS can call it: every parameter and result is a number type. */
static bool callable(const struct w2n_desc_type *t)
{
	for (uint32_t i = 0; i < t->nparams + t->nresults; i++)
		if (!type_name(t->types[i]))
			return false;
	return true;
}

static bool is_name(const struct w2n_desc_export *e, const char *s)
{
	uint32_t i = 0;

	while (i < e->name_len && s[i] && e->name[i] == s[i])
		i++;
	return i == e->name_len && !s[i];
}

static void call_export(struct w2n_instance *inst, const struct w2n_desc_export *e,
                        const struct w2n_desc_export *reset)
{
	const struct w2n_desc_type *t = export_type(e);
	struct w2n_value args[64], results[64];
	struct w2n_error err;
	struct w2n_funcref *f;

	if (!callable(t) || t->nparams > 64 || t->nresults > 64) {
		put("skip ");
		put_name(e->name, e->name_len);
		endline();
		return;
	}
	put("call ");
	put_name(e->name, e->name_len);
	endline();
	if (reset)
		w2n_call_export(inst, reset->name, NULL, 0, NULL, 0, &err);
	for (uint32_t i = 0; i < t->nparams; i++) {
		args[i].type = t->types[i];
		__builtin_memset(&args[i].of, 0, sizeof args[i].of);
	}
	f = w2n_export_func(inst, e->name, &err);
	if (f && w2n_invoke(f, args, t->nparams, results, t->nresults, &err)) {
		for (uint32_t i = 0; i < t->nresults; i++) {
			put("result ");
			put_value(results[i].type, &results[i].of);
			endline();
		}
		return;
	}
	put("trap ");
	put(trap_kind(&err));
	endline();
}

/* ---- state after the calls ---------------------------------------------------------------- */

static void print_globals(struct w2n_instance *inst)
{
	for (uint32_t i = 0; i < w2n_module.nexports; i++) {
		const struct w2n_desc_export *e = &w2n_module.exports[i];
		struct w2n_value v;

		if (e->kind != W2N_EXT_GLOBAL || !w2n_global_get(inst, e->name, &v) || !type_name(v.type))
			continue;
		put("global ");
		put_name(e->name, e->name_len);
		put(" ");
		put_value(v.type, &v.of);
		endline();
	}
}

/* Every 16-byte chunk of memory that is not all zero, as `mem OFFSET HEX`. */
static void dump_memory(const uint8_t *p, uint64_t size)
{
	for (uint64_t at = 0; at + 16 <= size; at += 16) {
		uint64_t lo, hi;

		__builtin_memcpy(&lo, p + at, 8);
		__builtin_memcpy(&hi, p + at + 8, 8);
		if (!lo && !hi)
			continue;
		put("mem ");
		put_hex(at);
		put(" ");
		for (int i = 0; i < 16; i++) {
			char c[3] = {"0123456789abcdef"[p[at + i] >> 4], "0123456789abcdef"[p[at + i] & 15], 0};
			put(c);
		}
		endline();
	}
}

/* FNV-1a over 32 bits: what run.cjs computes with Math.imul; or with `dump`, the chunks. */
static void print_memory(struct w2n_instance *inst, bool dump)
{
	struct w2n_memory *mem = w2n_instance_memory(inst, NULL);
	uint64_t size = mem ? w2n_memory_size(mem) : 0;
	const uint8_t *p = size ? w2n_memory_span(mem, 0, size) : NULL;
	uint32_t h = 2166136261u;

	if (!mem)
		return;
	put("memory ");
	put_hex(size / 65536);
	if (dump) {
		put(" -");
		endline();
		if (p)
			dump_memory(p, size);
		return;
	}
	for (uint64_t i = 0; p && i < size; i++)
		h = (h ^ p[i]) * 16777619u;
	put(" ");
	put_hex(h);
	endline();
}

static bool is_arg(const char *a, const char *s)
{
	while (*a && *a == *s) {
		a++;
		s++;
	}
	return *a == *s;
}

/* The runtime's entry point calls this instead of its default w2n_main. */
int w2n_main(int argc, char **argv, char **envp)
{
	struct w2n_options opt = {.funcs = log_funcs, .nfuncs = sizeof log_funcs / sizeof log_funcs[0]};
	const struct w2n_desc_export *reset = NULL;
	struct w2n_instance *inst;
	struct w2n_error err;

	(void)envp;
	inst = w2n_instance_new(&w2n_module, &opt, &err);
	if (!inst) {
		put("instantiate ");
		put(trap_kind(&err));
		endline();
		flush();
		return 0;
	}
	for (uint32_t i = 0; i < w2n_module.nexports; i++)
		if (w2n_module.exports[i].kind == W2N_EXT_FUNC &&
		    is_name(&w2n_module.exports[i], "hangLimitInitializer"))
			reset = &w2n_module.exports[i];
	for (int last = 0; last < 2; last++)
		for (uint32_t i = 0; i < w2n_module.nexports; i++) {
			const struct w2n_desc_export *e = &w2n_module.exports[i];
			if (e->kind == W2N_EXT_FUNC && e != reset && is_name(e, "hashMemory") == (last == 1))
				call_export(inst, e, reset);
		}
	print_globals(inst);
	print_memory(inst, argc > 1 && is_arg(argv[1], "--dump"));
	flush();
	return 0;
}
