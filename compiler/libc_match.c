/* libc_match.c — recognizing libc string and memory routines by a hash of their normalized
 * code (libc_match.h; the rule is documented in docs/libc-routines.md).
 *
 * Why a hash of the whole body and never the name: the name section is optional and anyone can
 * call a function "memcpy"; a body hash says the function computes exactly what a known
 * implementation computes, traps included. The hash is not cryptographic, and need not be:
 * a recognized function still runs through bounds-checked runtime code, so a contrived
 * collision can only change the results of the module that contains it, which its author
 * controls anyway; an accidental one has a chance of about 2^-64 per function. */
#include "libc_match.h"
#include "lower.h"
#include "ops.h"

#include <stdlib.h>
#include <string.h>

/* One known body: its hash, what it is, and what its calls must be: routine names separated
 * by commas, in the order the calls appear in the body ("" for none). */
struct known {
	uint64_t hash;
	uint8_t fn;
	const char *calls;
};

static const struct known known[] = {
#define W2N_LIBC_BODY(HASH, FN, CALLS, ORIGIN) {HASH, W2N_LIBC_##FN, CALLS},
#include "libc_known.def"
};

/* At most this many calls in a known body. */
#define MAX_CALLS 8

/* FNV-1a, 64-bit, over the serialized body. */
struct hasher {
	uint64_t h;
};

static void mix(struct hasher *hs, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		hs->h ^= (v >> (8 * i)) & 0xff;
		hs->h *= 0x100000001b3ull;
	}
}

/* The immediates that make an instruction what it is. Call targets are not mixed in: they
 * differ from module to module; the caller checks what they are instead. */
static void mix_imm(struct hasher *hs, const struct w2n_code *c, const struct w2n_instr *in)
{
	switch (w2n_ops[in->op].imm) {
	case W2N_IMM_NONE:
	case W2N_IMM_FENCE:
	case W2N_IMM_MEM:
	case W2N_IMM_MEM_COPY:
		return;
	case W2N_IMM_BR_TABLE:
		mix(hs, in->imm.idx.b);
		for (uint32_t i = 0; i <= in->imm.idx.b; i++)
			mix(hs, c->labels[in->imm.idx.a + i]);
		return;
	case W2N_IMM_FUNC:
		if (in->op != W2N_OP_CALL)
			mix(hs, in->imm.idx.a);
		return;
	case W2N_IMM_MEMARG:
	case W2N_IMM_MEMARG_LANE:
		mix(hs, in->imm.mem.offset);
		mix(hs, in->imm.mem.align);
		if (in->imm.mem.memory != 0) /* keeps the known hashes of memory-0 code */
			mix(hs, in->imm.mem.memory);
		mix(hs, in->imm.mem.lane);
		return;
	case W2N_IMM_BLOCK:
	case W2N_IMM_I32:
	case W2N_IMM_I64:
	case W2N_IMM_F32:
	case W2N_IMM_F64:
	case W2N_IMM_REFTYPE:
		mix(hs, in->imm.u64);
		return;
	case W2N_IMM_V128:
	case W2N_IMM_SHUFFLE:
		for (int i = 0; i < 16; i++)
			mix(hs, in->imm.v128[i]);
		return;
	case W2N_IMM_LANE:
		mix(hs, in->imm.mem.lane);
		return;
	default: /* the index immediates: labels, locals, globals, tables, segments, types */
		mix(hs, in->imm.idx.a);
		mix(hs, in->imm.idx.b);
		return;
	}
}

/* The declared locals as runs of one type: the same locals may be declared as one group or as
 * several adjacent groups of that type (binaryen's writer does either), which is not a
 * difference in the code. */
static void mix_locals(struct hasher *hs, const struct w2n_code *c)
{
	uint32_t start = 0;
	for (uint32_t i = 0; i < c->ngroups; i++) {
		uint8_t type = c->groups[i].type;
		if (i + 1 < c->ngroups && c->groups[i + 1].type == type)
			continue; /* merged with the next group */
		mix(hs, c->groups[i].end - start);
		mix(hs, type);
		start = c->groups[i].end;
	}
}

uint64_t w2n_libc_body_hash(const struct w2n_module *m, uint32_t func, uint32_t *callees,
                            uint32_t *ncallees, uint32_t max)
{
	const struct w2n_func *f = &m->funcs[func];
	const struct w2n_functype *t = &m->types[f->type];
	const struct w2n_code *c = &f->body;
	struct hasher hs = {0xcbf29ce484222325ull};
	*ncallees = 0;
	mix(&hs, t->nparams);
	mix(&hs, t->nresults);
	for (uint32_t i = 0; i < t->nparams + t->nresults; i++)
		mix(&hs, t->types[i]);
	mix_locals(&hs, c);
	mix(&hs, c->len);
	for (uint32_t i = 0; i < c->len; i++) {
		const struct w2n_instr *in = &c->code[i];
		/* The operator's encoding, not its row number in ops.def: rows are added over time. */
		mix(&hs, (uint64_t)w2n_ops[in->op].prefix << 32 | w2n_ops[in->op].code);
		mix_imm(&hs, c, in);
		if (in->op == W2N_OP_CALL) {
			if (*ncallees < max)
				callees[*ncallees] = in->imm.idx.a;
			++*ncallees;
		}
	}
	return hs.h;
}

/* Only functions of 1 to 3 i32 parameters and an i32 result or none can be one of the
 * routines (none: binaryen removes the result of memcpy and the like when every caller drops
 * it). */
static bool may_be_routine(const struct w2n_module *m, uint32_t func)
{
	const struct w2n_functype *t = &m->types[m->funcs[func].type];
	if (m->funcs[func].import >= 0 || t->nresults > 1 || t->nparams < 1 || t->nparams > 3)
		return false;
	for (uint32_t i = 0; i < t->nparams + t->nresults; i++)
		if (t->types[i] != W2N_I32)
			return false;
	return true;
}

enum { UNKNOWN, BUSY, DONE };

static uint8_t match(const struct w2n_module *m, uint32_t func, uint8_t *state, uint8_t *out);

/* Whether the calls of a known body resolve to what the body expects, in order. */
static bool calls_match(const struct w2n_module *m, const struct known *k, const uint32_t *callees,
                        uint32_t n, uint8_t *state, uint8_t *out)
{
	const char *want = k->calls;
	for (uint32_t i = 0; i < n; i++) {
		const char *name = w2n_libc_name(match(m, callees[i], state, out));
		size_t len = strlen(name);
		if (!len || strncmp(want, name, len) || (want[len] != ',' && want[len] != 0))
			return false;
		want += len + (want[len] == ',');
	}
	return *want == 0;
}

static uint8_t match(const struct w2n_module *m, uint32_t func, uint8_t *state, uint8_t *out)
{
	if (state[func] == DONE)
		return out[func];
	if (state[func] == BUSY || !may_be_routine(m, func))
		return W2N_LIBC_NONE; /* recursion: no known routine calls itself */
	state[func] = BUSY;
	uint32_t callees[MAX_CALLS], n;
	uint64_t h = w2n_libc_body_hash(m, func, callees, &n, MAX_CALLS);
	uint8_t fn = W2N_LIBC_NONE;
	for (size_t i = 0; i < sizeof known / sizeof known[0] && fn == W2N_LIBC_NONE; i++)
		if (known[i].hash == h && n <= MAX_CALLS &&
		    calls_match(m, &known[i], callees, n, state, out))
			fn = known[i].fn;
	out[func] = fn;
	state[func] = DONE;
	return fn;
}

uint8_t *w2n_libc_match(const struct w2n_module *m, uint32_t begin, uint32_t end)
{
	uint8_t *out = w2n_xrealloc(NULL, 0, m->nfuncs, 1);
	uint8_t *state = w2n_xrealloc(NULL, 0, m->nfuncs, 1);
	for (uint32_t i = begin > m->nfunc_imports ? begin : m->nfunc_imports; i < end; i++)
		match(m, i, state, out);
	free(state);
	return out;
}

const char *w2n_libc_name(enum w2n_libc_fn fn)
{
	static const char *const names[W2N_LIBC_COUNT] = {
		[W2N_LIBC_NONE] = "",
		[W2N_LIBC_MEMCPY] = "memcpy",
		[W2N_LIBC_MEMMOVE] = "memmove",
		[W2N_LIBC_MEMSET] = "memset",
		[W2N_LIBC_MEMCHR] = "memchr",
		[W2N_LIBC_MEMCMP] = "memcmp",
		[W2N_LIBC_STRLEN] = "strlen",
		[W2N_LIBC_STRCHRNUL] = "__strchrnul",
		[W2N_LIBC_STRCHR] = "strchr",
		[W2N_LIBC_STRCMP] = "strcmp",
		[W2N_LIBC_STRSTR] = "strstr",
		[W2N_LIBC_MEMCHR_NUL] = "memchr_nul",
		[W2N_LIBC_TWOWAY_STRSTR] = "twoway_strstr",
		[W2N_LIBC_FOURBYTE_STRSTR] = "fourbyte_strstr",
	};
	return names[fn];
}
