/* plugin-host — a host that runs untrusted plugins (README "Examples", docs/embedding.md).
 *
 * Each plugin is a module compiled with `wasm2native PLUGIN.wasm -c --interruptible --prefix
 * PLUGIN` and linked into this program. The host's policy is the same for all: one import,
 * host.log; at most 1 MiB of memory; 10 ms per call. It calls each plugin's `run` export and
 * carries on whatever the plugin does:
 *   - good:   behaves: logs and returns a result; called through its generated header
 *             (`--header good.h`: typed C functions instead of name lookups);
 *   - greedy: imports host.read_file, which it is not given: refused at instantiation;
 *   - spin:   loops forever: stopped by its deadline;
 *   - grow:   grows its memory a page at a time until memory.grow fails at the 1 MiB cap;
 *   - crash:  traps (an out-of-bounds load): the error comes back, the host goes on. */
#include <stdio.h>
#include <wasm2native/host.h>

#include "good.h" /* generated: good_new_limited, good_run, struct good_imports */

extern const struct w2n_module_desc greedy_module, spin_module, grow_module, crash_module;

static const struct w2n_instance_limits policy = {
	.max_memory = 1 << 20,      /* memory.grow past 1 MiB returns -1 */
	.timeout_ns = 10 * 1000000, /* a call still running after 10 ms traps */
};

/* Prints a plugin's message, read with a bounds-checked copy; false if out of bounds. */
static bool log_message(const char *plugin, struct w2n_instance *caller, uint32_t ptr, uint32_t len)
{
	char text[128];
	if (len > sizeof text ||
	    !w2n_memory_read(w2n_instance_memory(caller, "memory"), ptr, text, len))
		return false;
	printf("  [%s] %.*s\n", plugin, (int)len, text);
	return true;
}

/* host.log(ptr, len) for the plugins run through the generic API. */
static const char *host_log(void *ctx, struct w2n_instance *caller, const union w2n_val *args,
                            union w2n_val *results)
{
	if (!log_message(ctx, caller, (uint32_t)args[0].i32, (uint32_t)args[1].i32))
		return "log: message out of bounds"; /* traps the guest */
	return NULL;
}

static void run_plugin(const char *name, const struct w2n_module_desc *desc, int32_t arg)
{
	static const uint8_t ptr_len[] = {W2N_I32, W2N_I32};
	const struct w2n_host_func offered[] = {
		{"host", "log", ptr_len, 2, NULL, 0, host_log, (void *)name},
	};
	struct w2n_options opt = {.funcs = offered, .nfuncs = 1, .limits = &policy};
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

/* host.log for the good plugin, typed by its header. */
static void good_log(struct good_host_call *call, int32_t ptr, int32_t len)
{
	if (!log_message("good", call->caller, (uint32_t)ptr, (uint32_t)len))
		call->trap = "log: message out of bounds";
}

static void run_good(int32_t arg)
{
	struct good_imports imports = {.host_log = good_log};
	struct w2n_error err;
	printf("good:\n");
	struct w2n_instance *inst = good_new_limited(&imports, &policy, &err);
	if (inst == NULL) {
		printf("  refused: %s\n", err.message);
		return;
	}
	int32_t sum = good_run(inst, arg, &err);
	if (err.kind == W2N_ERR_NONE)
		printf("  run(%d) = %d\n", arg, sum);
	else
		printf("  run(%d) failed: %s\n", arg, err.message);
	w2n_instance_free(inst);
}

int main(void)
{
	run_good(100);
	run_plugin("greedy", &greedy_module, 1);
	run_plugin("spin", &spin_module, 0);
	run_plugin("grow", &grow_module, 0);
	run_plugin("crash", &crash_module, 7);
	printf("the host is still running\n");
	return 0;
}
