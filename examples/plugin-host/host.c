/* plugin-host — a host that runs untrusted plugins (README "Examples", docs/embedding.md).
 *
 * Each plugin is a module compiled with `wasm2native PLUGIN.wasm -c --prefix PLUGIN` and
 * linked into this program. The host offers every plugin the same single import, host.log,
 * calls its `run` export and carries on whatever the plugin does:
 *   - good:   behaves: logs through host.log and returns a result;
 *   - greedy: imports host.read_file, which it is not given: refused at instantiation;
 *   - grow:   grows its memory a page at a time until memory.grow fails;
 *   - crash:  traps (an out-of-bounds load): the error comes back, the host goes on. */
#include <stdio.h>
#include <wasm2native/host.h>

extern const struct w2n_module_desc good_module, greedy_module, grow_module, crash_module;

/* host.log(ptr, len): prints the plugin's message, read with a bounds-checked copy. */
static const char *host_log(void *ctx, struct w2n_instance *caller, const union w2n_val *args,
                            union w2n_val *results)
{
	char text[128];
	uint32_t ptr = (uint32_t)args[0].i32, len = (uint32_t)args[1].i32;
	if (len > sizeof text ||
	    !w2n_memory_read(w2n_instance_memory(caller, "memory"), ptr, text, len))
		return "log: message out of bounds";
	printf("  [%s] %.*s\n", (const char *)ctx, (int)len, text);
	return NULL;
}

static void run_plugin(const char *name, const struct w2n_module_desc *desc, int32_t arg)
{
	static const uint8_t ptr_len[] = {W2N_I32, W2N_I32};
	const struct w2n_host_func offered[] = {
		{"host", "log", ptr_len, 2, NULL, 0, host_log, (void *)name},
	};
	struct w2n_options opt = {.funcs = offered, .nfuncs = 1};
	struct w2n_error err;
	printf("%s:\n", name);
	struct w2n_instance *inst = w2n_instance_new(desc, &opt, &err);
	if (inst == NULL) {
		printf("  refused: %s\n", err.message);
		return;
	}
	struct w2n_value in = w2n_value_i32(arg), out;
	if (w2n_call_export(inst, "run", &in, 1, &out, 1, &err))
		printf("  run(%d) = %d\n", arg, out.of.i32);
	else
		printf("  run(%d) failed: %s\n", arg, err.message);
	w2n_instance_free(inst);
}

int main(void)
{
	run_plugin("good", &good_module, 100);
	run_plugin("greedy", &greedy_module, 1);
	run_plugin("grow", &grow_module, 0);
	run_plugin("crash", &crash_module, 7);
	printf("the host is still running\n");
	return 0;
}
