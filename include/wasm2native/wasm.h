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

/* Wasm 3.0's reference types (typed function references): (ref null? ht) for a heap type ht
 * that is abstract (func, extern, or their bottoms nofunc, noextern) or a function type index.
 * The compiler holds every value type as a w2n_type, a uint32_t whose low byte is the byte
 * above that represents it at run time (a typed function reference is a funcref pointer, a
 * reference to noextern an externref), so that code which only needs the representation (the
 * lowering, the descriptor, hosts) reads the low byte, and funcref is (ref null func) exactly:
 *   bits 0-7   the representation byte: a number type, W2N_FUNCREF or W2N_EXTERNREF
 *   bit 8      W2N_REF_NONNULL: the reference cannot be null
 *   bits 9-31  the heap type: 0 the family's top (func, extern), 1 its bottom (nofunc,
 *              noextern), k + 2 the function type k (only with W2N_FUNCREF)
 * Binary encodings (decode_types.c): 0x64 ht is (ref ht), 0x63 ht is (ref null ht); 0x73
 * nullfuncref and 0x72 nullexternref are (ref null nofunc) and (ref null noextern). */
typedef unsigned w2n_type;
#define W2N_REF_NONNULL         0x100u
#define W2N_HEAP_SHIFT          9
#define W2N_HEAP_TOP            0u
#define W2N_HEAP_BOTTOM         1u
#define W2N_HEAP_FIRST_CONCRETE 2u
/* The implementation's limit on a concrete heap type's index (23 bits of w2n_type). */
#define W2N_MAX_HEAP_INDEX ((1u << (32 - W2N_HEAP_SHIFT)) - W2N_HEAP_FIRST_CONCRETE - 1)

/* (ref null? ht) of family `repr` (W2N_FUNCREF, W2N_EXTERNREF) and heap code `heap`. */
static inline w2n_type w2n_ref_type(unsigned repr, unsigned heap, int nullable)
{
	return repr | (nullable ? 0 : W2N_REF_NONNULL) | heap << W2N_HEAP_SHIFT;
}

/* The representation byte of a value type. */
static inline unsigned w2n_type_repr(w2n_type t)
{
	return t & 0xff;
}

/* The heap code of a reference type (W2N_HEAP_TOP, _BOTTOM, or type index + 2). */
static inline unsigned w2n_type_heap(w2n_type t)
{
	return t >> W2N_HEAP_SHIFT;
}

/* Whether a reference type can be null (numbers and vectors say yes: they are defaultable). */
static inline int w2n_type_nullable(w2n_type t)
{
	return !(t & W2N_REF_NONNULL);
}

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

/* The text name of a value type's representation ("i32", "funcref", ...), as the spec's text
 * format spells it; 0 is "any", the validator's unknown operand of unreachable code; "?" for
 * anything else. (The validator names typed references in full: validate_base.c.) */
static inline const char *w2n_valtype_name(unsigned type)
{
	type &= 0xff;
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
