/* types.c — canonical signature ids. Equal signatures get equal ids in every module of the
 * process, so call_indirect compares one integer even across instances and host functions.
 * Ids count from 1; 0 is never a valid id (w2n_type_id returns it only when out of memory).
 * The registry is an array of interned signatures indexed by id, plus an open-addressing hash
 * table of ids. Instances are created on several threads at once, so both are behind a lock;
 * each signature is its own allocation, so the pointer w2n_type_by_id returns stays valid
 * when the array grows. */
#include "rt.h"

static struct w2n_lock lock;
static struct w2n_desc_type **sigs; /* by id; sigs[0] unused */
static uint32_t nsigs = 1, sigs_cap;
static uint32_t *slots; /* ids, 0 = empty; nslots is a power of two */
static uint32_t nslots;

static uint32_t hash(const struct w2n_desc_type *t)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	uint32_t n = t->nparams + t->nresults;
	h = (h ^ t->nparams) * 16777619u;
	h = (h ^ t->nresults) * 16777619u;
	for (uint32_t i = 0; i < n; i++)
		h = (h ^ t->types[i]) * 16777619u;
	return h;
}

static bool same(const struct w2n_desc_type *a, const struct w2n_desc_type *b)
{
	return a->nparams == b->nparams && a->nresults == b->nresults &&
	       memcmp(a->types, b->types, a->nparams + a->nresults) == 0;
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
	uint32_t n = t->nparams + t->nresults;
	/* The signature and its type bytes in one block, never freed. */
	struct w2n_desc_type *sig = w2n_malloc(sizeof *sig + (n ? n : 1));
	if (sig == NULL)
		return 0;
	uint8_t *bytes = (uint8_t *)(sig + 1);
	memcpy(bytes, t->types, n);
	*sig = (struct w2n_desc_type){t->nparams, t->nresults, bytes};
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
