/* test_types.c — canonical type ids: equal signatures share an id wherever their bytes live,
 * different ones never do, and an id leads back to its signature. */
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

int w2n_main(int argc, char **argv, char **envp)
{
	test_basic();
	test_many();
	return summary();
}
