/* cname.c — C identifiers for wasm names: the byte mapping (cname.h states the rule) and the
 * set of taken names that makes every generated identifier unique. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cname.h"

char *w2n_cname_map(struct w2n_arena *a, const uint8_t *name, uint32_t len)
{
	static const char hex[] = "0123456789abcdef";
	char *out = w2n_arena_alloc(a, (size_t)len * 3 + 1);
	if (out == NULL)
		return NULL;
	char *p = out;
	for (uint32_t i = 0; i < len; i++) {
		uint8_t c = name[i];
		bool keep =
			(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
		if (keep) {
			*p++ = (char)c;
			continue;
		}
		*p++ = '_';
		/* Punctuation reads naturally as '_'; NUL, control and UTF-8 bytes would all become
		 * the same '_' and lose the name, so they keep their value in hex. */
		if (c < 0x20 || c > 0x7e) {
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return out;
}

bool w2n_cname_valid_prefix(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	}
	return true;
}

/* A string-keyed hash table, open addressing, at most half full; keys live in an arena. */
struct table {
	struct entry {
		const char *key; /* NULL = empty */
		unsigned value;
	} *slots;
	size_t nslots, count; /* nslots is a power of two */
};

/* The taken names, and for claims a memo: the first candidate number not yet known to be
 * taken, per family (head, base and tails), so that many names mapping to one base cost
 * linear time, not quadratic. Names are only ever added, so the memo never skips a free one. */
struct w2n_cnames {
	struct table names, memo;
	struct w2n_arena *arena;
};

static bool table_init(struct table *t)
{
	t->nslots = 256;
	t->slots = calloc(t->nslots, sizeof *t->slots);
	return t->slots != NULL;
}

struct w2n_cnames *w2n_cnames_new(void)
{
	struct w2n_cnames *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->arena = w2n_arena_new();
	if (!table_init(&s->names) || !table_init(&s->memo) || s->arena == NULL) {
		w2n_cnames_free(s);
		return NULL;
	}
	return s;
}

void w2n_cnames_free(struct w2n_cnames *s)
{
	if (s == NULL)
		return;
	free(s->names.slots);
	free(s->memo.slots);
	if (s->arena != NULL)
		w2n_arena_free(s->arena);
	free(s);
}

static size_t hash(const char *key)
{
	size_t h = 14695981039346656037u; /* FNV-1a */
	for (; *key; key++)
		h = (h ^ (uint8_t)*key) * 1099511628211u;
	return h;
}

/* The entry holding key, or the empty entry where it belongs. */
static struct entry *find(const struct table *t, const char *key)
{
	for (size_t i = hash(key) & (t->nslots - 1);; i = (i + 1) & (t->nslots - 1)) {
		if (t->slots[i].key == NULL || strcmp(t->slots[i].key, key) == 0)
			return &t->slots[i];
	}
}

static bool grow(struct table *t)
{
	struct entry *old = t->slots;
	size_t old_n = t->nslots;
	t->slots = calloc(old_n * 2, sizeof *t->slots);
	if (t->slots == NULL) {
		t->slots = old;
		return false;
	}
	t->nslots = old_n * 2;
	for (size_t i = 0; i < old_n; i++) {
		if (old[i].key != NULL)
			*find(t, old[i].key) = old[i];
	}
	free(old);
	return true;
}

/* The entry for key, added (value 0) if absent; NULL if out of memory. */
static struct entry *insert(struct table *t, struct w2n_arena *a, const char *key)
{
	if (2 * (t->count + 1) > t->nslots && !grow(t))
		return NULL;
	struct entry *e = find(t, key);
	if (e->key != NULL)
		return e;
	size_t n = strlen(key) + 1;
	char *copy = w2n_arena_alloc(a, n);
	if (copy == NULL)
		return NULL;
	memcpy(copy, key, n);
	*e = (struct entry){.key = copy};
	t->count++;
	return e;
}

bool w2n_cnames_has(const struct w2n_cnames *s, const char *id)
{
	return find(&s->names, id)->key != NULL;
}

bool w2n_cnames_add(struct w2n_cnames *s, const char *id)
{
	return insert(&s->names, s->arena, id) != NULL;
}

bool w2n_cnames_add_reserved(struct w2n_cnames *s)
{
	static const char *const reserved[] = {
#include "runtime_names.inc"
		/* Keywords with an underscore: C23 and C++ spell these without a leading one. */
		"static_assert",    "thread_local", "typeof_unqual", "const_cast", "dynamic_cast",
		"reinterpret_cast", "static_cast",  "char8_t",       "char16_t",   "char32_t",
		"co_await",         "co_return",    "co_yield",
	};
	for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++) {
		if (!w2n_cnames_add(s, reserved[i]))
			return false;
	}
	return true;
}

/* Formats `head base [_N] tail` into a malloc'd string (n == 1: no suffix). */
static char *spell(const char *head, const char *base, unsigned n, const char *tail)
{
	char num[16] = "";
	if (n > 1)
		snprintf(num, sizeof num, "_%u", n);
	size_t len = strlen(head) + strlen(base) + strlen(num) + strlen(tail) + 1;
	char *id = malloc(len);
	if (id != NULL)
		snprintf(id, len, "%s%s%s%s", head, base, num, tail);
	return id;
}

/* 1 if every name of candidate n is free, 0 if one is taken, -1 if out of memory. */
static int family_free(const struct w2n_cnames *s, const char *head, const char *base, unsigned n,
                       const char *const *tails, size_t ntails)
{
	for (size_t t = 0; t < ntails; t++) {
		char *id = spell(head, base, n, tails[t]);
		if (id == NULL)
			return -1;
		bool taken = w2n_cnames_has(s, id);
		free(id);
		if (taken)
			return 0;
	}
	return 1;
}

/* The memo key of a family: its parts joined by newlines (which no identifier contains). */
static char *family_key(const char *head, const char *base, const char *const *tails, size_t ntails)
{
	size_t len = strlen(head) + strlen(base) + 3;
	for (size_t t = 0; t < ntails; t++)
		len += strlen(tails[t]) + 1;
	char *key = malloc(len);
	if (key == NULL)
		return NULL;
	char *p = key + sprintf(key, "%s\n%s\n", head, base);
	for (size_t t = 0; t < ntails; t++)
		p += sprintf(p, "%s\n", tails[t]);
	return key;
}

/* Takes every name of candidate n and returns the candidate, allocated in a. */
static char *take(struct w2n_cnames *s, struct w2n_arena *a, const char *head, const char *base,
                  unsigned n, const char *const *tails, size_t ntails)
{
	for (size_t t = 0; t < ntails; t++) {
		char *id = spell(head, base, n, tails[t]);
		bool ok = id != NULL && w2n_cnames_add(s, id);
		free(id);
		if (!ok)
			return NULL;
	}
	char *chosen = spell("", base, n, "");
	char *copy = chosen ? w2n_arena_alloc(a, strlen(chosen) + 1) : NULL;
	if (copy != NULL)
		strcpy(copy, chosen);
	free(chosen);
	return copy;
}

char *w2n_cnames_claim(struct w2n_cnames *s, struct w2n_arena *a, const char *head,
                       const char *base, const char *const *tails, size_t ntails)
{
	char *key = family_key(head, base, tails, ntails);
	struct entry *memo = key ? insert(&s->memo, s->arena, key) : NULL;
	free(key);
	if (memo == NULL)
		return NULL;
	unsigned n = memo->value > 1 ? memo->value : 1;
	int free_;
	while ((free_ = family_free(s, head, base, n, tails, ntails)) == 0)
		n++;
	if (free_ < 0)
		return NULL;
	memo->value = n + 1; /* before take(): it grows `names`, never `memo` */
	return take(s, a, head, base, n, tails, ntails);
}
