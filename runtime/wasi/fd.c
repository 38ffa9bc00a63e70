/* fd.c — the guest's fd table (slots pointing to open fds: host fd, filetype, rights, preopen
 * name) and the fd_* functions that are not reads or writes (those are in fd_io.c).
 *
 * WASI fds are indices into the table, not host fds: the guest can name only what it was
 * granted or opened itself. Each open fd holds rights; a function checks the rights it needs
 * before touching the host fd (`notcapable` otherwise), and fds opened through a directory
 * get at most that directory's inheriting rights.
 *
 * Threads (wasi-threads) call WASI at once: the table is behind fd_lock, held for lookups and
 * changes only, and open fds are reference-counted so that one closed under a running call
 * stays open until that call is done (internal.h, struct wasi_fd; docs/threads.md). */
#include "internal.h"

#define HOST_F_GETFL     3
#define HOST_F_SETFL     4
#define HOST_TCGETS      0x5401
#define HOST_SOL_SOCKET  1
#define HOST_SO_TYPE     3
#define HOST_SOCK_STREAM 1
#define HOST_SOCK_DGRAM  2
#define HOST_UTIME_NOW   ((1l << 30) - 1)
#define HOST_UTIME_OMIT  ((1l << 30) - 2)

long host_statx(int dirfd, const char *path, int flags, struct host_statx *st)
{
	return sys6(W2N_SYS_statx, dirfd, (long)path, flags, HOST_STATX_BASIC_STATS, (long)st, 0);
}

long host_close(int fd)
{
	return sys3(W2N_SYS_close, fd, 0, 0);
}

uint16_t wasi_put_u32(struct w2n_wasi *w, uint32_t ptr, uint32_t v)
{
	uint8_t *p = guest_ptr(w, ptr, 4);
	if (p == NULL)
		return WASI_EFAULT;
	put_u32(p, v);
	return WASI_ESUCCESS;
}

uint16_t wasi_put_u64(struct w2n_wasi *w, uint32_t ptr, uint64_t v)
{
	uint8_t *p = guest_ptr(w, ptr, 8);
	if (p == NULL)
		return WASI_EFAULT;
	put_u64(p, v);
	return WASI_ESUCCESS;
}

/* ---- types and rights ----------------------------------------------------------------- */

uint8_t wasi_filetype(int host, uint16_t mode)
{
	switch (mode & HOST_S_IFMT) {
	case HOST_S_IFREG:
		return WASI_FILETYPE_REGULAR_FILE;
	case HOST_S_IFDIR:
		return WASI_FILETYPE_DIRECTORY;
	case HOST_S_IFCHR:
		return WASI_FILETYPE_CHARACTER_DEVICE;
	case HOST_S_IFBLK:
		return WASI_FILETYPE_BLOCK_DEVICE;
	case HOST_S_IFLNK:
		return WASI_FILETYPE_SYMBOLIC_LINK;
	case HOST_S_IFSOCK: {
		int type = 0;
		int len = sizeof type;
		if (host >= 0 && sys6(W2N_SYS_getsockopt, host, HOST_SOL_SOCKET, HOST_SO_TYPE, (long)&type,
		                      (long)&len, 0) == 0) {
			if (type == HOST_SOCK_STREAM)
				return WASI_FILETYPE_SOCKET_STREAM;
			if (type == HOST_SOCK_DGRAM)
				return WASI_FILETYPE_SOCKET_DGRAM;
		}
		return WASI_FILETYPE_UNKNOWN;
	}
	default: /* FIFOs have no WASI filetype */
		return WASI_FILETYPE_UNKNOWN;
	}
}

static bool is_tty(int host)
{
	uint8_t termios[64];
	return sys3(W2N_SYS_ioctl, host, HOST_TCGETS, (long)termios) == 0;
}

uint64_t wasi_max_rights(uint8_t type, int host, int accmode)
{
	uint64_t r;
	switch (type) {
	case WASI_FILETYPE_DIRECTORY:
		return WASI_RIGHTS_DIRECTORY;
	case WASI_FILETYPE_CHARACTER_DEVICE:
		r = is_tty(host) ? WASI_RIGHTS_TTY : WASI_RIGHTS_REGULAR_FILE;
		break;
	case WASI_FILETYPE_SOCKET_STREAM:
	case WASI_FILETYPE_SOCKET_DGRAM:
		r = WASI_RIGHTS_SOCKET;
		break;
	default:
		r = WASI_RIGHTS_REGULAR_FILE;
		break;
	}
	if (accmode == HOST_O_RDONLY)
		r &= ~(WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_SET_SIZE);
	if (accmode == HOST_O_WRONLY)
		r &= ~(WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR);
	return r;
}

/* The kernel's dev_t encoding of major:minor (what stat(2) reports as st_dev). */
static uint64_t makedev(uint64_t major, uint64_t minor)
{
	return ((major & 0xfffff000u) << 32) | ((major & 0xfffu) << 8) | ((minor & 0xffffff00u) << 12) |
	       (minor & 0xffu);
}

static uint64_t ts_nanos(const struct host_statx_ts *ts)
{
	return ts->sec < 0 ? 0 : (uint64_t)ts->sec * 1000000000u + ts->nsec;
}

uint16_t wasi_put_filestat(struct w2n_wasi *w, uint32_t ptr, const struct host_statx *st,
                           uint8_t type)
{
	uint8_t *p = guest_ptr(w, ptr, WASI_FILESTAT_SIZE);
	if (p == NULL)
		return WASI_EFAULT;
	memset(p, 0, WASI_FILESTAT_SIZE);
	put_u64(p + 0, makedev(st->dev_major, st->dev_minor));
	put_u64(p + 8, st->ino);
	p[16] = type;
	put_u64(p + 24, st->nlink);
	put_u64(p + 32, st->size);
	put_u64(p + 40, ts_nanos(&st->atime));
	put_u64(p + 48, ts_nanos(&st->mtime));
	put_u64(p + 56, ts_nanos(&st->ctime));
	return WASI_ESUCCESS;
}

bool wasi_times(uint64_t atim, uint64_t mtim, uint16_t fst, struct host_timespec ts[2])
{
	if ((fst & ~0xfu) || ((fst & WASI_FST_ATIM) && (fst & WASI_FST_ATIM_NOW)) ||
	    ((fst & WASI_FST_MTIM) && (fst & WASI_FST_MTIM_NOW)))
		return false;
	ts[0] = (struct host_timespec){0, HOST_UTIME_OMIT};
	ts[1] = ts[0];
	if (fst & WASI_FST_ATIM)
		ts[0] =
			(struct host_timespec){(int64_t)(atim / 1000000000u), (int64_t)(atim % 1000000000u)};
	if (fst & WASI_FST_ATIM_NOW)
		ts[0].nsec = HOST_UTIME_NOW;
	if (fst & WASI_FST_MTIM)
		ts[1] =
			(struct host_timespec){(int64_t)(mtim / 1000000000u), (int64_t)(mtim % 1000000000u)};
	if (fst & WASI_FST_MTIM_NOW)
		ts[1].nsec = HOST_UTIME_NOW;
	return true;
}

/* ---- the table ------------------------------------------------------------------------ */

static long close_host(int host);

/* The open fd in slot `fd`, or NULL; with fd_lock held. */
static struct wasi_fd *slot(struct w2n_wasi *w, uint32_t fd)
{
	return fd < w->nfds ? w->fds[fd] : NULL;
}

struct wasi_fd *wasi_fd_get(struct w2n_wasi *w, uint32_t fd, uint64_t rights, uint16_t *err)
{
	w2n_lock(&w->fd_lock);
	struct wasi_fd *f = slot(w, fd);
	*err = f == NULL ? WASI_EBADF : (f->base & rights) != rights ? WASI_ENOTCAPABLE : WASI_ESUCCESS;
	if (*err == WASI_ESUCCESS)
		f->refs++;
	w2n_unlock(&w->fd_lock);
	return *err == WASI_ESUCCESS ? f : NULL;
}

long wasi_fd_put(struct w2n_wasi *w, struct wasi_fd *f)
{
	w2n_lock(&w->fd_lock);
	bool last = --f->refs == 0;
	w2n_unlock(&w->fd_lock);
	if (!last)
		return 0;
	long r = close_host(f->host);
	w2n_free(f->preopen);
	w2n_free(f->dir_marks);
	w2n_free(f);
	return r;
}

void wasi_fd_rights(struct w2n_wasi *w, const struct wasi_fd *f, uint64_t *base,
                    uint64_t *inheriting)
{
	w2n_lock(&w->fd_lock);
	*base = f->base;
	*inheriting = f->inheriting;
	w2n_unlock(&w->fd_lock);
}

/* The lowest free slot, the table grown if it is full; with fd_lock held. -1: out of memory. */
static int64_t free_slot(struct w2n_wasi *w)
{
	uint32_t fd = 0;
	while (fd < w->nfds && w->fds[fd] != NULL)
		fd++;
	if (fd == w->nfds) {
		uint32_t n = w->nfds ? w->nfds * 2 : 16;
		struct wasi_fd **grown = w2n_realloc(w->fds, n * sizeof *grown);
		if (grown == NULL)
			return -1;
		for (uint32_t i = w->nfds; i < n; i++)
			grown[i] = NULL;
		w->fds = grown;
		w->nfds = n;
	}
	return fd;
}

int64_t wasi_fd_add(struct w2n_wasi *w, int host, uint8_t type, uint64_t base, uint64_t inheriting)
{
	struct wasi_fd *f = w2n_malloc(sizeof *f);
	if (f == NULL)
		return -1;
	*f = (struct wasi_fd){
		.host = host, .type = type, .refs = 1, .base = base, .inheriting = inheriting};
	w2n_lock(&w->fd_lock);
	int64_t fd = free_slot(w);
	if (fd >= 0)
		w->fds[fd] = f;
	w2n_unlock(&w->fd_lock);
	if (fd < 0)
		w2n_free(f);
	return fd;
}

void wasi_fd_free_all(struct w2n_wasi *w)
{
	for (uint32_t i = 0; i < w->nfds; i++) {
		struct wasi_fd *f = w->fds[i];
		if (f == NULL)
			continue;
		if (f->host > 2)
			host_close(f->host);
		w2n_free(f->preopen);
		w2n_free(f->dir_marks);
		w2n_free(f);
	}
	w2n_free(w->fds);
	w->fds = NULL;
	w->nfds = 0;
}

uint32_t w2n_wasi_fd_slots(const struct w2n_wasi *w)
{
	return w->nfds;
}

const char *w2n_wasi_fd_kind(const struct w2n_wasi *w, uint32_t fd)
{
	/* Asked by the host between runs: no lock (and w is const). */
	if (fd >= w->nfds || w->fds[fd] == NULL)
		return NULL;
	switch (w->fds[fd]->type) {
	case WASI_FILETYPE_REGULAR_FILE:
		return "a file";
	case WASI_FILETYPE_DIRECTORY:
		return "a directory";
	case WASI_FILETYPE_SOCKET_STREAM:
	case WASI_FILETYPE_SOCKET_DGRAM:
		return "a socket";
	default:
		return "a descriptor";
	}
}

/* Closing a guest fd whose host fd is 0, 1 or 2 puts /dev/null there instead: the file is
 * released (a pipe reader sees EOF), but the number stays taken, so that nothing the guest
 * opens later becomes the runtime's stderr (trap messages) by accident. */
static long close_host(int host)
{
	if (host > 2)
		return host_close(host);
	long null = sys6(W2N_SYS_openat, HOST_AT_FDCWD, (long)"/dev/null", HOST_O_RDWR | HOST_O_CLOEXEC,
	                 0, 0, 0);
	if (null < 0)
		return host_close(host);
	long r = sys3(W2N_SYS_dup3, null, host, 0);
	host_close((int)null);
	return r < 0 ? r : 0;
}

/* Stdio: the host's fds 0-2 as WASI fds 0-2. One closed at launch gets /dev/null first (see
 * close_host for why the numbers must stay taken). */
static bool add_stdio(struct w2n_wasi *w)
{
	for (int fd = 0; fd < 3; fd++) {
		struct host_statx st;
		if (host_statx(fd, "", HOST_AT_EMPTY_PATH, &st) < 0 &&
		    (close_host(fd) < 0 || host_statx(fd, "", HOST_AT_EMPTY_PATH, &st) < 0))
			return false;
		long fl = sys3(W2N_SYS_fcntl, fd, HOST_F_GETFL, 0);
		uint8_t type = wasi_filetype(fd, st.mode);
		uint64_t rights =
			wasi_max_rights(type, fd, fl < 0 ? HOST_O_RDWR : (int)(fl & HOST_O_ACCMODE));
		if (wasi_fd_add(w, fd, type, rights, 0) != fd)
			return false;
	}
	return true;
}

static const char *reason(long r)
{
	switch (-r) {
	case HOST_ENOENT:
		return "no such directory";
	case HOST_ENOTDIR:
		return "not a directory";
	case 13:
		return "permission denied";
	default:
		return "cannot open it";
	}
}

static bool add_dir(struct w2n_wasi *w, const struct w2n_wasi_dir *d, struct w2n_error *err)
{
	const char *guest = d->guest != NULL ? d->guest : d->host;
	long host = sys6(W2N_SYS_openat, HOST_AT_FDCWD, (long)d->host,
	                 HOST_O_RDONLY | W2N_O_DIRECTORY | HOST_O_CLOEXEC, 0, 0, 0);
	if (host < 0) {
		err->kind = W2N_ERR_RESOURCE;
		w2n_fmt(err->message, sizeof err->message, "cannot grant directory '%s': %s (errno %ld)",
		        d->host, reason(host), -host);
		return false;
	}
	size_t n = strlen(guest);
	char *name = w2n_malloc(n + 1);
	int64_t fd = name ? wasi_fd_add(w, (int)host, WASI_FILETYPE_DIRECTORY, WASI_RIGHTS_DIRECTORY,
	                                WASI_RIGHTS_DIRECTORY | WASI_RIGHTS_REGULAR_FILE)
	                  : -1;
	if (fd < 0) {
		w2n_free(name);
		host_close((int)host);
		err->kind = W2N_ERR_RESOURCE;
		w2n_fmt(err->message, sizeof err->message, "out of memory (WASI fd table)");
		return false;
	}
	memcpy(name, guest, n + 1);
	w->fds[fd]->preopen = name; /* before any thread runs: no lock needed */
	return true;
}

bool wasi_fd_init(struct w2n_wasi *w, const struct w2n_wasi_config *cfg, struct w2n_error *err)
{
	if (!cfg->stdio_closed && !add_stdio(w)) {
		err->kind = W2N_ERR_RESOURCE;
		w2n_fmt(err->message, sizeof err->message, "cannot set up stdin, stdout and stderr");
		return false;
	}
	for (size_t i = 0; i < cfg->ndirs; i++)
		if (!add_dir(w, &cfg->dirs[i], err))
			return false;
	for (size_t i = 0; i < cfg->nsockets; i++) {
		int host = cfg->sockets[i];
		struct host_statx st;
		if (host_statx(host, "", HOST_AT_EMPTY_PATH, &st) < 0 ||
		    (st.mode & HOST_S_IFMT) != HOST_S_IFSOCK) {
			err->kind = W2N_ERR_RESOURCE;
			w2n_fmt(err->message, sizeof err->message, "granted fd %d is not a socket", host);
			return false;
		}
		if (wasi_fd_add(w, host, wasi_filetype(host, st.mode), WASI_RIGHTS_LISTENER,
		                WASI_RIGHTS_SOCKET) < 0) {
			err->kind = W2N_ERR_RESOURCE;
			w2n_fmt(err->message, sizeof err->message, "out of memory (WASI fd table)");
			return false;
		}
	}
	return true;
}

/* ---- fd_* ------------------------------------------------------------------------------ *
 * Each takes its fd with wasi_fd_get and gives it back with wasi_fd_put on every path; those
 * with several early returns do their work in a helper taking the held fd. */

int32_t wasi_fd_close(struct w2n_vmctx *vm, uint32_t fd)
{
	struct w2n_wasi *w = wasi_of(vm);
	w2n_lock(&w->fd_lock);
	struct wasi_fd *f = slot(w, fd);
	if (f != NULL)
		w->fds[fd] = NULL;
	w2n_unlock(&w->fd_lock);
	if (f == NULL)
		return WASI_EBADF;
	/* The slot is free either way: Linux releases the fd even when close reports an error.
	 * If another thread's call still uses the fd, that call's put closes it. */
	return wasi_errno(wasi_fd_put(w, f));
}

int32_t wasi_fd_renumber(struct w2n_vmctx *vm, uint32_t fd, uint32_t to)
{
	struct w2n_wasi *w = wasi_of(vm);
	w2n_lock(&w->fd_lock);
	struct wasi_fd *from = slot(w, fd), *dst = slot(w, to);
	bool move = from != NULL && dst != NULL && from != dst;
	if (move) {
		w->fds[to] = from;
		w->fds[fd] = NULL;
	}
	w2n_unlock(&w->fd_lock);
	if (from == NULL || dst == NULL)
		return WASI_EBADF;
	if (move)
		wasi_fd_put(w, dst); /* the slot's reference to what `to` was */
	return WASI_ESUCCESS;
}

static uint16_t fdflags_of(long fl)
{
	uint16_t flags = 0;
	if (fl & HOST_O_APPEND)
		flags |= WASI_FDFLAG_APPEND;
	if (fl & HOST_O_NONBLOCK)
		flags |= WASI_FDFLAG_NONBLOCK;
	if ((fl & HOST_O_SYNC) == HOST_O_SYNC)
		flags |= WASI_FDFLAG_SYNC | WASI_FDFLAG_RSYNC;
	else if (fl & HOST_O_DSYNC)
		flags |= WASI_FDFLAG_DSYNC;
	return flags;
}

static uint16_t fdstat_get(struct w2n_wasi *w, struct wasi_fd *f, uint32_t stat)
{
	uint8_t *p = guest_ptr(w, stat, WASI_FDSTAT_SIZE);
	if (p == NULL)
		return WASI_EFAULT;
	long fl = sys3(W2N_SYS_fcntl, f->host, HOST_F_GETFL, 0);
	if (fl < 0)
		return wasi_errno(fl);
	uint64_t base, inheriting;
	wasi_fd_rights(w, f, &base, &inheriting);
	memset(p, 0, WASI_FDSTAT_SIZE);
	p[0] = f->type;
	put_u16(p + 2, fdflags_of(fl));
	put_u64(p + 8, base);
	put_u64(p + 16, inheriting);
	return WASI_ESUCCESS;
}

int32_t wasi_fd_fdstat_get(struct w2n_vmctx *vm, uint32_t fd, uint32_t stat)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, 0, &e);
	if (f == NULL)
		return e;
	e = fdstat_get(w, f, stat);
	wasi_fd_put(w, f);
	return e;
}

/* Linux can change only O_APPEND and O_NONBLOCK on an open file; the sync flags are fixed at
 * open (path_open), so asking for them here is `notsup` rather than a silent no-op. */
static uint16_t set_flags(int host, uint32_t flags)
{
	if (flags & ~0x1fu)
		return WASI_EINVAL;
	long fl = sys3(W2N_SYS_fcntl, host, HOST_F_GETFL, 0);
	if (fl < 0)
		return wasi_errno(fl);
	uint16_t sync = WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC;
	if ((flags & sync) != (fdflags_of(fl) & sync))
		return WASI_ENOTSUP;
	fl &= ~(long)(HOST_O_APPEND | HOST_O_NONBLOCK);
	if (flags & WASI_FDFLAG_APPEND)
		fl |= HOST_O_APPEND;
	if (flags & WASI_FDFLAG_NONBLOCK)
		fl |= HOST_O_NONBLOCK;
	return wasi_errno(sys3(W2N_SYS_fcntl, host, HOST_F_SETFL, fl));
}

int32_t wasi_fd_fdstat_set_flags(struct w2n_vmctx *vm, uint32_t fd, uint32_t flags)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &e);
	if (f == NULL)
		return e;
	e = set_flags(f->host, flags);
	wasi_fd_put(w, f);
	return e;
}

/* Rights can only be dropped: checked and changed in one hold of the lock. */
int32_t wasi_fd_fdstat_set_rights(struct w2n_vmctx *vm, uint32_t fd, uint64_t base,
                                  uint64_t inheriting)
{
	struct w2n_wasi *w = wasi_of(vm);
	w2n_lock(&w->fd_lock);
	struct wasi_fd *f = slot(w, fd);
	uint16_t e = f == NULL ? WASI_EBADF : WASI_ESUCCESS;
	if (f != NULL && ((base & ~f->base) || (inheriting & ~f->inheriting)))
		e = WASI_ENOTCAPABLE;
	if (e == WASI_ESUCCESS) {
		f->base = base;
		f->inheriting = inheriting;
	}
	w2n_unlock(&w->fd_lock);
	return e;
}

int32_t wasi_fd_filestat_get(struct w2n_vmctx *vm, uint32_t fd, uint32_t stat)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, WASI_RIGHT_FD_FILESTAT_GET, &e);
	if (f == NULL)
		return e;
	struct host_statx st;
	long r = host_statx(f->host, "", HOST_AT_EMPTY_PATH, &st);
	e = r < 0 ? wasi_errno(r) : wasi_put_filestat(w, stat, &st, wasi_filetype(f->host, st.mode));
	wasi_fd_put(w, f);
	return e;
}

/* The fd with `rights`, then syscall `nr` on its host fd with arguments a1..a4; `inval` instead
 * of the call if `invalid` (checked after the fd's own errors, as before). */
static int32_t on_fd(struct w2n_vmctx *vm, uint32_t fd, uint64_t rights, bool invalid, long nr,
                     long a1, long a2, long a3, long a4)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, rights, &e);
	if (f == NULL)
		return e;
	e = invalid ? WASI_EINVAL : wasi_errno(sys6(nr, f->host, a1, a2, a3, a4, 0));
	wasi_fd_put(w, f);
	return e;
}

int32_t wasi_fd_filestat_set_size(struct w2n_vmctx *vm, uint32_t fd, uint64_t size)
{
	return on_fd(vm, fd, WASI_RIGHT_FD_FILESTAT_SET_SIZE, size > INT64_MAX, W2N_SYS_ftruncate,
	             (long)size, 0, 0, 0);
}

int32_t wasi_fd_filestat_set_times(struct w2n_vmctx *vm, uint32_t fd, uint64_t atim, uint64_t mtim,
                                   uint32_t fst)
{
	struct host_timespec ts[2];
	bool bad = !wasi_times(atim, mtim, (uint16_t)fst, ts) || fst > 0xffff;
	/* utimensat with a NULL path is futimens: it acts on the fd itself. */
	return on_fd(vm, fd, WASI_RIGHT_FD_FILESTAT_SET_TIMES, bad, W2N_SYS_utimensat, 0, (long)ts, 0,
	             0);
}

/* WASI advice order: normal, sequential, random, willneed, dontneed, noreuse; Linux swaps
 * sequential (2) and random (1). */
int32_t wasi_fd_advise(struct w2n_vmctx *vm, uint32_t fd, uint64_t off, uint64_t len,
                       uint32_t advice)
{
	static const uint8_t host_advice[6] = {0, 2, 1, 3, 4, 5};
	bool bad = advice > 5 || off > INT64_MAX || len > INT64_MAX;
	return on_fd(vm, fd, WASI_RIGHT_FD_ADVISE, bad, W2N_SYS_fadvise64, (long)off, (long)len,
	             bad ? 0 : host_advice[advice], 0);
}

int32_t wasi_fd_allocate(struct w2n_vmctx *vm, uint32_t fd, uint64_t off, uint64_t len)
{
	bool bad = off > INT64_MAX || len > INT64_MAX || off + len > INT64_MAX;
	return on_fd(vm, fd, WASI_RIGHT_FD_ALLOCATE, bad, W2N_SYS_fallocate, 0, (long)off, (long)len,
	             0);
}

int32_t wasi_fd_datasync(struct w2n_vmctx *vm, uint32_t fd)
{
	return on_fd(vm, fd, WASI_RIGHT_FD_DATASYNC, false, W2N_SYS_fdatasync, 0, 0, 0, 0);
}

int32_t wasi_fd_sync(struct w2n_vmctx *vm, uint32_t fd)
{
	return on_fd(vm, fd, WASI_RIGHT_FD_SYNC, false, W2N_SYS_fsync, 0, 0, 0, 0);
}

/* The preopen name of fd (the string lives as long as the fd: copied while held). */
static uint16_t prestat(struct w2n_wasi *w, struct wasi_fd *f, uint32_t ptr, uint32_t len,
                        bool name)
{
	if (f->preopen == NULL)
		return WASI_EBADF;
	size_t n = strlen(f->preopen);
	if (!name) {
		uint8_t *p = guest_ptr(w, ptr, 8);
		if (p == NULL)
			return WASI_EFAULT;
		memset(p, 0, 8); /* tag 0: a directory */
		put_u32(p + 4, (uint32_t)n);
		return WASI_ESUCCESS;
	}
	if (len < n)
		return WASI_ENAMETOOLONG;
	uint8_t *p = guest_ptr(w, ptr, n);
	if (p == NULL)
		return WASI_EFAULT;
	memcpy(p, f->preopen, n);
	return WASI_ESUCCESS;
}

static int32_t prestat_call(struct w2n_vmctx *vm, uint32_t fd, uint32_t ptr, uint32_t len,
                            bool name)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, 0, &e);
	if (f == NULL)
		return e;
	e = prestat(w, f, ptr, len, name);
	wasi_fd_put(w, f);
	return e;
}

int32_t wasi_fd_prestat_get(struct w2n_vmctx *vm, uint32_t fd, uint32_t prestat)
{
	return prestat_call(vm, fd, prestat, 0, false);
}

int32_t wasi_fd_prestat_dir_name(struct w2n_vmctx *vm, uint32_t fd, uint32_t path, uint32_t len)
{
	return prestat_call(vm, fd, path, len, true);
}

/* lseek(off, whence) on the fd with `rights`; the new offset goes to guest pointer `result`. */
static int32_t seek(struct w2n_vmctx *vm, uint32_t fd, uint64_t rights, uint64_t off,
                    uint32_t whence, uint32_t result)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, rights, &e);
	if (f == NULL)
		return e;
	long r = 0;
	if (whence > 2) /* WASI set, cur, end = Linux SEEK_SET, SEEK_CUR, SEEK_END */
		e = WASI_EINVAL;
	else if (guest_ptr(w, result, 8) == NULL)
		e = WASI_EFAULT;
	else
		r = sys3(W2N_SYS_lseek, f->host, (long)off, whence);
	wasi_fd_put(w, f);
	if (e != WASI_ESUCCESS || r < 0)
		return e != WASI_ESUCCESS ? e : wasi_errno(r);
	return wasi_put_u64(w, result, (uint64_t)r);
}

int32_t wasi_fd_seek(struct w2n_vmctx *vm, uint32_t fd, uint64_t off, uint32_t whence,
                     uint32_t newoff)
{
	/* Asking for the current position is a tell: fd_tell's right suffices. */
	uint64_t need = off == 0 && whence == 1 ? WASI_RIGHT_FD_TELL : WASI_RIGHT_FD_SEEK;
	return seek(vm, fd, need, off, whence, newoff);
}

int32_t wasi_fd_tell(struct w2n_vmctx *vm, uint32_t fd, uint32_t off)
{
	return seek(vm, fd, WASI_RIGHT_FD_TELL, 0, 1, off);
}
