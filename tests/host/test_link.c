/* test_link.c — instances linked to each other (user.wat imports lib.wat's memory, table,
 * global and function) and the free rule: freeing the exporter first leaves the importer
 * working, and the exporter's memory is unmapped only when the importer is freed too (seen in
 * the address space size: both are compiled with --bounds-checks, so lib's one-page memory is
 * a 64 KiB mapping of its own). */
#include "check.h"

extern const struct w2n_module_desc lib_module, user_module;

#define MEMORY_KB 64

static long vm_kb(void)
{
	long pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f != NULL) {
		if (fscanf(f, "%ld", &pages) != 1)
			pages = 0;
		fclose(f);
	}
	return pages * 4;
}

static bool run(struct w2n_instance *user, int32_t *out)
{
	struct w2n_error err;
	struct w2n_value res;
	bool ok = w2n_call_export(user, "run", NULL, 0, &res, 1, &err);
	*out = res.of.i32;
	return ok;
}

/* The four exports of lib as user's imports; `count` of them. */
static struct w2n_instance *make_user(struct w2n_instance *lib, size_t count, struct w2n_error *err)
{
	static const char *const names[] = {"mem", "tab", "g", "get"};
	struct w2n_host_extern ext[4];
	for (size_t i = 0; i < 4; i++) {
		ext[i] = (struct w2n_host_extern){"lib", names[i]};
		CHECK(w2n_instance_export(lib, names[i], &ext[i].ext));
	}
	struct w2n_options opt = {.externs = ext, .nexterns = count};
	return w2n_instance_new(&user_module, &opt, err);
}

static void test_links_and_free(void)
{
	struct w2n_error err;
	/* The first instance sets up the runtime (signal stack, allocator chunks): before vm0. */
	w2n_instance_free(w2n_instance_new(&lib_module, NULL, &err));
	long vm0 = vm_kb();
	struct w2n_instance *lib = w2n_instance_new(&lib_module, NULL, &err);
	if (!CHECK_ERR(lib != NULL, err))
		return;
	struct w2n_instance *user = make_user(lib, 4, &err);
	if (!CHECK_ERR(user != NULL, err))
		return;
	int32_t out = 0;
	CHECK(run(user, &out) && out == 10); /* g = 5 stored by user, read by lib's get, twice */
	long vm1 = vm_kb();
	w2n_instance_free(lib);
	/* lib is still alive for user: its memory, table, global and function all work. */
	CHECK(vm_kb() == vm1);
	CHECK(run(user, &out) && out == 10);
	w2n_instance_free(user);
	/* Both released: lib's memory is gone. */
	CHECK(vm_kb() <= vm1 - MEMORY_KB);
	CHECK(vm_kb() - vm0 < 1024);
}

static void test_link_errors(void)
{
	struct w2n_error err;
	struct w2n_instance *lib = w2n_instance_new(&lib_module, NULL, &err);
	if (!CHECK_ERR(lib != NULL, err))
		return;
	CHECK(make_user(lib, 2, &err) == NULL && err.kind == W2N_ERR_LINK);
	CHECK_ERR(strcmp(err.message, "unknown import (global lib.g)") == 0, err);
	struct w2n_host_extern wrong[4];
	static const char *const names[] = {"mem", "tab", "get", "get"};
	for (size_t i = 0; i < 4; i++) {
		wrong[i] = (struct w2n_host_extern){"lib", names[i]};
		w2n_instance_export(lib, names[i], &wrong[i].ext);
	}
	wrong[2].name = "g"; /* a function offered as the global */
	struct w2n_options opt = {.externs = wrong, .nexterns = 4};
	CHECK(w2n_instance_new(&user_module, &opt, &err) == NULL && err.kind == W2N_ERR_LINK);
	CHECK_ERR(
		strcmp(err.message, "incompatible import type (global lib.g: provided as a function)") == 0,
		err);
	/* Failed instantiations hold no reference: freeing lib releases it now. */
	long vm1 = vm_kb();
	w2n_instance_free(lib);
	CHECK(vm_kb() <= vm1 - MEMORY_KB);
}

int main(void)
{
	test_links_and_free();
	test_link_errors();
	return summary();
}
