/* args_env.c — args_* and environ_*: the arguments and the granted environment, copied once
 * at start-up into NUL-separated blocks laid out exactly as the guest receives them. */
#include "internal.h"

/* Copies n strings back to back (each with its NUL) into a new block. */
static bool pack(const char *const *strs, size_t n, char **block, uint32_t *count, uint32_t *size)
{
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += strlen(strs[i]) + 1;
	/* Sizes are u32 in the guest's ABI, and pointer arrays must fit a 4 GiB memory too. */
	if (total > UINT32_MAX / 2 || n > UINT32_MAX / 8)
		return false;
	char *p = w2n_malloc(total ? total : 1);
	if (p == NULL)
		return false;
	*block = p;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(strs[i]) + 1;
		memcpy(p, strs[i], len);
		p += len;
	}
	*count = (uint32_t)n;
	*size = (uint32_t)total;
	return true;
}

bool wasi_args_init(struct w2n_wasi *w, const struct w2n_wasi_config *cfg)
{
	size_t argc = cfg->argc > 0 ? (size_t)cfg->argc : 0;
	return pack(cfg->argv, argc, &w->args, &w->argc, &w->args_size) &&
	       pack(cfg->env, cfg->nenv, &w->env, &w->envc, &w->env_size);
}

/* Writes the pointer array (guest addresses into `buf`) and the block itself. */
static int32_t unpack(struct w2n_wasi *w, const char *block, uint32_t count, uint32_t size,
                      uint32_t ptrs, uint32_t buf)
{
	uint8_t *p = guest_ptr(w, ptrs, (uint64_t)count * 4);
	uint8_t *b = guest_ptr(w, buf, size);
	if (p == NULL || b == NULL)
		return WASI_EFAULT;
	memcpy(b, block, size);
	uint32_t off = 0;
	for (uint32_t i = 0; i < count; i++) {
		put_u32(p + 4 * i, buf + off);
		off += (uint32_t)strlen(block + off) + 1;
	}
	return WASI_ESUCCESS;
}

static int32_t sizes(struct w2n_wasi *w, uint32_t count, uint32_t size, uint32_t count_ptr,
                     uint32_t size_ptr)
{
	uint8_t *c = guest_ptr(w, count_ptr, 4);
	uint8_t *s = guest_ptr(w, size_ptr, 4);
	if (c == NULL || s == NULL)
		return WASI_EFAULT;
	put_u32(c, count);
	put_u32(s, size);
	return WASI_ESUCCESS;
}

int32_t wasi_args_get(struct w2n_vmctx *vm, uint32_t argv, uint32_t buf)
{
	struct w2n_wasi *w = wasi_of(vm);
	return unpack(w, w->args, w->argc, w->args_size, argv, buf);
}

int32_t wasi_args_sizes_get(struct w2n_vmctx *vm, uint32_t argc, uint32_t size)
{
	struct w2n_wasi *w = wasi_of(vm);
	return sizes(w, w->argc, w->args_size, argc, size);
}

int32_t wasi_environ_get(struct w2n_vmctx *vm, uint32_t environ, uint32_t buf)
{
	struct w2n_wasi *w = wasi_of(vm);
	return unpack(w, w->env, w->envc, w->env_size, environ, buf);
}

int32_t wasi_environ_sizes_get(struct w2n_vmctx *vm, uint32_t count, uint32_t size)
{
	struct w2n_wasi *w = wasi_of(vm);
	return sizes(w, w->envc, w->env_size, count, size);
}
