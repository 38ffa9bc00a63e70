/* cache.h — the content-addressed cache of compiled parts (docs/cache.md).
 *
 * An entry is one part's object file, named by a key that hashes everything its bytes depend
 * on: the compiler itself (its executable's bytes), the LLVM version, the options and the CPU,
 * what the part's code can see of the module (every section but code, data and custom ones)
 * and the part's own function bodies. Entries are written to a temporary file and renamed, so
 * readers see whole entries or none; each ends with a checksum, and an entry that fails it is
 * ignored (and later replaced). Owner: cache.c.
 */
#ifndef W2N_CACHE_H
#define W2N_CACHE_H

#include <llvm-c/blake3.h>
#include <stdbool.h>
#include <stdint.h>

#include "wasm2native/compile.h"

#define W2N_KEY_LEN LLVM_BLAKE3_OUT_LEN

/* A key being computed. */
struct w2n_keyer {
	llvm_blake3_hasher h;
};

/* Starts a key with what every part of a compile shares: compiler, LLVM version, options, and
 * the CPU (resolved name and features, `cpu` and `features`). */
void w2n_key_begin(struct w2n_keyer *k, const struct w2n_compile_options *opt, const char *cpu,
                   const char *features);
void w2n_key_add(struct w2n_keyer *k, const void *bytes, size_t n);
void w2n_key_add_u32(struct w2n_keyer *k, uint32_t v);
/* The module's sections other than code, data and custom ones: what a function body's code
 * depends on besides its own bytes. */
void w2n_key_add_interface(struct w2n_keyer *k, const struct w2n_module *m);
void w2n_key_end(struct w2n_keyer *k, uint8_t key[W2N_KEY_LEN]);

/* Copies the entry for `key` in the cache folder `dir` to `dest`. False if there is none or it
 * is damaged (then `dest` may hold a partial copy, to be overwritten). */
bool w2n_cache_fetch(const char *dir, const uint8_t key[W2N_KEY_LEN], const char *dest);
/* Stores the object file `src` as the entry for `key`. Best effort: a cache that cannot be
 * written (read-only, full disk) only costs the next compile its time, so failures are
 * silent. */
void w2n_cache_store(const char *dir, const uint8_t key[W2N_KEY_LEN], const char *src);
/* True if this process stored an entry since the last call (w2n_cache_trim scans only then). */
bool w2n_cache_take_stored(void);

#endif
