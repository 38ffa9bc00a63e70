/* wasmgen.h — turns arbitrary bytes into a valid WebAssembly module (docs/reliability.md).
 *
 * The bytes are the generator's source of choices (zeros once they run out), so that libFuzzer's
 * mutations of the input become mutations of the module and every input yields a module that
 * validates. The modules use what the lowering must get right: i32/i64/f32/f64 arithmetic,
 * comparisons and conversions (trapping and saturating), sign extension, locals, globals,
 * blocks, loops, if/else, br, br_if, br_table, return, select, loads and stores of every width
 * with offsets, memory.size/grow/fill/copy, direct and indirect calls, multiple results, traps.
 *
 * Shape (what tools/difffuzz's driver and run.cjs expect of binaryen's modules too):
 * imports fuzzing-support.log-i32/-i64/-f32/-f64; one memory (exported as "memory"); mutable
 * globals of each type (exported as g0, g1, ...); a table holding every defined function;
 * every defined function exported as f0, f1, ...; and `hangLimitInitializer`, which refills
 * the fuel global that every function entry and loop header spends, so every call ends.
 */
#ifndef W2N_WASMGEN_H
#define W2N_WASMGEN_H
#include <stddef.h>
#include <stdint.h>

/* The module generated from data[0..size), malloc'd, its length in *len; NULL if out of
 * memory. Modules stay below about 64 KiB and 12 functions, so compiling one is quick. */
uint8_t *wasmgen(const uint8_t *data, size_t size, size_t *len);

#endif
