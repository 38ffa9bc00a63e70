/* host.c — a complete host (docs/embedding.md): runs greet.wat compiled with
 *     wasm2native greet.wasm -c --prefix greet -o greet.o
 *     cc host.c greet.o $(pkg-config --cflags --libs wasm2native-runtime) -o host */
#include <stdio.h>
#include <wasm2native/host.h>

extern const struct w2n_module_desc greet_module;

/* host.print(ptr, len): the guest's string, read through a bounds-checked copy. */
static const char *print(void *ctx, struct w2n_instance *caller, const union w2n_val *args,
                         union w2n_val *results)
{
	char text[256];
	uint32_t ptr = (uint32_t)args[0].i32, len = (uint32_t)args[1].i32;
	struct w2n_memory *mem = w2n_instance_memory(caller, "memory");
	if (len > sizeof text || !w2n_memory_read(mem, ptr, text, len))
		return "print: string out of bounds"; /* traps the guest */
	printf("%s: %.*s\n", (const char *)ctx, (int)len, text);
	return NULL;
}

static void greet(struct w2n_instance *inst, int32_t times)
{
	struct w2n_error err;
	struct w2n_value arg = w2n_value_i32(times), result;
	if (w2n_call_export(inst, "greet", &arg, 1, &result, 1, &err))
		printf("greet(%d) = %d\n", times, result.of.i32);
	else if (err.kind == W2N_ERR_TRAP)
		printf("greet(%d) trapped: %s\n", times, err.message);
	else
		printf("greet(%d) failed: %s\n", times, err.message);
}

int main(void)
{
	static const uint8_t ptr_len[] = {W2N_I32, W2N_I32};
	const struct w2n_host_func funcs[] = {
		{"host", "print", ptr_len, 2, NULL, 0, print, "plugin"},
	};
	struct w2n_options opt = {.funcs = funcs, .nfuncs = 1}; /* its only import */
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instance_new(&greet_module, &opt, &err);
	if (inst == NULL) {
		fprintf(stderr, "cannot instantiate: %s\n", err.message);
		return 1;
	}
	greet(inst, 2);
	greet(inst, 0); /* the guest traps; the host carries on */
	struct w2n_value wrong = w2n_value_i64(1);
	if (!w2n_call_export(inst, "greet", &wrong, 1, NULL, 0, &err))
		printf("bad call: %s\n", err.message);
	w2n_instance_free(inst);
	return 0;
}
