/* fd_io.c — fd_read, fd_write, fd_pread, fd_pwrite and fd_readdir: the functions that move
 * data between guest memory and files. Guest buffers are checked, then handed to the kernel
 * directly (readv/writev into guest memory), with no copy through host buffers. */
#include "internal.h"

uint16_t wasi_iovecs(struct w2n_wasi *w, uint32_t iovs, uint32_t n, struct host_iovec *out)
{
	if (n > WASI_IOV_MAX)
		return WASI_EINVAL;
	const uint8_t *arr = guest_ptr(w, iovs, (uint64_t)n * WASI_IOVEC_SIZE);
	if (arr == NULL)
		return WASI_EFAULT;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t buf = get_u32(arr + 8 * i), len = get_u32(arr + 8 * i + 4);
		uint8_t *p = guest_ptr(w, buf, len);
		if (p == NULL)
			return WASI_EFAULT;
		out[i] = (struct host_iovec){p, len};
	}
	return WASI_ESUCCESS;
}

/* One vectored transfer: syscall `nr` (readv, writev, preadv, pwritev) on host fd `host`; the
 * byte count goes to guest pointer `result`. */
static uint16_t transfer_on(struct w2n_wasi *w, int host, long nr, uint32_t iovs, uint32_t niovs,
                            uint64_t off, uint32_t result)
{
	if (off > INT64_MAX)
		return WASI_EINVAL;
	/* 16 KiB of host stack: host functions run in the 256 KiB kept below the stack limit. */
	struct host_iovec iov[WASI_IOV_MAX];
	uint16_t e = wasi_iovecs(w, iovs, niovs, iov);
	if (e != WASI_ESUCCESS)
		return e;
	if (guest_ptr(w, result, 4) == NULL)
		return WASI_EFAULT;
	/* preadv/pwritev take the offset split in two longs; on 64-bit targets the first holds
	 * all of it. */
	long r = sys6(nr, host, (long)iov, niovs, (long)off, 0, 0);
	if (r < 0)
		return wasi_errno(r);
	return wasi_put_u32(w, result, (uint32_t)r);
}

/* The same on WASI fd `fd`, if it holds `rights`. The fd is held, not locked, across the
 * call: a read on a pipe may block for as long as it likes. */
static int32_t transfer(struct w2n_vmctx *vm, long nr, uint64_t rights, uint32_t fd, uint32_t iovs,
                        uint32_t niovs, uint64_t off, uint32_t result)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, rights, &e);
	if (f == NULL)
		return e;
	e = transfer_on(w, f->host, nr, iovs, niovs, off, result);
	wasi_fd_put(w, f);
	return e;
}

int32_t wasi_fd_read(struct w2n_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t niovs,
                     uint32_t nread)
{
	return transfer(vm, W2N_SYS_readv, WASI_RIGHT_FD_READ, fd, iovs, niovs, 0, nread);
}

int32_t wasi_fd_write(struct w2n_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t niovs,
                      uint32_t nwritten)
{
	return transfer(vm, W2N_SYS_writev, WASI_RIGHT_FD_WRITE, fd, iovs, niovs, 0, nwritten);
}

int32_t wasi_fd_pread(struct w2n_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t niovs,
                      uint64_t off, uint32_t nread)
{
	return transfer(vm, W2N_SYS_preadv, WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK, fd, iovs, niovs,
	                off, nread);
}

int32_t wasi_fd_pwrite(struct w2n_vmctx *vm, uint32_t fd, uint32_t iovs, uint32_t niovs,
                       uint64_t off, uint32_t nwritten)
{
	return transfer(vm, W2N_SYS_pwritev, WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK, fd, iovs, niovs,
	                off, nwritten);
}

/* ---- fd_readdir -------------------------------------------------------------------------
 * A cookie counts entries: entry k (from 1) has d_next = k, and cookie k resumes after it;
 * cookie 0 is the start. Not the kernel's d_off: on ext4 that is a 63-bit hash, and
 * wasi-libc's telldir/seekdir keep cookies in a 32-bit long. The fd remembers where the host
 * directory stands after the last two entries returned (the last one may have been cut off,
 * and the guest then resumes after the one before) and after every WASI_DIR_MARK-th entry;
 * any other cookie reads on from the mark before it, never rescanning the whole directory.
 * The kernel's positions stay valid when entries are added or removed elsewhere (ext4's hash,
 * tmpfs's stable offsets), so a mark also keeps an old cookie where it was, as telldir does. */

/* Linux's struct linux_dirent64, followed by the name. */
struct host_dirent {
	uint64_t ino;
	int64_t off; /* the position after this entry */
	uint16_t reclen;
	uint8_t type;
	char name[];
};

#define DIRENT_BUF 4096

/* Entry number `k` ends at host position `off`: a mark if it is the next one due. Marks are
 * only a shortcut, so a failed allocation just leaves this one out. */
static void note_mark(struct wasi_fd *f, uint64_t k, int64_t off)
{
	if (k % WASI_DIR_MARK != 0 || k / WASI_DIR_MARK != (uint64_t)f->dir_nmarks + 1)
		return;
	if (f->dir_nmarks == f->dir_cap) {
		uint32_t cap = f->dir_cap ? f->dir_cap * 2 : 16;
		int64_t *marks = w2n_realloc(f->dir_marks, cap * sizeof *marks);
		if (marks == NULL)
			return;
		f->dir_marks = marks;
		f->dir_cap = cap;
	}
	f->dir_marks[f->dir_nmarks++] = off;
}

/* Positions the host fd so that getdents64 continues after entry number `cookie`. */
static long dir_seek(struct wasi_fd *f, uint64_t cookie)
{
	for (int i = 0; i < 2; i++)
		if (cookie != 0 && f->dir_cookie[i] == cookie)
			return sys3(W2N_SYS_lseek, f->host, f->dir_off[i], 0);
	uint64_t m = cookie / WASI_DIR_MARK < f->dir_nmarks ? cookie / WASI_DIR_MARK : f->dir_nmarks;
	long r = sys3(W2N_SYS_lseek, f->host, m ? f->dir_marks[m - 1] : 0, 0);
	uint64_t hbuf[DIRENT_BUF / 8];
	for (uint64_t k = m * WASI_DIR_MARK; r >= 0 && k < cookie;) {
		long n = sys3(W2N_SYS_getdents64, f->host, (long)hbuf, sizeof hbuf);
		if (n <= 0)
			return n; /* past the end: nothing more to read */
		for (long pos = 0; pos < n && k < cookie;) {
			const struct host_dirent *d = (const struct host_dirent *)((char *)hbuf + pos);
			note_mark(f, ++k, d->off);
			if (k == cookie)
				r = sys3(W2N_SYS_lseek, f->host, d->off, 0);
			pos += d->reclen;
		}
	}
	return r;
}

/* DT_* → WASI filetype; DT_UNKNOWN (some filesystems) is asked of the entry itself. */
static uint8_t dirent_type(int dir, const struct host_dirent *d)
{
	switch (d->type) {
	case 1: /* DT_FIFO */
		return WASI_FILETYPE_UNKNOWN;
	case 2:
		return WASI_FILETYPE_CHARACTER_DEVICE;
	case 4:
		return WASI_FILETYPE_DIRECTORY;
	case 6:
		return WASI_FILETYPE_BLOCK_DEVICE;
	case 8:
		return WASI_FILETYPE_REGULAR_FILE;
	case 10:
		return WASI_FILETYPE_SYMBOLIC_LINK;
	case 12: /* DT_SOCK: its type (stream, datagram) is not known without connecting */
		return WASI_FILETYPE_SOCKET_STREAM;
	default: {
		struct host_statx st;
		if (host_statx(dir, d->name, HOST_AT_SYMLINK_NOFOLLOW, &st) < 0)
			return WASI_FILETYPE_UNKNOWN;
		return wasi_filetype(-1, st.mode);
	}
	}
}

/* Appends entry number `cookie` (header, then name) at out[*used], cut off at `len`, and
 * remembers where it ends in the host directory. False when the buffer is full: by the WASI
 * contract a full buffer tells the guest to call again. */
static bool put_dirent(struct wasi_fd *f, const struct host_dirent *d, uint64_t cookie,
                       uint8_t *out, uint32_t len, uint32_t *used)
{
	uint8_t head[WASI_DIRENT_SIZE] = {0};
	uint32_t namlen = (uint32_t)strlen(d->name);
	put_u64(head + 0, cookie);
	put_u64(head + 8, d->ino);
	put_u32(head + 16, namlen);
	head[20] = dirent_type(f->host, d);
	uint32_t room = len - *used;
	uint32_t n = room < WASI_DIRENT_SIZE ? room : WASI_DIRENT_SIZE;
	memcpy(out + *used, head, n);
	*used += n;
	room -= n;
	n = room < namlen ? room : namlen;
	memcpy(out + *used, d->name, n);
	*used += n;
	f->dir_cookie[0] = f->dir_cookie[1];
	f->dir_off[0] = f->dir_off[1];
	f->dir_cookie[1] = cookie;
	f->dir_off[1] = d->off;
	note_mark(f, cookie, d->off);
	return *used < len;
}

static uint16_t readdir_on(struct w2n_wasi *w, struct wasi_fd *f, uint32_t buf, uint32_t len,
                           uint64_t cookie, uint32_t used_ptr)
{
	uint8_t *out = guest_ptr(w, buf, len);
	if (out == NULL || guest_ptr(w, used_ptr, 4) == NULL)
		return WASI_EFAULT;
	long r = dir_seek(f, cookie);
	if (r < 0)
		return wasi_errno(r);
	uint64_t hbuf[DIRENT_BUF / 8]; /* 8-byte aligned for the dirents */
	uint32_t used = 0;
	bool room = len > 0;
	while (room) {
		long n = sys3(W2N_SYS_getdents64, f->host, (long)hbuf, sizeof hbuf);
		if (n < 0)
			return wasi_errno(n);
		if (n == 0)
			break;
		for (long pos = 0; pos < n && room;) {
			const struct host_dirent *d = (const struct host_dirent *)((char *)hbuf + pos);
			room = put_dirent(f, d, ++cookie, out, len, &used);
			pos += d->reclen;
		}
	}
	return wasi_put_u32(w, used_ptr, used);
}

/* The directory's position and cookie cache are per fd: two threads reading one directory
 * take turns (dir_lock; getdents on a directory does not block indefinitely). */
int32_t wasi_fd_readdir(struct w2n_vmctx *vm, uint32_t fd, uint32_t buf, uint32_t len,
                        uint64_t cookie, uint32_t used_ptr)
{
	struct w2n_wasi *w = wasi_of(vm);
	uint16_t e;
	struct wasi_fd *f = wasi_fd_get(w, fd, WASI_RIGHT_FD_READDIR, &e);
	if (f == NULL)
		return e;
	w2n_lock(&f->dir_lock);
	e = readdir_on(w, f, buf, len, cookie, used_ptr);
	w2n_unlock(&f->dir_lock);
	wasi_fd_put(w, f);
	return e;
}
