/* cname.h — C identifiers for wasm names, for the header generator (header.c, --header).
 *
 * The mapping (docs/embedding.md, "Names"): each byte of a wasm name in [A-Za-z0-9_] stays;
 * each other printable ASCII byte (space to '~') becomes '_'; every other byte (NUL, control
 * bytes, DEL, each byte of a non-ASCII UTF-8 character) becomes '_' and two lowercase hex
 * digits. So "add-one" → add_one, "a.b" → a_b, "\0" → _00, "π" (CF 80) → _cf_80.
 * The mapping is not injective ("a-b", "a.b" and "a_b" all give a_b): a set of taken names
 * resolves clashes with deterministic suffixes _2, _3, ...
 */
#ifndef W2N_CNAME_H
#define W2N_CNAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct w2n_arena;

/* The mapped form of a wasm name, NUL-terminated, allocated in `a`; NULL if out of memory. */
char *w2n_cname_map(struct w2n_arena *a, const uint8_t *name, uint32_t len);

/* True if s can prefix generated names: a C identifier that starts with a letter. */
bool w2n_cname_valid_prefix(const char *s);

/* A set of taken identifiers (it copies the strings it is given). */
struct w2n_cnames;

struct w2n_cnames *w2n_cnames_new(void); /* NULL if out of memory */
void w2n_cnames_free(struct w2n_cnames *s);
bool w2n_cnames_has(const struct w2n_cnames *s, const char *id);
/* Adds id (no effect if present); false if out of memory. */
bool w2n_cnames_add(struct w2n_cnames *s, const char *id);
/* Adds what a generated header can never define: the identifiers of the runtime's public
 * header and of the standard headers it includes (runtime_names.inc, made at build time), and
 * the C and C++ keywords that contain an underscore (static_assert, thread_local, ...). */
bool w2n_cnames_add_reserved(struct w2n_cnames *s);

/* Claims a family of names for one item: the first candidate of base, base_2, base_3, ...
 * such that every `head candidate tail` (for each of the ntails tails; "" is a tail too) is
 * free. Adds them all and returns the candidate, allocated in `a`; NULL if out of memory. */
char *w2n_cnames_claim(struct w2n_cnames *s, struct w2n_arena *a, const char *head,
                       const char *base, const char *const *tails, size_t ntails);

#endif
