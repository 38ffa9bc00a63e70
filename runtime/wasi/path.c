/* path.c — the path_* functions. Each checks the rights of the directory fd it is given,
 * copies the guest path (wasi_path_get), resolves it beneath that directory (resolve.c) and
 * makes one *at() call on the resolved (directory, name), never following a symlink there. */
#include "internal.h"

#define HOST_AT_SYMLINK_FOLLOW 0x400

/* A path not looked up yet: done() does nothing to it. */
static void unresolved(struct wasi_path *p)
{
	p->dir = -1;
	p->own_dir = false;
	p->root = NULL;
}

/* The directory fd `fd` with `rights`, held in p->root (the *at() call may use its host fd
 * after resolution: another thread closing it meanwhile must not free the number), and its
 * path resolved into *p. */
static uint16_t lookup(struct w2n_wasi *w, uint32_t fd, uint64_t rights, uint32_t ptr, uint32_t len,
                       bool follow, struct wasi_path *p)
{
	unresolved(p);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, rights, &e);
	if (f == NULL)
		return e;
	p->root = f;
	e = wasi_path_get(w, ptr, len, p);
	if (e != WASI_ESUCCESS)
		return e;
	return wasi_path_resolve(f->host, follow, p);
}

/* Closes what resolution opened and gives back the directory fd. */
static void done(struct w2n_wasi *w, struct wasi_path *p)
{
	wasi_path_done(p);
	if (p->root != NULL)
		wasi_fd_put(w, p->root);
	p->root = NULL;
}

/* The type of (dir, name) without following a symlink there; -1 if it does not exist. */
static int type_at(const struct wasi_path *p)
{
	struct host_statx st;
	if (host_statx(p->dir, p->name, HOST_AT_SYMLINK_NOFOLLOW, &st) < 0)
		return -1;
	return st.mode & HOST_S_IFMT;
}

/* A trailing slash names a directory: creating anything else there (a link, a symlink) is
 * `exist` if the name is taken and `noent` if not, as on Linux. */
static uint16_t not_a_dir_name(const struct wasi_path *p)
{
	return type_at(p) >= 0 ? WASI_EEXIST : WASI_ENOENT;
}

int32_t wasi_path_create_directory(struct w2n_vmctx *vm, uint32_t fd, uint32_t path, uint32_t len)
{
	struct w2n_wasi *w = wasi_of(vm);
	struct wasi_path p;
	uint16_t e = lookup(w, fd, WASI_RIGHT_PATH_CREATE_DIRECTORY, path, len, false, &p);
	if (e == WASI_ESUCCESS)
		e = wasi_errno(sys3(W2N_SYS_mkdirat, p.dir, (long)p.name, 0777));
	done(w, &p);
	return e;
}

int32_t wasi_path_filestat_get(struct w2n_vmctx *vm, uint32_t fd, uint32_t flags, uint32_t path,
                               uint32_t len, uint32_t stat)
{
	struct w2n_wasi *w = wasi_of(vm);
	struct wasi_path p;
	bool follow = flags & WASI_LOOKUP_SYMLINK_FOLLOW;
	uint16_t e = lookup(w, fd, WASI_RIGHT_PATH_FILESTAT_GET, path, len, follow, &p);
	struct host_statx st;
	long r = 0;
	if (e == WASI_ESUCCESS)
		r = host_statx(p.dir, p.name, HOST_AT_SYMLINK_NOFOLLOW, &st);
	if (e == WASI_ESUCCESS && r < 0)
		e = wasi_errno(r);
	if (e == WASI_ESUCCESS && p.trailing_slash && (st.mode & HOST_S_IFMT) != HOST_S_IFDIR)
		e = WASI_ENOTDIR;
	if (e == WASI_ESUCCESS)
		e = wasi_put_filestat(w, stat, &st, wasi_filetype(-1, st.mode));
	done(w, &p);
	return e;
}

int32_t wasi_path_filestat_set_times(struct w2n_vmctx *vm, uint32_t fd, uint32_t flags,
                                     uint32_t path, uint32_t len, uint64_t atim, uint64_t mtim,
                                     uint32_t fst)
{
	struct host_timespec ts[2];
	if (fst > 0xffff || !wasi_times(atim, mtim, (uint16_t)fst, ts))
		return WASI_EINVAL;
	struct w2n_wasi *w = wasi_of(vm);
	struct wasi_path p;
	bool follow = flags & WASI_LOOKUP_SYMLINK_FOLLOW;
	uint16_t e = lookup(w, fd, WASI_RIGHT_PATH_FILESTAT_SET_TIMES, path, len, follow, &p);
	if (e == WASI_ESUCCESS)
		e = wasi_errno(
			sys6(W2N_SYS_utimensat, p.dir, (long)p.name, (long)ts, HOST_AT_SYMLINK_NOFOLLOW, 0, 0));
	done(w, &p);
	return e;
}

int32_t wasi_path_link(struct w2n_vmctx *vm, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                       uint32_t old_len, uint32_t new_fd, uint32_t new_path, uint32_t new_len)
{
	struct w2n_wasi *w = wasi_of(vm);
	struct wasi_path from, to;
	unresolved(&to);
	bool follow = old_flags & WASI_LOOKUP_SYMLINK_FOLLOW;
	uint16_t e = lookup(w, old_fd, WASI_RIGHT_PATH_LINK_SOURCE, old_path, old_len, follow, &from);
	if (e == WASI_ESUCCESS)
		e = lookup(w, new_fd, WASI_RIGHT_PATH_LINK_TARGET, new_path, new_len, false, &to);
	if (e == WASI_ESUCCESS && to.trailing_slash)
		e = not_a_dir_name(&to);
	/* Flags 0: link (from.dir, from.name) itself; resolution followed it if asked to. */
	if (e == WASI_ESUCCESS)
		e = wasi_errno(
			sys6(W2N_SYS_linkat, from.dir, (long)from.name, to.dir, (long)to.name, 0, 0));
	done(w, &from);
	done(w, &to);
	return e;
}

/* open(2) flags for path_open's oflags and fdflags, or -1 if they are invalid. */
static int open_flags(uint32_t oflags, uint32_t fdflags, uint64_t base)
{
	if ((oflags & ~0xfu) || (fdflags & ~0x1fu))
		return -1;
	bool read = base & WASI_RIGHTS_NEED_READ, write = base & WASI_RIGHTS_NEED_WRITE;
	int flags = read && write ? HOST_O_RDWR : write ? HOST_O_WRONLY : HOST_O_RDONLY;
	flags |= HOST_O_NOCTTY;
	if (oflags & WASI_O_CREAT)
		flags |= HOST_O_CREAT;
	if (oflags & WASI_O_DIRECTORY)
		flags |= W2N_O_DIRECTORY;
	if (oflags & WASI_O_EXCL)
		flags |= HOST_O_EXCL;
	if (oflags & WASI_O_TRUNC)
		flags |= HOST_O_TRUNC;
	if (fdflags & WASI_FDFLAG_APPEND)
		flags |= HOST_O_APPEND;
	if (fdflags & WASI_FDFLAG_NONBLOCK)
		flags |= HOST_O_NONBLOCK;
	if (fdflags & WASI_FDFLAG_DSYNC)
		flags |= HOST_O_DSYNC;
	if (fdflags & (WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC))
		flags |= HOST_O_SYNC;
	return flags;
}

/* The rights path_open needs on the directory for these oflags. The sync fdflags need none:
 * in the witx rights model fd_sync and fd_datasync are the rights to call those functions, and
 * opening with O_SYNC/O_DSYNC only makes the writes the fd may already do synchronous (as in
 * Wasmtime, which opens such files whatever rights are asked for). */
static uint64_t open_rights(uint32_t oflags)
{
	uint64_t r = WASI_RIGHT_PATH_OPEN;
	if (oflags & WASI_O_CREAT)
		r |= WASI_RIGHT_PATH_CREATE_FILE;
	if (oflags & WASI_O_TRUNC)
		r |= WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
	return r;
}

/* path_open beneath the held directory `dir`: the new fd's number goes to `opened`. An open
 * may block (a FIFO waits for its other end): no lock is held, only the directory. */
static uint16_t open_in(struct w2n_wasi *w, struct wasi_fd *dir, uint32_t dirflags, uint32_t path,
                        uint32_t len, uint32_t oflags, uint64_t base, uint64_t inheriting,
                        uint32_t fdflags, uint32_t opened)
{
	/* A new fd gets at most what its directory may pass on. */
	uint64_t dir_base, dir_inheriting;
	wasi_fd_rights(w, dir, &dir_base, &dir_inheriting);
	if ((base & ~dir_inheriting) || (inheriting & ~dir_inheriting))
		return WASI_ENOTCAPABLE;
	int flags = open_flags(oflags, fdflags, base);
	if (flags < 0)
		return WASI_EINVAL;
	if (guest_ptr(w, opened, 4) == NULL)
		return WASI_EFAULT;
	struct wasi_path p;
	uint16_t e = wasi_path_get(w, path, len, &p);
	if (e != WASI_ESUCCESS)
		return e;
	long host =
		wasi_open_beneath(dir->host, &p, flags, 0666, dirflags & WASI_LOOKUP_SYMLINK_FOLLOW);
	if (host < 0)
		return (uint16_t)-host;
	struct host_statx st;
	long r = host_statx((int)host, "", HOST_AT_EMPTY_PATH, &st);
	if (r < 0) {
		host_close((int)host);
		return wasi_errno(r);
	}
	uint8_t type = wasi_filetype((int)host, st.mode);
	uint64_t max = wasi_max_rights(type, (int)host, flags & HOST_O_ACCMODE);
	int64_t newfd = wasi_fd_add(w, (int)host, type, base & max, inheriting);
	if (newfd < 0) {
		host_close((int)host);
		return WASI_ENOMEM;
	}
	return wasi_put_u32(w, opened, (uint32_t)newfd);
}

int32_t wasi_path_open(struct w2n_vmctx *vm, uint32_t fd, uint32_t dirflags, uint32_t path,
                       uint32_t len, uint32_t oflags, uint64_t base, uint64_t inheriting,
                       uint32_t fdflags, uint32_t opened)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *dir = wasi_fd_get(w, fd, open_rights(oflags), &e);
	if (dir == NULL)
		return e;
	e = open_in(w, dir, dirflags, path, len, oflags, base, inheriting, fdflags, opened);
	wasi_fd_put(w, dir);
	return e;
}

/* Reads the link into a host buffer first: the guest's may be shorter (the result is then
 * cut, as WASI says) or empty (readlinkat refuses a zero size). */
int32_t wasi_path_readlink(struct w2n_vmctx *vm, uint32_t fd, uint32_t path, uint32_t len,
                           uint32_t buf, uint32_t buf_len, uint32_t used)
{
	struct w2n_wasi *w = wasi_of(vm);
	struct wasi_path p;
	uint16_t e = lookup(w, fd, WASI_RIGHT_PATH_READLINK, path, len, false, &p);
	uint8_t *out = guest_ptr(w, buf, buf_len);
	if (e == WASI_ESUCCESS && (out == NULL || guest_ptr(w, used, 4) == NULL))
		e = WASI_EFAULT;
	if (e == WASI_ESUCCESS) {
		char target[WASI_PATH_MAX];
		long n = sys6(W2N_SYS_readlinkat, p.dir, (long)p.name, (long)target, sizeof target, 0, 0);
		if (n < 0) {
			e = wasi_errno(n);
		} else {
			uint32_t k = (uint64_t)n < buf_len ? (uint32_t)n : buf_len;
			memcpy(out, target, k);
			e = wasi_put_u32(w, used, k);
		}
	}
	done(w, &p);
	return e;
}

int32_t wasi_path_remove_directory(struct w2n_vmctx *vm, uint32_t fd, uint32_t path, uint32_t len)
{
	struct w2n_wasi *w = wasi_of(vm);
	struct wasi_path p;
	uint16_t e = lookup(w, fd, WASI_RIGHT_PATH_REMOVE_DIRECTORY, path, len, false, &p);
	if (e == WASI_ESUCCESS)
		e = wasi_errno(sys3(W2N_SYS_unlinkat, p.dir, (long)p.name, HOST_AT_REMOVEDIR));
	done(w, &p);
	return e;
}

int32_t wasi_path_rename(struct w2n_vmctx *vm, uint32_t fd, uint32_t old_path, uint32_t old_len,
                         uint32_t new_fd, uint32_t new_path, uint32_t new_len)
{
	struct w2n_wasi *w = wasi_of(vm);
	struct wasi_path from, to;
	unresolved(&to);
	uint16_t e = lookup(w, fd, WASI_RIGHT_PATH_RENAME_SOURCE, old_path, old_len, false, &from);
	if (e == WASI_ESUCCESS)
		e = lookup(w, new_fd, WASI_RIGHT_PATH_RENAME_TARGET, new_path, new_len, false, &to);
	/* With a trailing slash on either side, only a directory may move. */
	if (e == WASI_ESUCCESS && (from.trailing_slash || to.trailing_slash)) {
		int type = type_at(&from);
		if (type >= 0 && type != HOST_S_IFDIR)
			e = WASI_ENOTDIR;
	}
	if (e == WASI_ESUCCESS)
		e = wasi_errno(
			sys6(W2N_SYS_renameat2, from.dir, (long)from.name, to.dir, (long)to.name, 0, 0));
	done(w, &from);
	done(w, &to);
	return e;
}

/* The link's contents are the guest's string, stored as is, except that absolute targets are
 * refused: the guest could never follow one, and a host program later walking the preopen
 * would (a symlink to /etc/shadow is a trap set for the host). Relative targets that climb out
 * are stored; resolution refuses them when followed. */
int32_t wasi_path_symlink(struct w2n_vmctx *vm, uint32_t old_path, uint32_t old_len, uint32_t fd,
                          uint32_t new_path, uint32_t new_len)
{
	struct w2n_wasi *w = wasi_of(vm);
	struct wasi_path target, to;
	uint16_t e = wasi_path_get(w, old_path, old_len, &target);
	if (e != WASI_ESUCCESS)
		return e;
	e = lookup(w, fd, WASI_RIGHT_PATH_SYMLINK, new_path, new_len, false, &to);
	if (e == WASI_ESUCCESS && to.trailing_slash)
		e = not_a_dir_name(&to);
	if (e == WASI_ESUCCESS)
		e = wasi_errno(sys3(W2N_SYS_symlinkat, (long)target.buf, to.dir, (long)to.name));
	done(w, &to);
	return e;
}

int32_t wasi_path_unlink_file(struct w2n_vmctx *vm, uint32_t fd, uint32_t path, uint32_t len)
{
	struct w2n_wasi *w = wasi_of(vm);
	struct wasi_path p;
	uint16_t e = lookup(w, fd, WASI_RIGHT_PATH_UNLINK_FILE, path, len, false, &p);
	/* "name/" is never a file: a directory there is `isdir`, anything else `notdir`. */
	if (e == WASI_ESUCCESS && p.trailing_slash)
		e = type_at(&p) == HOST_S_IFDIR ? WASI_EISDIR : WASI_ENOTDIR;
	if (e == WASI_ESUCCESS)
		e = wasi_errno(sys3(W2N_SYS_unlinkat, p.dir, (long)p.name, 0));
	done(w, &p);
	return e;
}
