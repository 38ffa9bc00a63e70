/* resolve.c — sandboxed path resolution: every guest path is resolved beneath the directory
 * fd of its preopen and can never name anything outside it.
 *
 * The guest's path is never handed to the kernel relative to anything but a directory fd
 * beneath the preopen, and never with a symlink at its end left for the kernel to follow:
 *
 * - Fast path (Linux ≥ 5.6): openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS). The kernel
 *   refuses ("EXDEV") any step that would leave the starting fd: "..", absolute paths,
 *   symlinks pointing up or to absolute paths, /proc magic links; racing renames make it
 *   fail (EAGAIN, retried), never escape.
 * - Fallback (openat2 → ENOSYS: kernels before 5.6, qemu-user 7.2, which runs the AArch64
 *   tests): a walk of one component at a time, each opened with O_PATH|O_NOFOLLOW relative to
 *   the directory fd before it. A symlink (seen by statx on the opened fd, so no race between
 *   check and use) is read with readlinkat and its target spliced in front of the rest of the
 *   path; ".." pops the walk's own stack of directory fds and fails at the root: the kernel
 *   never resolves a ".." or a symlink for us. At most 40 symlinks (Linux's own limit).
 *
 * Both give `notcapable` for an escape (EXDEV internally) and must pass the same tests
 * (tests/wasi: the escape tests run once per mode; w2n_wasi_force_fallback selects it).
 *
 * Operations other than open work on (directory fd, last component): wasi_path_resolve opens
 * the parent directory beneath the root and, when the last component is a symlink to follow,
 * rewrites the path to parent/target and starts over from the root, so that ".." in a target
 * is judged against the preopen, not against the symlink's directory. */
#include "internal.h"

struct open_how {
	uint64_t flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_BENEATH       0x08
#define MAX_LINKS             40
#define NAME_MAX              255

/* Set when openat2 answered ENOSYS (then never tried again), or by tests. */
static bool no_openat2;

void w2n_wasi_force_fallback(bool on)
{
	no_openat2 = on;
}

static long host_openat(int dir, const char *path, int flags, int mode)
{
	return sys6(W2N_SYS_openat, dir, (long)path, flags | HOST_O_CLOEXEC, mode, 0, 0);
}

/* openat2 beneath `dir`, or -ENOSYS when the kernel lacks it (or a seccomp filter hides it:
 * container runtimes that predate openat2 answer EPERM for syscalls they do not know; an EPERM
 * that an openat2 of "." repeats is taken for that, once, and the walk used from then on). */
static long openat2_beneath(int dir, const char *path, int flags, int mode)
{
	static bool works; /* an openat2 has succeeded: its EPERMs are genuine */
	struct open_how how = {
		.flags = (uint64_t)(flags | HOST_O_CLOEXEC),
		.mode = (flags & HOST_O_CREAT) ? (uint64_t)mode : 0, /* else openat2 says EINVAL */
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	long r = -HOST_ENOSYS;
	for (int tries = 0; tries < 16 && !no_openat2; tries++) {
		r = sys6(W2N_SYS_openat2, dir, (long)path, (long)&how, sizeof how, 0, 0);
		if (r != -HOST_EAGAIN) /* EAGAIN: a rename raced the lookup; try again */
			break;
	}
	if (r == -HOST_EPERM && !works) {
		struct open_how probe = {HOST_O_PATH | HOST_O_CLOEXEC, 0, RESOLVE_BENEATH};
		long p = sys6(W2N_SYS_openat2, dir, (long)".", (long)&probe, sizeof probe, 0, 0);
		if (p >= 0)
			host_close((int)p);
		r = p == -HOST_EPERM ? -HOST_ENOSYS : r;
	}
	if (r == -HOST_ENOSYS)
		no_openat2 = true;
	else if (r >= 0)
		works = true;
	return r;
}

/* ---- the fallback walk ---------------------------------------------------------------- */

/* The directory fds the walk holds, innermost last; the root is below them and not owned. */
struct walk {
	int *fds;
	uint32_t depth, cap;
	int links; /* symlinks followed so far */
};

static int walk_top(const struct walk *wk, int root)
{
	return wk->depth ? wk->fds[wk->depth - 1] : root;
}

static bool walk_push(struct walk *wk, int fd)
{
	if (wk->depth == wk->cap) {
		uint32_t cap = wk->cap ? wk->cap * 2 : 16;
		int *fds = w2n_realloc(wk->fds, cap * sizeof *fds);
		if (fds == NULL)
			return false;
		wk->fds = fds;
		wk->cap = cap;
	}
	wk->fds[wk->depth++] = fd;
	return true;
}

static void walk_release(struct walk *wk)
{
	while (wk->depth > 0)
		host_close(wk->fds[--wk->depth]);
	w2n_free(wk->fds);
}

/* The symlink `name` in `dir`, spliced into the path: rest becomes target + rest[*pos..]. */
static long walk_splice(struct walk *wk, int dir, const char *name, char *rest, size_t size,
                        size_t *pos)
{
	char target[WASI_PATH_MAX];
	if (++wk->links > MAX_LINKS)
		return -HOST_ELOOP;
	long n = sys6(W2N_SYS_readlinkat, dir, (long)name, (long)target, sizeof target, 0, 0);
	if (n < 0)
		return n;
	if (n == 0)
		return -HOST_ENOENT;
	if (n == (long)sizeof target)
		return -HOST_ENAMETOOLONG;
	if (target[0] == '/')
		return -HOST_EXDEV; /* absolute: outside the sandbox by definition */
	size_t tail = strlen(rest + *pos);
	if ((size_t)n + tail + 1 > size)
		return -HOST_ENAMETOOLONG;
	memmove(rest + n, rest + *pos, tail + 1);
	memcpy(rest, target, (size_t)n);
	*pos = 0;
	return 0;
}

/* One component (not "." or ".."): a directory is pushed, a symlink spliced into the path. */
static long walk_step(struct walk *wk, int root, const char *name, char *rest, size_t size,
                      size_t *pos)
{
	int dir = walk_top(wk, root);
	long fd = host_openat(dir, name, HOST_O_PATH | W2N_O_NOFOLLOW, 0);
	if (fd < 0)
		return fd;
	struct host_statx st;
	long r = host_statx((int)fd, "", HOST_AT_EMPTY_PATH | HOST_AT_SYMLINK_NOFOLLOW, &st);
	if (r == 0 && (st.mode & HOST_S_IFMT) == HOST_S_IFLNK) {
		host_close((int)fd);
		return walk_splice(wk, dir, name, rest, size, pos);
	}
	if (r == 0 && (st.mode & HOST_S_IFMT) != HOST_S_IFDIR)
		r = -HOST_ENOTDIR;
	if (r == 0 && !walk_push(wk, (int)fd))
		r = -HOST_ENOMEM;
	if (r < 0)
		host_close((int)fd);
	return r;
}

/* The directory `path` names beneath root, following every symlink: an O_PATH fd, `root`
 * itself, or -errno (-EXDEV: an escape). */
static long walk_dir(int root, const char *path, int *links)
{
	char rest[2 * WASI_PATH_MAX + 2];
	char name[NAME_MAX + 1];
	size_t n = strlen(path), pos = 0;
	if (n >= sizeof rest)
		return -HOST_ENAMETOOLONG;
	memcpy(rest, path, n + 1);
	struct walk wk = {.links = *links};
	long r = 0;
	while (r == 0) {
		while (rest[pos] == '/')
			pos++;
		if (rest[pos] == '\0')
			break;
		size_t end = pos;
		while (rest[end] != '\0' && rest[end] != '/')
			end++;
		if (end - pos > NAME_MAX) {
			r = -HOST_ENAMETOOLONG;
			break;
		}
		memcpy(name, rest + pos, end - pos);
		name[end - pos] = '\0';
		pos = end;
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			/* Above the root is outside; otherwise back to the directory we came from. */
			if (wk.depth == 0)
				r = -HOST_EXDEV;
			else
				host_close(wk.fds[--wk.depth]);
			continue;
		}
		r = walk_step(&wk, root, name, rest, sizeof rest, &pos);
	}
	*links = wk.links;
	long fd = root;
	if (r == 0 && wk.depth > 0)
		fd = wk.fds[--wk.depth];
	walk_release(&wk);
	return r < 0 ? r : fd;
}

/* ---- resolution for *at() calls ------------------------------------------------------- */

/* Length of the UTF-8 sequence starting at s[0] (within n bytes), or 0 if it is not valid:
 * WASI paths are strings, i.e. Unicode scalar values, so overlong forms, surrogates
 * (U+D800..U+DFFF) and code points past U+10FFFF are refused as Rust's str and Wasmtime do. */
static uint32_t utf8_seq(const uint8_t *s, uint32_t n)
{
	if (s[0] < 0x80)
		return 1;
	uint32_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (len == 0 || s[0] > 0xf4 || len > n)
		return 0;
	for (uint32_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* The second byte's range is what rules out overlongs, surrogates and > U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return len;
}

static bool valid_utf8(const uint8_t *s, uint32_t n)
{
	for (uint32_t i = 0, k; i < n; i += k)
		if ((k = utf8_seq(s + i, n - i)) == 0)
			return false;
	return true;
}

uint16_t wasi_path_get(struct w2n_wasi *w, uint32_t ptr, uint32_t len, struct wasi_path *p)
{
	const uint8_t *s = guest_ptr(w, ptr, len);
	if (s == NULL)
		return WASI_EFAULT;
	if (len == 0)
		return WASI_ENOENT;
	if (len > WASI_PATH_MAX)
		return WASI_ENAMETOOLONG;
	for (uint32_t i = 0; i < len; i++)
		if (s[i] == '\0')
			return WASI_EINVAL; /* the kernel would silently cut the path there */
	if (!valid_utf8(s, len))
		return WASI_EILSEQ;
	if (s[0] == '/')
		return WASI_ENOTCAPABLE; /* preopens are the only roots: no absolute paths */
	memcpy(p->buf, s, len);
	p->buf[len] = '\0';
	p->len = len;
	p->dir = -1;
	p->own_dir = false;
	p->trailing_slash = false;
	p->name = NULL;
	return WASI_ESUCCESS;
}

static uint16_t resolve_errno(long r)
{
	return r == -HOST_EXDEV ? WASI_ENOTCAPABLE : wasi_errno(r);
}

/* The directory `path` names beneath root (see walk_dir), by openat2 when available. */
static long open_dir(int root, const char *path, int *links)
{
	long fd = openat2_beneath(root, path, HOST_O_PATH | W2N_O_DIRECTORY, 0);
	if (fd != -HOST_ENOSYS)
		return fd;
	return walk_dir(root, path, links);
}

/* Splits p into its parent directory's path (NUL-terminated at the start of p->buf; NULL
 * when the path is a single component, whose parent is the root) and p->name. A last
 * component "." or ".." makes the whole path the parent and the name ".". Trailing slashes
 * are stripped and remembered. */
static const char *split(struct wasi_path *p)
{
	while (p->len > 0 && p->buf[p->len - 1] == '/') {
		p->buf[--p->len] = '\0';
		p->trailing_slash = true;
	}
	uint32_t i = p->len;
	while (i > 0 && p->buf[i - 1] != '/')
		i--;
	const char *last = p->buf + i;
	if (strcmp(last, ".") == 0 || strcmp(last, "..") == 0) {
		p->name = ".";
		return p->buf;
	}
	p->name = last;
	if (i == 0)
		return NULL;
	p->buf[i - 1] = '\0';
	return p->buf;
}

uint16_t wasi_path_resolve(int root, bool follow, struct wasi_path *p)
{
	int links = 0;
	for (;;) {
		const char *parent = split(p);
		long dir = parent == NULL ? root : open_dir(root, parent, &links);
		if (dir < 0)
			return resolve_errno(dir);
		p->dir = (int)dir;
		p->own_dir = dir != root;
		if (strcmp(p->name, ".") == 0 || !(follow || p->trailing_slash))
			return WASI_ESUCCESS;
		char target[WASI_PATH_MAX];
		long n = sys6(W2N_SYS_readlinkat, p->dir, (long)p->name, (long)target, sizeof target, 0, 0);
		if (n < 0)
			return WASI_ESUCCESS; /* not a symlink (or absent): the *at() call will tell */
		wasi_path_done(p);
		if (++links > MAX_LINKS)
			return WASI_ELOOP;
		if (n == 0)
			return WASI_ENOENT;
		if (target[0] == '/')
			return WASI_ENOTCAPABLE;
		/* parent/target, resolved from the root again: a ".." in the target is judged
		 * against the preopen, never against the symlink's own directory. */
		uint32_t at = parent == NULL ? 0 : (uint32_t)strlen(parent) + 1;
		if (at + (uint32_t)n >= sizeof p->buf || n == (long)sizeof target)
			return WASI_ENAMETOOLONG;
		if (at > 0)
			p->buf[at - 1] = '/';
		memcpy(p->buf + at, target, (size_t)n);
		p->buf[at + n] = '\0';
		p->len = at + (uint32_t)n;
	}
}

void wasi_path_done(struct wasi_path *p)
{
	if (p->own_dir)
		host_close(p->dir);
	p->own_dir = false;
	p->dir = -1;
}

long wasi_open_beneath(int root, struct wasi_path *p, int flags, int mode, bool follow)
{
	int nofollow = follow ? 0 : W2N_O_NOFOLLOW;
	long fd = openat2_beneath(root, p->buf, flags | nofollow, mode);
	if (fd != -HOST_ENOSYS)
		return fd < 0 ? -(long)resolve_errno(fd) : fd;
	uint16_t e = wasi_path_resolve(root, follow, p);
	if (e != WASI_ESUCCESS)
		return -(long)e;
	if (p->trailing_slash)
		flags |= W2N_O_DIRECTORY;
	fd = host_openat(p->dir, p->name, flags | W2N_O_NOFOLLOW, mode);
	wasi_path_done(p);
	return fd < 0 ? -(long)wasi_errno(fd) : fd;
}
