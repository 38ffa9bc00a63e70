/* test_baked.c — a pre-baked module (baked.wat, compiled with --prebake) through free and
 * reset: a fresh instance and a reset one both start from the snapshot (the memory as the
 * initialization left it, grown, its data segment overwritten; the global, the table slot),
 * not from the module's declared state, and the initialization does not run again. */
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
	return summary();
}
