/* test_memory.c — linear memories in both modes: initial size, grow within and beyond the
 * maximum, the reservation (guard-page mode: the base never moves, the rest stays inside the
 * reservation), mremap growth keeping contents (bounds-check mode). */
#include "check.h"

#define PAGE W2N_PAGE_SIZE

static void test_reserved(void)
{
	struct w2n_error err;
	struct w2n_memory *m = w2n_memory_new(1, 4, true, false, &err);
	if (!CHECK(m != NULL))
		return;
	uint8_t *base = m->base;
	CHECK(m->size == PAGE && m->max_pages == 4 && m->reserved >= (8ull << 30) + 16);
	/* Huge pages can back the memory from its first byte (memory.c, MADV_HUGEPAGE). */
	CHECK((uintptr_t)base % (2u << 20) == 0);
	base[0] = 1;
	base[PAGE - 1] = 2;
	CHECK(w2n_memory_reserved((uintptr_t)base));
	CHECK(w2n_memory_reserved((uintptr_t)base + PAGE));              /* not committed yet */
	CHECK(w2n_memory_reserved((uintptr_t)base + (8ull << 30) + 14)); /* the farthest access */
	CHECK(!w2n_memory_reserved((uintptr_t)base + m->reserved));
	CHECK(!w2n_memory_reserved((uintptr_t)base - 1));
	CHECK(w2n_memory_grow(m, 0) == 1);
	CHECK(w2n_memory_grow(m, 2) == 1);
	CHECK(m->size == 3 * PAGE && m->base == base);
	base[3 * PAGE - 1] = 3; /* committed now */
	CHECK(base[0] == 1 && base[PAGE - 1] == 2 && base[3 * PAGE - 1] == 3);
	CHECK(w2n_memory_grow(m, 2) == -1); /* over the maximum of 4 */
	CHECK(w2n_memory_grow(m, 1) == 3);
	CHECK(w2n_memory_grow(m, 1) == -1);
	CHECK(m->size == 4 * PAGE);
}

static void test_unbounded(void)
{
	struct w2n_error err;
	struct w2n_memory *m = w2n_memory_new(0, W2N_MAX_PAGES, true, false, &err);
	if (!CHECK(m != NULL))
		return;
	CHECK(m->size == 0);
	CHECK(w2n_memory_grow(m, W2N_MAX_PAGES + 1) == -1);
	CHECK(w2n_memory_grow(m, 0xffffffffu) == -1);
	CHECK(w2n_memory_grow(m, 16) == 0);
	m->base[16 * PAGE - 1] = 9;
	CHECK(m->base[16 * PAGE - 1] == 9);
	CHECK(w2n_memory_new(W2N_MAX_PAGES + 1, W2N_MAX_PAGES, true, false, &err) == NULL &&
	      err.kind == W2N_ERR_RESOURCE);
}

static void test_mapped(void)
{
	struct w2n_error err;
	struct w2n_memory *m = w2n_memory_new(0, 100, false, false, &err);
	if (!CHECK(m != NULL))
		return;
	CHECK(m->reserved == 0 && m->size == 0);
	CHECK(!w2n_memory_reserved((uintptr_t)m->base));
	CHECK(w2n_memory_grow(m, 1) == 0);
	for (uint32_t i = 0; i < PAGE; i++)
		m->base[i] = (uint8_t)(i * 13);
	for (uint32_t pages = 1; pages < 64; pages *= 2)
		CHECK(w2n_memory_grow(m, pages) == (int32_t)pages);
	CHECK(m->size == 64 * PAGE);
	bool kept = true;
	for (uint32_t i = 0; i < PAGE; i++)
		kept &= m->base[i] == (uint8_t)(i * 13);
	CHECK(kept);
	bool zero = true;
	for (uint32_t i = PAGE; i < 64 * PAGE; i += 4093)
		zero &= m->base[i] == 0;
	CHECK(zero);
	m->base[64 * PAGE - 1] = 1;
	CHECK(w2n_memory_grow(m, 37) == -1); /* 101 > 100 */
}

int w2n_main(int argc, char **argv, char **envp)
{
	test_reserved();
	test_unbounded();
	test_mapped();
	return summary();
}
