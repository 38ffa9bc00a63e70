/* test_types.c — canonical type ids: equal signatures share an id wherever their bytes live,
 * different ones never do, and an id leads back to its signature; with typed references,
 * module types get equal ids exactly when they are equal types, whatever their indices. */
#include "check.h"

static const uint8_t i32_i32[] = {W2N_I32, W2N_I32};
static const uint8_t i32_i32_copy[] = {W2N_I32, W2N_I32};
static const uint8_t i64_i32[] = {W2N_I64, W2N_I32};

static void test_basic(void)
{
	struct w2n_desc_type a = {1, 1, i32_i32};       /* (i32) -> (i32) */
	struct w2n_desc_type a2 = {1, 1, i32_i32_copy}; /* the same, elsewhere */
	struct w2n_desc_type b = {2, 0, i32_i32};       /* (i32, i32) -> () */
	struct w2n_desc_type c = {0, 2, i32_i32};       /* () -> (i32, i32) */
	struct w2n_desc_type d = {1, 1, i64_i32};       /* (i64) -> (i32) */
	struct w2n_desc_type e = {0, 0, NULL};          /* () -> () */
	uint32_t ia = w2n_type_id(&a);
	CHECK(ia != 0);
	CHECK(w2n_type_id(&a2) == ia);
	CHECK(w2n_type_id(&a) == ia);
	uint32_t ids[] = {ia, w2n_type_id(&b), w2n_type_id(&c), w2n_type_id(&d), w2n_type_id(&e)};
	bool distinct = true;
	for (int i = 0; i < 5; i++) {
		for (int j = 0; j < i; j++)
			distinct &= ids[i] != ids[j];
	}
	CHECK(distinct);
	const struct w2n_desc_type *t = w2n_type_by_id(ids[3]);
	CHECK(t != NULL && t->nparams == 1 && t->nresults == 1 && t->types[0] == W2N_I64);
	CHECK(w2n_type_by_id(0) == NULL);
	CHECK(w2n_type_by_id(1u << 30) == NULL);
}

/* Enough signatures to grow the registry several times; ids stay stable. */
static void test_many(void)
{
	static uint8_t bytes[2000][4];
	static uint32_t ids[2000];
	for (int i = 0; i < 2000; i++) {
		bytes[i][0] = W2N_I32;
		bytes[i][1] = (uint8_t)(i & 0xff);
		bytes[i][2] = (uint8_t)(i >> 8);
		bytes[i][3] = W2N_F64;
		struct w2n_desc_type t = {3, 1, bytes[i]};
		ids[i] = w2n_type_id(&t);
	}
	bool ok = true;
	for (int i = 0; i < 2000; i++) {
		uint8_t copy[4] = {W2N_I32, (uint8_t)(i & 0xff), (uint8_t)(i >> 8), W2N_F64};
		struct w2n_desc_type t = {3, 1, copy};
		ok &= w2n_type_id(&t) == ids[i] && (i == 0 || ids[i] != ids[i - 1]);
	}
	CHECK(ok);
}

/* w2n_ref_type as constant expressions, for static arrays. */
#define REF(index, nullable)                            \
	(W2N_FUNCREF | ((nullable) ? 0 : W2N_REF_NONNULL) | \
	 ((index) + W2N_HEAP_FIRST_CONCRETE) << W2N_HEAP_SHIFT)
#define REF_FUNC (W2N_FUNCREF | W2N_REF_NONNULL)

static const uint8_t funcref1[] = {W2N_FUNCREF}, i32_1[] = {W2N_I32};
static const uint32_t a1[] = {REF(0, 0)}, a2[] = {REF(0, 1)}, a3[] = {REF_FUNC};
static const uint32_t a5[] = {REF(1, 0)}, a6[] = {REF(6, 0)}, a7[] = {REF(2, 0)};
static const uint32_t b2[] = {REF(1, 0)}, b3[] = {REF(2, 0)}, b4[] = {REF(4, 0)};
static const uint32_t b5[] = {REF(1, 1)};

/* Two modules' types (one parameter each or none, no results), the second with the first's
 * at other indices after a type the first lacks; plain types come without `refs`, as the
 * compiler emits them. */
static const struct w2n_desc_type a_types[] = {
	{0, 0, NULL, NULL},   /* 0 () */
	{1, 0, funcref1, a1}, /* 1 (ref $0) */
	{1, 0, funcref1, a2}, /* 2 (ref null $0) */
	{1, 0, funcref1, a3}, /* 3 (ref func) */
	{1, 0, funcref1, 0},  /* 4 funcref */
	{1, 0, funcref1, a5}, /* 5 (ref $1) */
	{1, 0, funcref1, a6}, /* 6 (ref $6), naming itself */
	{1, 0, funcref1, a7}, /* 7 (ref $2): 5 but for a nullability inside */
};
static const struct w2n_desc_type b_types[] = {
	{1, 0, i32_1, NULL},  /* 0 (i32) */
	{0, 0, NULL, NULL},   /* 1 () = a's 0 */
	{1, 0, funcref1, b2}, /* 2 (ref $1) = a's 1 */
	{1, 0, funcref1, b3}, /* 3 (ref $2) = a's 5 */
	{1, 0, funcref1, b4}, /* 4 (ref $4) = a's 6 */
	{1, 0, funcref1, b5}, /* 5 (ref null $1) = a's 2 */
};

static void test_typed_refs(void)
{
	struct w2n_module_desc a = {.ntypes = 8, .types = a_types};
	struct w2n_module_desc b = {.ntypes = 6, .types = b_types};
	uint32_t ia[8], ib[6];
	CHECK(w2n_module_type_ids(&a, 8, ia));
	CHECK(w2n_module_type_ids(&b, 6, ib));
	bool distinct = true;
	for (int i = 0; i < 8; i++) {
		for (int j = 0; j < i; j++)
			distinct &= ia[i] != ia[j];
	}
	CHECK(distinct);
	CHECK(ia[0] == ib[1]);
	CHECK(ia[1] == ib[2]);
	CHECK(ia[5] == ib[3]);
	CHECK(ia[6] == ib[4]);
	CHECK(ia[2] == ib[5]);
	/* The canonical form names the type by its id. */
	const struct w2n_desc_type *t = w2n_type_by_id(ia[1]);
	CHECK(t != NULL && t->types[0] == W2N_FUNCREF && t->refs != NULL &&
	      t->refs[0] == REF(ia[0], 0));
	/* A type naming a later one is a malformed descriptor. */
	const struct w2n_desc_type bad[] = {{1, 0, funcref1, a5}, {0, 0, NULL, NULL}};
	struct w2n_module_desc m = {.ntypes = 2, .types = bad};
	CHECK(!w2n_module_type_ids(&m, 2, ia));
}

int w2n_main(int argc, char **argv, char **envp)
{
	test_basic();
	test_many();
	test_typed_refs();
	return summary();
}
