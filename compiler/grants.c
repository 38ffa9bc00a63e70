/* grants.c — build-time grants (include/wasm2native/grants.h): checking their spelling, so
 * that a typo fails the build rather than the launch, and emitting the `w2n_grants` object the
 * runtime's default program reads. */
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"
#include "wasm2native/grants.h"
#include "wasm2native/wasm2native.h"

#define DEFAULT_TRIPLE "x86_64-unknown-linux-gnu"

static bool all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* HOST[::GUEST]: both parts non-empty. Whether HOST exists is a question for launch time (the
 * executable may run on another machine). */
static const char *check_dir(const char *v)
{
	const char *sep = strstr(v, "::");
	if (*v == '\0' || sep == v)
		return "expected HOST or HOST::GUEST (the host directory is empty)";
	if (sep && sep[2] == '\0')
		return "expected HOST::GUEST (the guest name is empty)";
	return NULL;
}

/* NAME or NAME=VALUE: a non-empty NAME (it cannot contain '=', which ends it). */
static const char *check_env(const char *v)
{
	if (*v == '\0' || *v == '=')
		return "expected NAME or NAME=VALUE (the name is empty)";
	return NULL;
}

/* ADDR:PORT, the port decimal and at most 65535; the address is parsed at launch. */
static const char *check_listen(const char *v)
{
	const char *colon = strrchr(v, ':');
	if (!colon || colon == v || !all_digits(colon + 1) || strlen(colon + 1) > 5 ||
	    atol(colon + 1) > 65535)
		return "expected ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080";
	return NULL;
}

const char *w2n_grant_check(enum w2n_grant_kind kind, const char *value)
{
	switch (kind) {
	case W2N_GRANT_DIR:
		return check_dir(value);
	case W2N_GRANT_ENV:
		return check_env(value);
	case W2N_GRANT_LISTEN:
		return check_listen(value);
	case W2N_GRANT_LISTEN_FD:
		return all_digits(value) && strlen(value) < 10 ? NULL : "expected a file descriptor number";
	case W2N_GRANT_MAX_MEMORY:
	case W2N_GRANT_MAX_STACK:
	case W2N_GRANT_MAX_TABLE:
	case W2N_GRANT_TIMEOUT:
	case W2N_GRANT_FUEL: {
		struct w2n_instance_limits scratch = {0};
		return w2n_grant_limit(kind, value, &scratch);
	}
	case W2N_GRANT_NO_LAUNCH_GRANTS:
	case W2N_GRANT_COUNT:
		break;
	}
	return NULL;
}

/* The items joined, each with its NUL, plus the empty item that ends the list. */
static char *join(const char *const *items, size_t n, size_t *len)
{
	size_t total = 1;
	for (size_t i = 0; i < n; i++)
		total += strlen(items[i]) + 1;
	char *buf = malloc(total), *p = buf;
	if (!buf)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(items[i]) + 1;
		memcpy(p, items[i], k);
		p += k;
	}
	*p = '\0';
	*len = total;
	return buf;
}

bool w2n_emit_grants(const char *const *items, size_t n, const char *triple, const char *out_path,
                     struct w2n_diag *dg)
{
	triple = triple ? triple : DEFAULT_TRIPLE;
	size_t len;
	char *bytes = join(items, n, &len);
	if (!bytes)
		return false;
	LLVMTargetMachineRef tm = w2n_data_target_machine(triple, dg);
	if (!tm) {
		free(bytes);
		return false;
	}
	LLVMContextRef ctx = LLVMContextCreate();
	LLVMModuleRef mod = LLVMModuleCreateWithNameInContext("grants", ctx);
	LLVMSetTarget(mod, triple);
	/* DontNullTerminate: `bytes` already ends with the list's terminating empty item. */
	LLVMValueRef init = LLVMConstStringInContext(ctx, bytes, (unsigned)len, 1);
	LLVMValueRef g = LLVMAddGlobal(mod, LLVMTypeOf(init), W2N_GRANTS_SYMBOL);
	LLVMSetInitializer(g, init);
	LLVMSetGlobalConstant(g, 1);
	char *msg = NULL;
	bool ok = !LLVMTargetMachineEmitToFile(tm, mod, (char *)out_path, LLVMObjectFile, &msg);
	if (!ok) {
		w2n_report(dg, W2N_ERROR, out_path, -1, "cannot emit the grants object: %s", msg);
		LLVMDisposeMessage(msg);
	}
	LLVMDisposeModule(mod);
	LLVMContextDispose(ctx);
	LLVMDisposeTargetMachine(tm);
	free(bytes);
	return ok;
}
