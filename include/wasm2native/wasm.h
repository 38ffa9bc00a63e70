/* wasm.h — WebAssembly's own constants, by their binary encoding: the one vocabulary of the
 * compiler (module.h), the module descriptor (descriptor.h), the runtime, hosts and tools.
 * Anything that reads or writes a value type byte, an import or export kind, a segment mode or
 * a page count names it from here instead of spelling the number.
 *
 * Freestanding: enums, integer constants and a few inline functions, so the no-libc runtime
 * includes it too.
 */
#ifndef WASM2NATIVE_WASM_H
#define WASM2NATIVE_WASM_H

/* Value types (spec §5.3.1-5.3.4), the bytes that appear in function types, locals, globals,
 * block types and the descriptor's `types`. The reference types double as table element
 * types. */
enum w2n_valtype {
	W2N_I32 = 0x7f,
	W2N_I64 = 0x7e,
	W2N_F32 = 0x7d,
	W2N_F64 = 0x7c,
	W2N_V128 = 0x7b,
	W2N_FUNCREF = 0x70,
	W2N_EXTERNREF = 0x6f,
	W2N_EXNREF = 0x69, /* exception handling (3.0): a caught exception, struct w2n_exn * */
};

/* Whether a byte is one of the reference types above (the table element types). */
static inline int w2n_is_reftype(unsigned type)
{
	return type == W2N_FUNCREF || type == W2N_EXTERNREF || type == W2N_EXNREF;
}

/* Whether a byte is one of the value types above. */
static inline int w2n_is_valtype(unsigned type)
{
	return (type >= W2N_V128 && type <= W2N_I32) || w2n_is_reftype(type);
}

/* The text name of a value type ("i32", "funcref", ...), as the spec's text format spells it;
 * 0 is "any", the validator's unknown operand of unreachable code; "?" for anything else. */
static inline const char *w2n_valtype_name(unsigned type)
{
	switch (type) {
	case W2N_I32:
		return "i32";
	case W2N_I64:
		return "i64";
	case W2N_F32:
		return "f32";
	case W2N_F64:
		return "f64";
	case W2N_V128:
		return "v128";
	case W2N_FUNCREF:
		return "funcref";
	case W2N_EXTERNREF:
		return "externref";
	case W2N_EXNREF:
		return "exnref";
	case 0:
		return "any";
	}
	return "?";
}

/* The kind byte of an import or export description (spec §5.5.5, §5.5.10): what an external
 * value is, and the order of the five index spaces. */
enum w2n_extern_kind {
	W2N_EXT_FUNC = 0,
	W2N_EXT_TABLE = 1,
	W2N_EXT_MEMORY = 2,
	W2N_EXT_GLOBAL = 3,
	W2N_EXT_TAG = 4, /* exception handling (3.0) */
	W2N_EXT_COUNT    /* number of kinds: a kind byte >= this is malformed */
};

/* Element and data segment modes (spec §2.5.7, §2.5.8). Data segments are never declarative. */
enum w2n_segmode { W2N_SEG_ACTIVE, W2N_SEG_PASSIVE, W2N_SEG_DECLARATIVE };

/* Linear memory: 64 KiB pages; a 32-bit memory has at most 65536 of them (4 GiB). */
#define W2N_PAGE_SHIFT 16
#define W2N_PAGE_SIZE  65536u
#define W2N_MAX_PAGES  65536u
/* memory64: 2^64 bytes are 2^48 pages. */
#define W2N_MAX_PAGES64 (1ull << 48)
_Static_assert(W2N_PAGE_SIZE == 1u << W2N_PAGE_SHIFT, "page size");

#endif
