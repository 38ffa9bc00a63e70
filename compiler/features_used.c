/* features_used.c — which features of features.def a decoded module uses, and where first:
 * `--check`'s report, and the validator's refusal of a module that uses a feature the caller
 * turned off (w2n_validate_features).
 *
 * Operators name their feature in ops.def's FEATURE column; the rest are found here from the
 * module's shape: results and block types (multi-value), value types (SIMD, reference types,
 * typed references), tables and memories (reference types, multi-memory), segment modes (bulk
 * memory) and constant expressions (extended constants). The scan follows no index, so it is
 * safe on a module that is not valid yet. */
#include "ops.h"

struct scan {
	const struct w2n_module *m;
	struct w2n_feature_uses *u;
};

static void use(struct scan *s, enum w2n_feature f, uint32_t pos, const char *what)
{
	uint64_t bit = 1ull << f;
	/* The earliest use in the file is kept (the scan visits the data section, which follows
	 * the code, before the bodies). */
	if (f == W2N_FEAT_MVP || (s->u->mask & bit && s->u->pos[f] <= pos))
		return;
	s->u->mask |= bit;
	s->u->pos[f] = pos;
	s->u->what[f] = what;
}

/* A value type's feature; `what` says where it appears ("parameter type", "local", ...). A
 * typed reference is any reference type beyond funcref and externref (wasm.h). */
static void valtype(struct scan *s, w2n_type type, uint32_t pos, const char *what)
{
	if (type > 0xff)
		use(s, W2N_FEAT_FUNCREFS, pos, what);
	if (type == W2N_V128)
		use(s, W2N_FEAT_SIMD, pos, what);
	else if (w2n_is_reftype(w2n_type_repr(type)))
		use(s, W2N_FEAT_REFTYPES, pos, what);
}

static void types(struct scan *s)
{
	for (uint32_t i = 0; i < s->m->ntypes; i++) {
		const struct w2n_functype *t = &s->m->types[i];
		if (t->nresults > 1)
			use(s, W2N_FEAT_MULTIVALUE, t->pos, "function type with several results");
		for (uint32_t k = 0; k < t->nparams + t->nresults; k++)
			valtype(s, t->types[k], t->pos, "function type");
	}
}

/* Wasm 2.0's constant instructions; any other operator is an extended constant, and so is a
 * global.get of a global the module defines. */
static void const_expr(struct scan *s, const struct w2n_expr *e)
{
	for (uint32_t i = 0; i < e->len; i++) {
		const struct w2n_instr *in = &e->code[i];
		switch (in->op) {
		case W2N_OP_I32_CONST:
		case W2N_OP_I64_CONST:
		case W2N_OP_F32_CONST:
		case W2N_OP_F64_CONST:
		case W2N_OP_REF_NULL:
		case W2N_OP_REF_FUNC:
		case W2N_OP_END:
			break;
		case W2N_OP_GLOBAL_GET:
			if (in->imm.idx.a >= s->m->nglobal_imports)
				use(s, W2N_FEAT_EXTCONST, in->pos, "global.get of a defined global");
			break;
		default:
			use(s, w2n_ops[in->op].feature, in->pos, w2n_ops[in->op].name);
			if (w2n_ops[in->op].feature == W2N_FEAT_MVP)
				use(s, W2N_FEAT_EXTCONST, in->pos, w2n_ops[in->op].name);
		}
	}
}

static void tables_and_memories(struct scan *s)
{
	const struct w2n_module *m = s->m;
	for (uint32_t i = 0; i < m->ntables; i++)
		if (w2n_type_repr(m->tables[i].elem) == W2N_EXTERNREF)
			use(s, W2N_FEAT_REFTYPES, m->tables[i].pos, "externref table");
	for (uint32_t i = 0; i < m->ntables; i++) {
		if (m->tables[i].elem > 0xff)
			use(s, W2N_FEAT_FUNCREFS, m->tables[i].pos, "typed table");
		if (m->tables[i].has_init)
			use(s, W2N_FEAT_FUNCREFS, m->tables[i].pos, "table initializer");
	}
	if (m->ntables > 1)
		use(s, W2N_FEAT_REFTYPES, m->tables[1].pos, "multiple tables");
	if (m->nmems > 1)
		use(s, W2N_FEAT_MULTIMEM, m->mems[1].pos, "multiple memories");
	for (uint32_t i = 0; i < m->nglobals; i++) {
		valtype(s, m->globals[i].type, m->globals[i].pos, "global type");
		if (i >= m->nglobal_imports)
			const_expr(s, &m->globals[i].init);
	}
}

static void segments(struct scan *s)
{
	const struct w2n_module *m = s->m;
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct w2n_elem *e = &m->elems[i];
		if (e->mode == W2N_SEG_PASSIVE)
			use(s, W2N_FEAT_BULK, e->pos, "passive element segment");
		else if (e->mode == W2N_SEG_DECLARATIVE)
			use(s, W2N_FEAT_REFTYPES, e->pos, "declarative element segment");
		else
			const_expr(s, &e->offset);
		if (w2n_type_repr(e->type) == W2N_EXTERNREF)
			use(s, W2N_FEAT_REFTYPES, e->pos, "externref element segment");
		for (uint32_t k = 0; k < e->count; k++)
			const_expr(s, &e->inits[k]);
	}
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct w2n_data *d = &m->datas[i];
		if (d->mode == W2N_SEG_PASSIVE)
			use(s, W2N_FEAT_BULK, d->pos, "passive data segment");
		else
			const_expr(s, &d->offset);
	}
}

static void body(struct scan *s, const struct w2n_code *c)
{
	for (uint32_t g = 0; g < c->ngroups; g++)
		valtype(s, c->groups[g].type, c->pos, "local");
	for (uint32_t i = 0; i < c->len; i++) {
		const struct w2n_instr *in = &c->code[i];
		use(s, w2n_ops[in->op].feature, in->pos, w2n_ops[in->op].name);
		/* The one operator of two features (ops.def names typed references for it). */
		if (in->op == W2N_OP_RETURN_CALL_REF)
			use(s, W2N_FEAT_TAILCALL, in->pos, w2n_ops[in->op].name);
		if (w2n_ops[in->op].imm == W2N_IMM_BLOCK && in->imm.block >= 0)
			use(s, W2N_FEAT_MULTIVALUE, in->pos, "block type index");
		else if (w2n_ops[in->op].imm == W2N_IMM_BLOCK && in->imm.block != -64)
			valtype(s, w2n_block_valtype(in->imm.block), in->pos, "block type");
		if (w2n_ops[in->op].imm == W2N_IMM_REFTYPE)
			valtype(s, (w2n_type)in->imm.u64, in->pos, "ref.null type");
	}
}

void w2n_module_features(const struct w2n_module *m, struct w2n_feature_uses *u)
{
	*u = (struct w2n_feature_uses){0};
	struct scan s = {.m = m, .u = u};
	types(&s);
	tables_and_memories(&s);
	segments(&s);
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
		body(&s, &m->funcs[i].body);
}
