/* test_baked.c — a pre-baked module (baked.wat, compiled with --prebake) through free and
 * reset: a fresh instance and a reset one both start from the snapshot (the memory as the
 * initialization left it, grown, its data segment overwritten; the global, the table slot),
 * not from the module's declared state, and the initialization does not run again. Its image
 * is mapped from this program's file, and a freed memory does not keep that mapping. */
#define _GNU_SOURCE
#include <unistd.h>

#include "check.h"

extern const struct w2n_module_desc baked_module;

/* The state wizer.initialize left, as every instance must start. */
static bool is_baked(struct w2n_instance *inst)
{
	struct w2n_error err;
	struct w2n_memory *mem = w2n_instance_memory(inst, "memory");
	char head[9] = {0};
	uint32_t word = 0;
	struct w2n_value g, slot;
	return w2n_memory_size(mem) == 2 * 65536 && w2n_memory_read(mem, 0, head, 8) &&
	       strcmp(head, "EKABAKED") == 0 && w2n_memory_read(mem, 65536, &word, 4) && word == 99 &&
	       w2n_global_get(inst, "g", &g) && g.of.i32 == 42 &&
	       w2n_call_export(inst, "slot1", NULL, 0, &slot, 1, &err) && slot.of.i32 == 7;
}

/* Whether any of [base, base + size) maps this program's file (/proc/self/maps). */
static bool maps_exe(const uint8_t *base, uint64_t size)
{
	char exe[4096], line[8192], path[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	FILE *f = fopen("/proc/self/maps", "r");
	bool found = false;
	if (n <= 0 || f == NULL) {
		fprintf(stderr, "test_baked: cannot read /proc/self/exe or /proc/self/maps\n");
		if (f != NULL)
			fclose(f);
		return false;
	}
	exe[n] = 0;
	while (fgets(line, sizeof line, f) != NULL) {
		unsigned long lo, hi;
		path[0] = 0;
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %4095s", &lo, &hi, path) >= 2 &&
		    lo < (uintptr_t)base + size && hi > (uintptr_t)base && strcmp(path, exe) == 0)
			found = true;
	}
	fclose(f);
	return found;
}

/* The image is mapped copy-on-write from the executable, at instantiation and again at reset;
 * freeing makes the memory fresh anonymous memory before its reservation is reused: zeroing
 * the mapped pages in place would copy each of them first, and dropping one would show the
 * file again instead of zeros. */
static void test_free_unmaps_image(void)
{
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instance_new(&baked_module, NULL, &err);
	if (!CHECK_ERR(inst != NULL, err))
		return;
	struct w2n_memory *mem = w2n_instance_memory(inst, "memory");
	uint8_t *base = mem->base;
	uint64_t size = mem->size;
	CHECK(maps_exe(base, size));
	CHECK(w2n_call_export(inst, "mess", NULL, 0, NULL, 0, &err));
	CHECK(w2n_instance_reset(inst, &err) && is_baked(inst) && maps_exe(base, size));
	w2n_instance_free(inst);
	CHECK(!maps_exe(base, size));
	inst = w2n_instance_new(&baked_module, NULL, &err); /* may take the same reservation */
	CHECK_ERR(inst != NULL && is_baked(inst), err);
	w2n_instance_free(inst);
}

int main(void)
{
	struct w2n_error err;
	for (int round = 0; round < 3; round++) {
		struct w2n_instance *inst = w2n_instance_new(&baked_module, NULL, &err);
		if (!CHECK_ERR(inst != NULL, err))
			return summary();
		CHECK(is_baked(inst));
		CHECK(w2n_call_export(inst, "mess", NULL, 0, NULL, 0, &err));
		CHECK(!is_baked(inst));
		bool ok = true;
		for (int i = 0; i < 100 && ok; i++) {
			ok = w2n_instance_reset(inst, &err) && is_baked(inst) &&
			     w2n_call_export(inst, "mess", NULL, 0, NULL, 0, &err);
		}
		CHECK_ERR(ok, err);
		CHECK(w2n_instance_reset(inst, &err) && is_baked(inst));
		CHECK(w2n_call_export(inst, "mess", NULL, 0, NULL, 0, &err));
		w2n_instance_free(inst); /* dirty: the next round's memory may reuse it */
	}
	test_free_unmaps_image();
	return summary();
}
