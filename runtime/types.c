/* types.c — canonical signature ids. Equal signatures get equal ids in every module of the
 * process, so call_indirect compares one integer even across instances and host functions.
 * Ids count from 1; 0 is never a valid id (w2n_type_id returns it only when out of memory).
 * The registry is an array of interned signatures indexed by id, plus an open-addressing hash
 * table of ids. Instances are created on several threads at once, so both are behind a lock;
 * each signature is its own allocation, so the pointer w2n_type_by_id returns stays valid
 * when the array grows.
 *
 * Equal means equal value types, typed references included (Wasm 3.0 without GC: a function
 * type is final and its own recursion group, so types match only when they are equivalent).
 * A concrete heap type names a module's type index, which means nothing to another module:
 * w2n_module_type_ids rewrites it to the canonical id of the type it names (ids are given in
 * type order, and a type names only earlier ones or itself), so ids are structural and two
 * modules' (ref $x) agree when their $x do. A reference of a type to itself becomes id 0, the
 * same in every module: iso-recursive equivalence of one-type recursion groups. */
#include "rt.h"

static struct w2n_lock lock;
static struct w2n_desc_type **sigs; /* by id; sigs[0] unused */
static uint32_t nsigs = 1, sigs_cap;
static uint32_t *slots; /* ids, 0 = empty; nslots is a power of two */
static uint32_t nslots;

/* Value type k of t in full (its byte when the type has no `refs`). */
static uint32_t full(const struct w2n_desc_type *t, uint32_t k)
{
	return t->refs != NULL ? t->refs[k] : t->types[k];
}

static uint32_t hash(const struct w2n_desc_type *t)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	uint32_t n = t->nparams + t->nresults;
	h = (h ^ t->nparams) * 16777619u;
	h = (h ^ t->nresults) * 16777619u;
	for (uint32_t i = 0; i < n; i++)
		h = (h ^ full(t, i)) * 16777619u;
	return h;
}

static bool same(const struct w2n_desc_type *a, const struct w2n_desc_type *b)
{
	if (a->nparams != b->nparams || a->nresults != b->nresults)
		return false;
	for (uint32_t i = 0; i < a->nparams + a->nresults; i++)
		if (full(a, i) != full(b, i))
			return false;
	return true;
}

/* The slot holding t's id, or the empty slot where it belongs. */
static uint32_t *find(const struct w2n_desc_type *t)
{
	for (uint32_t i = hash(t) & (nslots - 1);; i = (i + 1) & (nslots - 1)) {
		if (slots[i] == 0 || same(sigs[slots[i]], t))
			return &slots[i];
	}
}

/* Keeps the table at most half full. */
static bool grow_slots(void)
{
	uint32_t *old = slots, old_n = nslots;
	uint32_t n = nslots ? nslots * 2 : 64;
	uint32_t *s = w2n_calloc(n, sizeof *s);
	if (s == NULL)
		return false;
	slots = s;
	nslots = n;
	for (uint32_t i = 0; i < old_n; i++) {
		if (old[i] != 0)
			*find(sigs[old[i]]) = old[i];
	}
	w2n_free(old);
	return true;
}

static uint32_t add(const struct w2n_desc_type *t)
{
	if (nsigs >= sigs_cap) {
		uint32_t cap = sigs_cap ? sigs_cap * 2 : 64;
		struct w2n_desc_type **s = w2n_realloc(sigs, cap * sizeof *s);
		if (s == NULL)
			return 0;
		sigs = s;
		sigs_cap = cap;
	}
	/* Ids must fit a heap code of w2n_type (w2n_rt_reftype). */
	if (nsigs > W2N_MAX_HEAP_INDEX)
		return 0;
	uint32_t n = t->nparams + t->nresults;
	bool typed = false;
	for (uint32_t i = 0; i < n; i++)
		typed |= full(t, i) > 0xff;
	/* The signature, its full types (only if typed) and its bytes in one block, never freed. */
	size_t nrefs = typed ? n : 0;
	struct w2n_desc_type *sig = w2n_malloc(sizeof *sig + nrefs * sizeof(uint32_t) + (n ? n : 1));
	if (sig == NULL)
		return 0;
	uint32_t *refs = (uint32_t *)(sig + 1);
	uint8_t *bytes = (uint8_t *)(refs + nrefs);
	for (uint32_t i = 0; i < n; i++) {
		bytes[i] = t->types[i];
		if (typed)
			refs[i] = full(t, i);
	}
	*sig = (struct w2n_desc_type){t->nparams, t->nresults, bytes, typed ? refs : NULL};
	sigs[nsigs] = sig;
	return nsigs++;
}

uint32_t w2n_type_id(const struct w2n_desc_type *type)
{
	uint32_t id = 0;
	w2n_lock(&lock);
	if (2 * (nsigs + 1) <= nslots || grow_slots()) {
		uint32_t *slot = find(type);
		if (*slot == 0)
			*slot = add(type);
		id = *slot;
	}
	w2n_unlock(&lock);
	return id;
}

const struct w2n_desc_type *w2n_type_by_id(uint32_t id)
{
	w2n_lock(&lock);
	const struct w2n_desc_type *t = id != 0 && id < nsigs ? sigs[id] : NULL;
	w2n_unlock(&lock);
	return t;
}

/* Type `index` of `desc` in canonical form (see the top): its concrete heap types rewritten
 * through the ids of the earlier types. False if it names a later type (a malformed
 * descriptor: the validator allows only earlier ones and itself). */
static bool canonical(const struct w2n_module_desc *desc, uint32_t index, const uint32_t *ids,
                      uint32_t *refs)
{
	const struct w2n_desc_type *t = &desc->types[index];
	for (uint32_t k = 0; k < t->nparams + t->nresults; k++) {
		w2n_type v = t->refs[k];
		unsigned heap = w2n_type_heap(v);
		refs[k] = v;
		if (heap < W2N_HEAP_FIRST_CONCRETE)
			continue;
		uint32_t named = heap - W2N_HEAP_FIRST_CONCRETE;
		if (named > index)
			return false;
		uint32_t id = named == index ? 0 : ids[named];
		refs[k] = (v & ~(~0u << W2N_HEAP_SHIFT)) | (id + W2N_HEAP_FIRST_CONCRETE) << W2N_HEAP_SHIFT;
	}
	return true;
}

bool w2n_module_type_ids(const struct w2n_module_desc *desc, uint32_t n, uint32_t *ids)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct w2n_desc_type *t = &desc->types[i];
		if (t->refs == NULL) {
			ids[i] = w2n_type_id(t);
		} else {
			uint32_t *refs = w2n_malloc((t->nparams + t->nresults) * sizeof *refs + 1);
			struct w2n_desc_type c = {t->nparams, t->nresults, t->types, refs};
			ids[i] = refs != NULL && canonical(desc, i, ids, refs) ? w2n_type_id(&c) : 0;
			w2n_free(refs);
		}
		if (ids[i] == 0)
			return false;
	}
	return true;
}
