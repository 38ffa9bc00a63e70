/* cache.c — the content-addressed cache of compiled parts (cache.h, docs/cache.md). */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <llvm-c/Core.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "wasm2native/wasm2native.h"

/* Bumped when the entry format or what keys cover changes. */
#define FORMAT "wasm2native-cache-1"
/* An entry: the object's bytes, then MAGIC, the key and the BLAKE3 hash of the object. */
#define MAGIC     "W2NCACHE"
#define MAGIC_LEN 8
#define TRAILER   (MAGIC_LEN + 2 * W2N_KEY_LEN)

/* ---- keys ----------------------------------------------------------------------------------- */

static uint8_t compiler_id[W2N_KEY_LEN];
static pthread_once_t compiler_once = PTHREAD_ONCE_INIT;

/* The compiler is its own bytes: the version number does not change with every commit, and a
 * cache filled by another build of the same version must not be trusted. The file is the one
 * holding this code (the wasm2native executable, or a program linking the library). */
static void identify_compiler(void)
{
	llvm_blake3_hasher h;
	llvm_blake3_hasher_init(&h);
	llvm_blake3_hasher_update(&h, W2N_VERSION, sizeof W2N_VERSION);
	Dl_info info;
	FILE *f = dladdr((void *)identify_compiler, &info) && info.dli_fname
	              ? fopen(info.dli_fname, "rb")
	              : fopen("/proc/self/exe", "rb");
	if (f) {
		static char buf[1 << 16];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			llvm_blake3_hasher_update(&h, buf, n);
		fclose(f);
	}
	llvm_blake3_hasher_finalize(&h, compiler_id, W2N_KEY_LEN);
}

void w2n_key_add(struct w2n_keyer *k, const void *bytes, size_t n)
{
	llvm_blake3_hasher_update(&k->h, bytes, n);
}

void w2n_key_add_u32(struct w2n_keyer *k, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	w2n_key_add(k, b, 4);
}

/* Strings with their terminator, so that ("ab", "c") and ("a", "bc") differ. */
static void add_str(struct w2n_keyer *k, const char *s)
{
	w2n_key_add(k, s ? s : "", s ? strlen(s) + 1 : 1);
}

void w2n_key_begin(struct w2n_keyer *k, const struct w2n_compile_options *opt, const char *cpu,
                   const char *features)
{
	pthread_once(&compiler_once, identify_compiler);
	llvm_blake3_hasher_init(&k->h);
	add_str(k, FORMAT);
	w2n_key_add(k, compiler_id, sizeof compiler_id);
	unsigned major, minor, patch;
	LLVMGetVersion(&major, &minor, &patch);
	w2n_key_add_u32(k, major * 10000 + minor * 100 + patch);
	add_str(k, w2n_target_find(opt->triple)->triple);
	add_str(k, cpu);
	add_str(k, features);
	/* Every option that changes generated code; threads and verify do not. */
	w2n_key_add_u32(k, (uint32_t)opt->opt_level);
	w2n_key_add_u32(k, opt->bounds_checks | opt->interruptible << 1 | opt->fuel << 2 |
	                       opt->prebake << 3);
	add_str(k, opt->prefix ? opt->prefix : "w2n");
}

static uint32_t leb_u32(const uint8_t *p, size_t *i)
{
	uint32_t v = 0;
	for (unsigned shift = 0; shift < 35; shift += 7) {
		uint8_t b = p[(*i)++];
		v |= (uint32_t)(b & 0x7f) << shift;
		if (b < 0x80)
			break;
	}
	return v;
}

/* The module was decoded, so its section headers are well formed. */
void w2n_key_add_interface(struct w2n_keyer *k, const struct w2n_module *m)
{
	enum { CUSTOM = 0, CODE = 10, DATA = 11 };
	size_t i = 8;
	while (i < m->size) {
		uint8_t id = m->bytes[i++];
		uint32_t size = leb_u32(m->bytes, &i);
		if (id != CUSTOM && id != CODE && id != DATA) {
			w2n_key_add(k, &id, 1);
			w2n_key_add_u32(k, size);
			w2n_key_add(k, m->bytes + i, size);
		}
		i += size;
	}
}

void w2n_key_end(struct w2n_keyer *k, uint8_t key[W2N_KEY_LEN])
{
	llvm_blake3_hasher_finalize(&k->h, key, W2N_KEY_LEN);
}

/* ---- entries -------------------------------------------------------------------------------- */

/* DIR/ab/abcdef....o: 256 subfolders keep folders small. */
static void entry_path(char *buf, size_t size, const char *dir, const uint8_t key[W2N_KEY_LEN])
{
	char hex[2 * W2N_KEY_LEN + 1];
	for (int i = 0; i < W2N_KEY_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	snprintf(buf, size, "%s/%.2s/%s.o", dir, hex, hex);
}

static uint8_t *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	uint8_t *data = NULL;
	long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
	if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1)) &&
	    fread(data, 1, (size_t)n, f) != (size_t)n) {
		free(data);
		data = NULL;
	}
	fclose(f);
	*size = n > 0 ? (size_t)n : 0;
	return data;
}

static bool spill(const char *path, const uint8_t *data, size_t n, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | flags, 0644);
	if (fd < 0)
		return false;
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(fd, data + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	return close(fd) == 0 && done == n;
}

static void checksum(const uint8_t *data, size_t n, uint8_t out[W2N_KEY_LEN])
{
	llvm_blake3_hasher h;
	llvm_blake3_hasher_init(&h);
	llvm_blake3_hasher_update(&h, data, n);
	llvm_blake3_hasher_finalize(&h, out, W2N_KEY_LEN);
}

bool w2n_cache_fetch(const char *dir, const uint8_t key[W2N_KEY_LEN], const char *dest)
{
	char path[4096];
	entry_path(path, sizeof path, dir, key);
	size_t size;
	uint8_t *data = slurp(path, &size);
	if (!data)
		return false;
	bool ok = size >= TRAILER;
	size_t n = ok ? size - TRAILER : 0;
	uint8_t sum[W2N_KEY_LEN];
	if (ok) {
		const uint8_t *t = data + n;
		checksum(data, n, sum);
		ok = !memcmp(t, MAGIC, MAGIC_LEN) && !memcmp(t + MAGIC_LEN, key, W2N_KEY_LEN) &&
		     !memcmp(t + MAGIC_LEN + W2N_KEY_LEN, sum, W2N_KEY_LEN);
	}
	ok = ok && spill(dest, data, n, 0);
	free(data);
	/* A hit is a use: the entry's time moves to now, so w2n_cache_trim keeps it longest. */
	if (ok)
		utimensat(AT_FDCWD, path, NULL, 0);
	return ok;
}

static bool make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		bool ok = mkdir(path, 0755) == 0 || errno == EEXIST;
		*p = '/';
		if (!ok)
			return false;
	}
	return mkdir(path, 0755) == 0 || errno == EEXIST;
}

static atomic_bool stored;

bool w2n_cache_take_stored(void)
{
	return atomic_exchange(&stored, false);
}

void w2n_cache_store(const char *dir, const uint8_t key[W2N_KEY_LEN], const char *src)
{
	char path[4096], tmp[4096 + 16];
	entry_path(path, sizeof path, dir, key);
	size_t size;
	uint8_t *data = slurp(src, &size);
	if (!data)
		return;
	uint8_t *grown = realloc(data, size + TRAILER);
	if (!grown) {
		free(data);
		return;
	}
	data = grown;
	memcpy(data + size, MAGIC, MAGIC_LEN);
	memcpy(data + size + MAGIC_LEN, key, W2N_KEY_LEN);
	checksum(data, size, data + size + MAGIC_LEN + W2N_KEY_LEN);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	bool ok = make_dirs(path);
	*slash = '/';
	/* Written under a unique name, then renamed: a reader sees the whole entry or none, and
	 * two compiles storing the same entry at once both succeed. */
	snprintf(tmp, sizeof tmp, "%s.tmp%ld.%lx", path, (long)getpid(), (unsigned long)pthread_self());
	if (ok && spill(tmp, data, size + TRAILER, O_EXCL)) {
		if (rename(tmp, path) != 0)
			unlink(tmp);
		else
			atomic_store(&stored, true);
	} else {
		unlink(tmp);
	}
	free(data);
}

char *w2n_default_cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	/* The XDG specification: a relative $XDG_CACHE_HOME is invalid and ignored. */
	const char *base = xdg && xdg[0] == '/' ? xdg : home && home[0] ? home : NULL;
	if (!base)
		return NULL;
	const char *tail = base == xdg ? "/wasm2native" : "/.cache/wasm2native";
	size_t len = strlen(base) + strlen(tail) + 1;
	char *dir = malloc(len);
	if (dir)
		snprintf(dir, len, "%s%s", base, tail);
	return dir;
}
