/* fd.c — the guest's fd table (slots: host fd, filetype, rights, preopen name) and the fd_*
 * functions that are not reads or writes (those are in fd_io.c).
 *
 * WASI fds are indices into the table, not host fds: the guest can name only what it was
 * granted or opened itself. Each slot holds rights; a function checks the rights it needs
 * before touching the host fd (`notcapable` otherwise), and fds opened through a directory
 * get at most that directory's inheriting rights. */
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

struct wasi_fd *wasi_fd_get(struct w2n_wasi *w, uint32_t fd, uint64_t rights, uint16_t *err)
{
	if (fd >= w->nfds || w->fds[fd].host < 0) {
		*err = WASI_EBADF;
		return NULL;
	}
	struct wasi_fd *f = &w->fds[fd];
	if ((f->base & rights) != rights) {
		*err = WASI_ENOTCAPABLE;
		return NULL;
	}
	*err = WASI_ESUCCESS;
	return f;
}

int64_t wasi_fd_add(struct w2n_wasi *w, int host, uint8_t type, uint64_t base, uint64_t inheriting)
{
	uint32_t fd = 0;
	while (fd < w->nfds && w->fds[fd].host >= 0)
		fd++;
	if (fd == w->nfds) {
		uint32_t n = w->nfds ? w->nfds * 2 : 16;
		struct wasi_fd *grown = w2n_realloc(w->fds, n * sizeof *grown);
		if (grown == NULL)
			return -1;
		for (uint32_t i = w->nfds; i < n; i++)
			grown[i] = (struct wasi_fd){.host = -1};
		w->fds = grown;
		w->nfds = n;
	}
	w->fds[fd] =
		(struct wasi_fd){.host = host, .type = type, .base = base, .inheriting = inheriting};
	return fd;
}

uint32_t w2n_wasi_fd_slots(const struct w2n_wasi *w)
{
	return w->nfds;
}

const char *w2n_wasi_fd_kind(const struct w2n_wasi *w, uint32_t fd)
{
	if (fd >= w->nfds || w->fds[fd].host < 0)
		return NULL;
	switch (w->fds[fd].type) {
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

static void release(struct wasi_fd *f)
{
	w2n_free(f->preopen);
	w2n_free(f->dir_marks);
	*f = (struct wasi_fd){.host = -1};
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
	w->fds[fd].preopen = name;
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

/* ---- fd_* ------------------------------------------------------------------------------ */

int32_t wasi_fd_close(struct w2n_vmctx *vm, uint32_t fd)
{
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(wasi_of(vm), fd, 0, &e);
	if (f == NULL)
		return e;
	long r = close_host(f->host);
	release(f);
	/* The slot is free either way: Linux releases the fd even when close reports an error. */
	return wasi_errno(r);
}

int32_t wasi_fd_renumber(struct w2n_vmctx *vm, uint32_t fd, uint32_t to)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *from = wasi_fd_get(w, fd, 0, &e);
	struct wasi_fd *dst = from ? wasi_fd_get(w, to, 0, &e) : NULL;
	if (dst == NULL)
		return e;
	if (from == dst)
		return WASI_ESUCCESS;
	close_host(dst->host);
	release(dst);
	*dst = *from;
	*from = (struct wasi_fd){.host = -1};
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

int32_t wasi_fd_fdstat_get(struct w2n_vmctx *vm, uint32_t fd, uint32_t stat)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, 0, &e);
	if (f == NULL)
		return e;
	uint8_t *p = guest_ptr(w, stat, WASI_FDSTAT_SIZE);
	if (p == NULL)
		return WASI_EFAULT;
	long fl = sys3(W2N_SYS_fcntl, f->host, HOST_F_GETFL, 0);
	if (fl < 0)
		return wasi_errno(fl);
	memset(p, 0, WASI_FDSTAT_SIZE);
	p[0] = f->type;
	put_u16(p + 2, fdflags_of(fl));
	put_u64(p + 8, f->base);
	put_u64(p + 16, f->inheriting);
	return WASI_ESUCCESS;
}

/* Linux can change only O_APPEND and O_NONBLOCK on an open file; the sync flags are fixed at
 * open (path_open), so asking for them here is `notsup` rather than a silent no-op. */
int32_t wasi_fd_fdstat_set_flags(struct w2n_vmctx *vm, uint32_t fd, uint32_t flags)
{
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(wasi_of(vm), fd, WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &e);
	if (f == NULL)
		return e;
	if (flags & ~0x1fu)
		return WASI_EINVAL;
	long fl = sys3(W2N_SYS_fcntl, f->host, HOST_F_GETFL, 0);
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
	return wasi_errno(sys3(W2N_SYS_fcntl, f->host, HOST_F_SETFL, fl));
}

/* Rights can only be dropped. */
int32_t wasi_fd_fdstat_set_rights(struct w2n_vmctx *vm, uint32_t fd, uint64_t base,
                                  uint64_t inheriting)
{
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(wasi_of(vm), fd, 0, &e);
	if (f == NULL)
		return e;
	if ((base & ~f->base) || (inheriting & ~f->inheriting))
		return WASI_ENOTCAPABLE;
	f->base = base;
	f->inheriting = inheriting;
	return WASI_ESUCCESS;
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
	if (r < 0)
		return wasi_errno(r);
	return wasi_put_filestat(w, stat, &st, wasi_filetype(f->host, st.mode));
}

int32_t wasi_fd_filestat_set_size(struct w2n_vmctx *vm, uint32_t fd, uint64_t size)
{
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(wasi_of(vm), fd, WASI_RIGHT_FD_FILESTAT_SET_SIZE, &e);
	if (f == NULL)
		return e;
	if (size > INT64_MAX)
		return WASI_EINVAL;
	return wasi_errno(sys3(W2N_SYS_ftruncate, f->host, (long)size, 0));
}

int32_t wasi_fd_filestat_set_times(struct w2n_vmctx *vm, uint32_t fd, uint64_t atim, uint64_t mtim,
                                   uint32_t fst)
{
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(wasi_of(vm), fd, WASI_RIGHT_FD_FILESTAT_SET_TIMES, &e);
	if (f == NULL)
		return e;
	struct host_timespec ts[2];
	if (!wasi_times(atim, mtim, (uint16_t)fst, ts) || fst > 0xffff)
		return WASI_EINVAL;
	/* utimensat with a NULL path is futimens: it acts on the fd itself. */
	return wasi_errno(sys6(W2N_SYS_utimensat, f->host, 0, (long)ts, 0, 0, 0));
}

/* WASI advice order: normal, sequential, random, willneed, dontneed, noreuse; Linux swaps
 * sequential (2) and random (1). */
int32_t wasi_fd_advise(struct w2n_vmctx *vm, uint32_t fd, uint64_t off, uint64_t len,
                       uint32_t advice)
{
	static const uint8_t host_advice[6] = {0, 2, 1, 3, 4, 5};
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(wasi_of(vm), fd, WASI_RIGHT_FD_ADVISE, &e);
	if (f == NULL)
		return e;
	if (advice > 5 || off > INT64_MAX || len > INT64_MAX)
		return WASI_EINVAL;
	return wasi_errno(
		sys6(W2N_SYS_fadvise64, f->host, (long)off, (long)len, host_advice[advice], 0, 0));
}

int32_t wasi_fd_allocate(struct w2n_vmctx *vm, uint32_t fd, uint64_t off, uint64_t len)
{
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(wasi_of(vm), fd, WASI_RIGHT_FD_ALLOCATE, &e);
	if (f == NULL)
		return e;
	if (off > INT64_MAX || len > INT64_MAX || off + len > INT64_MAX)
		return WASI_EINVAL;
	return wasi_errno(sys6(W2N_SYS_fallocate, f->host, 0, (long)off, (long)len, 0, 0));
}

int32_t wasi_fd_datasync(struct w2n_vmctx *vm, uint32_t fd)
{
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(wasi_of(vm), fd, WASI_RIGHT_FD_DATASYNC, &e);
	return f ? wasi_errno(sys3(W2N_SYS_fdatasync, f->host, 0, 0)) : e;
}

int32_t wasi_fd_sync(struct w2n_vmctx *vm, uint32_t fd)
{
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(wasi_of(vm), fd, WASI_RIGHT_FD_SYNC, &e);
	return f ? wasi_errno(sys3(W2N_SYS_fsync, f->host, 0, 0)) : e;
}

int32_t wasi_fd_prestat_get(struct w2n_vmctx *vm, uint32_t fd, uint32_t prestat)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, 0, &e);
	if (f == NULL)
		return e;
	if (f->preopen == NULL)
		return WASI_EBADF;
	uint8_t *p = guest_ptr(w, prestat, 8);
	if (p == NULL)
		return WASI_EFAULT;
	memset(p, 0, 8); /* tag 0: a directory */
	put_u32(p + 4, (uint32_t)strlen(f->preopen));
	return WASI_ESUCCESS;
}

int32_t wasi_fd_prestat_dir_name(struct w2n_vmctx *vm, uint32_t fd, uint32_t path, uint32_t len)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, 0, &e);
	if (f == NULL)
		return e;
	if (f->preopen == NULL)
		return WASI_EBADF;
	size_t n = strlen(f->preopen);
	if (len < n)
		return WASI_ENAMETOOLONG;
	uint8_t *p = guest_ptr(w, path, n);
	if (p == NULL)
		return WASI_EFAULT;
	memcpy(p, f->preopen, n);
	return WASI_ESUCCESS;
}

int32_t wasi_fd_seek(struct w2n_vmctx *vm, uint32_t fd, uint64_t off, uint32_t whence,
                     uint32_t newoff)
{
	struct w2n_wasi *w = wasi_of(vm);
	/* Asking for the current position is a tell: fd_tell's right suffices. */
	uint64_t need = off == 0 && whence == 1 ? WASI_RIGHT_FD_TELL : WASI_RIGHT_FD_SEEK;
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, need, &e);
	if (f == NULL)
		return e;
	if (whence > 2) /* WASI set, cur, end = Linux SEEK_SET, SEEK_CUR, SEEK_END */
		return WASI_EINVAL;
	if (guest_ptr(w, newoff, 8) == NULL)
		return WASI_EFAULT;
	long r = sys3(W2N_SYS_lseek, f->host, (long)off, whence);
	if (r < 0)
		return wasi_errno(r);
	return wasi_put_u64(w, newoff, (uint64_t)r);
}

int32_t wasi_fd_tell(struct w2n_vmctx *vm, uint32_t fd, uint32_t off)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, WASI_RIGHT_FD_TELL, &e);
	if (f == NULL)
		return e;
	if (guest_ptr(w, off, 8) == NULL)
		return WASI_EFAULT;
	long r = sys3(W2N_SYS_lseek, f->host, 0, 1);
	if (r < 0)
		return wasi_errno(r);
	return wasi_put_u64(w, off, (uint64_t)r);
}
