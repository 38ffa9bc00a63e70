/* test_image.c — memory images (runtime/image.c, exe_image.c): in guard-page mode a chunk is
 * mapped copy-on-write from this executable's file (/proc/self/maps shows the memory backed by
 * it), reads see the image, writes stay private, memory.grow still works past it and the guard
 * region still traps; in bounds-check mode the image is copied and the memory still grows (and
 * moves) with mremap. A module whose data segments are a data image (descriptor.h) starts
 * from it, mapped or copied, and gets it back on reset. */
#include "check.h"
#include "sysnum.h"
#include "wasm2native/image.h"

#define PAGE W2N_PAGE_SIZE

/* Two pages of image in the section the compiler puts chunks in, aligned like them. */
static const uint8_t chunk_bytes[2 * PAGE]
	__attribute__((section(W2N_IMAGE_SECTION), aligned(W2N_IMAGE_ALIGN))) = {
		[0] = 7, [PAGE + 5] = 9, [2 * PAGE - 1] = 11};
static const struct w2n_desc_chunk chunks[] = {{PAGE, 2 * PAGE, chunk_bytes}};
static const struct w2n_desc_image image = {4, chunks, 1}; /* pages 1 and 2 of 4 */

static char maps[1 << 16];

/* The /proc/self/maps line of the mapping that starts at `addr`, or NULL. */
static const char *maps_line(const void *addr)
{
	long fd = w2n_syscall(W2N_SYS_openat, -100, (long)"/proc/self/maps", 0, 0, 0, 0);
	if (fd < 0)
		return NULL;
	long n = 0, r;
	while ((r = w2n_syscall(W2N_SYS_read, fd, (long)maps + n, (long)sizeof maps - 1 - n, 0, 0, 0)) >
	       0)
		n += r;
	w2n_syscall(W2N_SYS_close, fd, 0, 0, 0, 0, 0);
	maps[n] = 0;
	char want[32];
	size_t k = w2n_fmt(want, sizeof want, "%lx-", (unsigned long)(uintptr_t)addr);
	for (const char *line = maps; *line != 0;) {
		if (memcmp(line, want, k) == 0)
			return line;
		while (*line != 0 && *line++ != '\n')
			;
	}
	return NULL;
}

/* The line names a file (a path after the inode), as an anonymous mapping does not. */
static bool names_file(const char *line)
{
	for (; *line != 0 && *line != '\n'; line++)
		if (*line == '/')
			return true;
	return false;
}

static bool image_intact(const uint8_t *base)
{
	return base[0] == 0 && base[PAGE] == 7 && base[2 * PAGE + 5] == 9 && base[3 * PAGE - 1] == 11 &&
	       base[3 * PAGE] == 0 && base[4 * PAGE - 1] == 0;
}

static void test_mapped(void)
{
	struct w2n_error err;
	struct w2n_memory *m = w2n_memory_new(4, 100, true, false, &err);
	if (!CHECK(m != NULL) || !CHECK(w2n_memory_apply_image(m, &image)))
		return;
	const char *line = maps_line(m->base + PAGE);
	CHECK(line != NULL && names_file(line)); /* mapped from the executable, not copied */
	CHECK(image_intact(m->base));
	m->base[PAGE] = 42; /* private: the executable's bytes do not change */
	CHECK(chunk_bytes[0] == 7 && m->base[PAGE] == 42);
	CHECK(w2n_memory_grow(m, 3) == 4);
	CHECK(m->base[PAGE] == 42 && m->base[2 * PAGE + 5] == 9 && m->base[7 * PAGE - 1] == 0);
	m->base[7 * PAGE - 1] = 1;
	line = maps_line(m->base + 7 * PAGE); /* the rest of the reservation: still no access */
	while (line != NULL && *line != ' ')
		line++;
	CHECK(line != NULL && memcmp(line, " ---p", 5) == 0);
}

static void test_copied(void)
{
	struct w2n_error err;
	struct w2n_memory *m = w2n_memory_new(4, 2000, false, false, &err);
	if (!CHECK(m != NULL) || !CHECK(w2n_memory_apply_image(m, &image)))
		return;
	const char *line = maps_line(m->base);
	CHECK(line != NULL && !names_file(line)); /* one anonymous mapping, for mremap */
	CHECK(image_intact(m->base));
	CHECK(w2n_memory_grow(m, 1000) == 4);
	CHECK(image_intact(m->base) && m->base[1004 * PAGE - 1] == 0);
}

static void test_outside(void)
{
	struct w2n_error err;
	struct w2n_memory *m = w2n_memory_new(2, 100, true, false, &err);
	CHECK(m != NULL && !w2n_memory_apply_image(m, &image)); /* the chunk ends at page 3 */
}

/* A plain module whose active data segment is laid out as a data image (descriptor.h
 * `data_images`): instantiation applies the image and drops the segment, whose bytes are not
 * in the descriptor; reset applies it again over what the guest wrote. */
static const struct w2n_desc_limits d_mems[] = {{4, 100, 1}};
static const struct w2n_desc_data d_datas[] = {
	{W2N_SEG_ACTIVE, 0, {W2N_CONST_VALUE, 0, {.i32 = PAGE}}, 2 * PAGE, NULL}};
static const struct w2n_module_desc module_d = {
	.abi_version = W2N_ABI_VERSION,
	.nmems = 1,
	.mems = d_mems,
	.ndatas = 1,
	.datas = d_datas,
	.start = -1,
	.data_images = &image,
};

static void test_data_image(bool bounds_checks)
{
	struct w2n_module_desc desc = module_d;
	desc.bounds_checks = bounds_checks;
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instantiate(&desc, NULL, NULL, &err);
	if (!CHECK(inst != NULL))
		return;
	uint8_t *base = inst->mems[0]->base;
	CHECK(image_intact(base));
	CHECK(inst->data_sizes[0] == 0); /* dropped, as a copied active segment is */
	/* guard pages: the image's own mapping, from the file; bounds checks: one anonymous one */
	const char *line = maps_line(bounds_checks ? base : base + PAGE);
	CHECK(line != NULL && names_file(line) == !bounds_checks);
	base[PAGE] = 42;
	CHECK(w2n_instance_reset(inst, &err));
	CHECK(image_intact(inst->mems[0]->base) && inst->data_sizes[0] == 0);
	w2n_instance_free(inst);
}

int w2n_main(int argc, char **argv, char **envp)
{
	test_mapped();
	test_copied();
	test_outside();
	test_data_image(false);
	test_data_image(true);
	return summary();
}
