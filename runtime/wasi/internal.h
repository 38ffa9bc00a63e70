/* internal.h — the map of runtime/wasi/: the preview 1 types and constants (witx names), the
 * WASI state, and what each file offers the others. Hosts use include/wasm2native/wasi.h; this
 * header is for the files of this folder only.
 *
 * Conventions of every file here:
 * - A WASI function takes the vmctx of its funcref (the one embedded in struct w2n_wasi, see
 *   wasm2native/wasi.h), then its witx parameters: i32 parameters as uint32_t (pointers and
 *   sizes are unsigned offsets), i64 as uint64_t; it returns the WASI errno as int32_t.
 * - Guest memory is touched only through guest_ptr(), which checks offset + length against
 *   the current size of the bound memory: a bad pointer is errno `fault`, never a host fault.
 * - Host calls are raw syscalls returning -errno; wasi_errno() maps them (errno.c).
 */
#ifndef W2N_WASI_INTERNAL_H
#define W2N_WASI_INTERNAL_H

#include "rt.h"
#include "sysnum.h"
#include "wasm2native/wasi.h"

/* Every executable links all of WASI, and its functions spend their time in syscalls:
 * optimize them for size (clang's minsize: -Oz for one function, and what is inlined into it). */
#define WASI_SMALL __attribute__((minsize))

/* ---- errno.c: the WASI errno values, and the host → WASI mapping ------------------------- */

/* Columns: X(NAME, VALUE) — WASI_E<NAME>, as in the witx `errno` enum. */
/* clang-format off */
#define WASI_ERRNOS(X)                                                                        \
	X(SUCCESS, 0) X(2BIG, 1) X(ACCES, 2) X(ADDRINUSE, 3) X(ADDRNOTAVAIL, 4)                   \
	X(AFNOSUPPORT, 5) X(AGAIN, 6) X(ALREADY, 7) X(BADF, 8) X(BADMSG, 9) X(BUSY, 10)           \
	X(CANCELED, 11) X(CHILD, 12) X(CONNABORTED, 13) X(CONNREFUSED, 14) X(CONNRESET, 15)       \
	X(DEADLK, 16) X(DESTADDRREQ, 17) X(DOM, 18) X(DQUOT, 19) X(EXIST, 20) X(FAULT, 21)       \
	X(FBIG, 22) X(HOSTUNREACH, 23) X(IDRM, 24) X(ILSEQ, 25) X(INPROGRESS, 26) X(INTR, 27)    \
	X(INVAL, 28) X(IO, 29) X(ISCONN, 30) X(ISDIR, 31) X(LOOP, 32) X(MFILE, 33) X(MLINK, 34)  \
	X(MSGSIZE, 35) X(MULTIHOP, 36) X(NAMETOOLONG, 37) X(NETDOWN, 38) X(NETRESET, 39)         \
	X(NETUNREACH, 40) X(NFILE, 41) X(NOBUFS, 42) X(NODEV, 43) X(NOENT, 44) X(NOEXEC, 45)     \
	X(NOLCK, 46) X(NOLINK, 47) X(NOMEM, 48) X(NOMSG, 49) X(NOPROTOOPT, 50) X(NOSPC, 51)      \
	X(NOSYS, 52) X(NOTCONN, 53) X(NOTDIR, 54) X(NOTEMPTY, 55) X(NOTRECOVERABLE, 56)          \
	X(NOTSOCK, 57) X(NOTSUP, 58) X(NOTTY, 59) X(NXIO, 60) X(OVERFLOW, 61) X(OWNERDEAD, 62)   \
	X(PERM, 63) X(PIPE, 64) X(PROTO, 65) X(PROTONOSUPPORT, 66) X(PROTOTYPE, 67) X(RANGE, 68) \
	X(ROFS, 69) X(SPIPE, 70) X(SRCH, 71) X(STALE, 72) X(TIMEDOUT, 73) X(TXTBSY, 74)          \
	X(XDEV, 75) X(NOTCAPABLE, 76)
/* clang-format on */

enum wasi_errno {
#define WASI_ERRNO_ENUM(NAME, VALUE) WASI_E##NAME = VALUE,
	WASI_ERRNOS(WASI_ERRNO_ENUM)
#undef WASI_ERRNO_ENUM
};

/* Linux errno values (asm-generic: the same on x86-64 and AArch64) that the code tests. */
enum host_errno {
	HOST_EPERM = 1,
	HOST_ENOENT = 2,
	HOST_EINTR = 4,
	HOST_EBADF = 9,
	HOST_EAGAIN = 11,
	HOST_ENOMEM = 12,
	HOST_EEXIST = 17,
	HOST_EXDEV = 18,
	HOST_ENOTDIR = 20,
	HOST_EISDIR = 21,
	HOST_EINVAL = 22,
	HOST_ENOTTY = 25,
	HOST_ESPIPE = 29,
	HOST_ENAMETOOLONG = 36,
	HOST_ENOSYS = 38,
	HOST_ELOOP = 40,
	HOST_EOPNOTSUPP = 95,
};

/* A syscall result (≥ 0, or -errno) as a WASI errno: 0 for success; unknown errors are `io`. */
uint16_t wasi_errno(long r);

/* ---- the witx types other than errno --------------------------------------------------- */

enum wasi_filetype {
	WASI_FILETYPE_UNKNOWN,
	WASI_FILETYPE_BLOCK_DEVICE,
	WASI_FILETYPE_CHARACTER_DEVICE,
	WASI_FILETYPE_DIRECTORY,
	WASI_FILETYPE_REGULAR_FILE,
	WASI_FILETYPE_SOCKET_DGRAM,
	WASI_FILETYPE_SOCKET_STREAM,
	WASI_FILETYPE_SYMBOLIC_LINK,
};

/* rights: one bit per operation. */
#define WASI_RIGHT_FD_DATASYNC             (1ull << 0)
#define WASI_RIGHT_FD_READ                 (1ull << 1)
#define WASI_RIGHT_FD_SEEK                 (1ull << 2)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS     (1ull << 3)
#define WASI_RIGHT_FD_SYNC                 (1ull << 4)
#define WASI_RIGHT_FD_TELL                 (1ull << 5)
#define WASI_RIGHT_FD_WRITE                (1ull << 6)
#define WASI_RIGHT_FD_ADVISE               (1ull << 7)
#define WASI_RIGHT_FD_ALLOCATE             (1ull << 8)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY   (1ull << 9)
#define WASI_RIGHT_PATH_CREATE_FILE        (1ull << 10)
#define WASI_RIGHT_PATH_LINK_SOURCE        (1ull << 11)
#define WASI_RIGHT_PATH_LINK_TARGET        (1ull << 12)
#define WASI_RIGHT_PATH_OPEN               (1ull << 13)
#define WASI_RIGHT_FD_READDIR              (1ull << 14)
#define WASI_RIGHT_PATH_READLINK           (1ull << 15)
#define WASI_RIGHT_PATH_RENAME_SOURCE      (1ull << 16)
#define WASI_RIGHT_PATH_RENAME_TARGET      (1ull << 17)
#define WASI_RIGHT_PATH_FILESTAT_GET       (1ull << 18)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE  (1ull << 19)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES (1ull << 20)
#define WASI_RIGHT_FD_FILESTAT_GET         (1ull << 21)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE    (1ull << 22)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES   (1ull << 23)
#define WASI_RIGHT_PATH_SYMLINK            (1ull << 24)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY   (1ull << 25)
#define WASI_RIGHT_PATH_UNLINK_FILE        (1ull << 26)
#define WASI_RIGHT_POLL_FD_READWRITE       (1ull << 27)
#define WASI_RIGHT_SOCK_SHUTDOWN           (1ull << 28)
#define WASI_RIGHT_SOCK_ACCEPT             (1ull << 29)
#define WASI_RIGHTS_ALL                    ((1ull << 30) - 1)

/* The most an fd of each kind can hold (fd.c applies them: a file never gains directory
 * rights through inheritance, a directory never gains read or write). */
#define WASI_RIGHTS_REGULAR_FILE                                                \
	(WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK |         \
	 WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_TELL | \
	 WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ADVISE | WASI_RIGHT_FD_ALLOCATE |      \
	 WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_SET_SIZE |             \
	 WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_POLL_FD_READWRITE)
#define WASI_RIGHTS_DIRECTORY                                                                  \
	(WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_ADVISE |              \
	 WASI_RIGHT_PATH_CREATE_DIRECTORY | WASI_RIGHT_PATH_CREATE_FILE |                          \
	 WASI_RIGHT_PATH_LINK_SOURCE | WASI_RIGHT_PATH_LINK_TARGET | WASI_RIGHT_PATH_OPEN |        \
	 WASI_RIGHT_FD_READDIR | WASI_RIGHT_PATH_READLINK | WASI_RIGHT_PATH_RENAME_SOURCE |        \
	 WASI_RIGHT_PATH_RENAME_TARGET | WASI_RIGHT_PATH_FILESTAT_GET |                            \
	 WASI_RIGHT_PATH_FILESTAT_SET_SIZE | WASI_RIGHT_PATH_FILESTAT_SET_TIMES |                  \
	 WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_PATH_SYMLINK | \
	 WASI_RIGHT_PATH_REMOVE_DIRECTORY | WASI_RIGHT_PATH_UNLINK_FILE)
/* Terminals: no seek or tell (wasi-libc's isatty() tests exactly that). */
#define WASI_RIGHTS_TTY                                                          \
	(WASI_RIGHT_FD_READ | WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_WRITE | \
	 WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_POLL_FD_READWRITE)
#define WASI_RIGHTS_SOCKET                                                       \
	(WASI_RIGHT_FD_READ | WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_WRITE | \
	 WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_POLL_FD_READWRITE | WASI_RIGHT_SOCK_SHUTDOWN)
#define WASI_RIGHTS_LISTENER                                                                      \
	(WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_POLL_FD_READWRITE | \
	 WASI_RIGHT_SOCK_ACCEPT)
/* Rights that need the host fd open for reading, or for writing (path_open's access mode). */
#define WASI_RIGHTS_NEED_READ (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR)
#define WASI_RIGHTS_NEED_WRITE                                               \
	(WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE | \
	 WASI_RIGHT_FD_FILESTAT_SET_SIZE)

/* fdflags */
#define WASI_FDFLAG_APPEND   1
#define WASI_FDFLAG_DSYNC    2
#define WASI_FDFLAG_NONBLOCK 4
#define WASI_FDFLAG_RSYNC    8
#define WASI_FDFLAG_SYNC     16
/* oflags */
#define WASI_O_CREAT     1
#define WASI_O_DIRECTORY 2
#define WASI_O_EXCL      4
#define WASI_O_TRUNC     8
/* lookupflags */
#define WASI_LOOKUP_SYMLINK_FOLLOW 1
/* fstflags */
#define WASI_FST_ATIM     1
#define WASI_FST_ATIM_NOW 2
#define WASI_FST_MTIM     4
#define WASI_FST_MTIM_NOW 8

/* Layouts (little-endian, offsets as in the witx). */
#define WASI_FDSTAT_SIZE 24 /* filetype u8 @0, flags u16 @2, rights_base @8, inheriting @16 */
#define WASI_FILESTAT_SIZE \
	64                      /* dev @0, ino @8, filetype u8 @16, nlink @24, size @32,
                                 atim @40, mtim @48, ctim @56 */
#define WASI_DIRENT_SIZE 24 /* d_next @0, d_ino @8, d_namlen u32 @16, d_type u8 @20 */
#define WASI_IOVEC_SIZE  8  /* buf u32 @0, buf_len u32 @4 */

/* ---- the WASI state (wasi.h's struct w2n_wasi) ------------------------------------------- */

/* An open guest fd: what a slot of the fd table points to. Threads (wasi-threads) call WASI
 * at once, so the table is behind a lock and an fd is reference-counted: the table's slot
 * holds one reference and each call using the fd holds one from wasi_fd_get to wasi_fd_put.
 * fd_close empties the slot and drops the slot's reference; the host fd is closed when the last
 * goes, so a call still using it never sees its number reused for another file. */
struct wasi_fd {
	int host;                 /* host fd; fixed while the object lives */
	uint8_t type;             /* enum wasi_filetype, fixed when the fd is opened */
	uint32_t refs;            /* the slot's reference (while in the table) + calls using it */
	uint64_t base;            /* rights on this fd (changed under the table's lock only) */
	uint64_t inheriting;      /* rights path_open may hand to fds opened through it (likewise) */
	char *preopen;            /* a preopened directory's guest name (NUL-terminated), else NULL */
	struct w2n_lock dir_lock; /* fd_readdir: held while it reads and updates the fields below */
	/* fd_readdir: the host directory positions after the last two entries returned, by
	 * cookie, so that reading on (or re-reading a cut-off entry) needs no rescan. */
	uint64_t dir_cookie[2];
	int64_t dir_off[2];
	/* ... and after every WASI_DIR_MARK-th entry seen so far (dir_marks[i]: after entry
	 * (i + 1) * WASI_DIR_MARK), so that any other cookie reads on from the mark before it
	 * rather than from the start (w2n_malloc'd; NULL until a directory is read that far). */
	int64_t *dir_marks;
	uint32_t dir_nmarks, dir_cap;
};
#define WASI_DIR_MARK 64

#define WASI_NFUNCS   46 /* rows of funcs.def */

struct w2n_wasi {
	/* First, so that a WASI function turns the vmctx it is called with back into its
	 * struct w2n_wasi with a cast. Only `memory` (set by w2n_wasi_bind) and stack_limit are
	 * used: nothing generated runs with this vmctx. */
	struct w2n_vmctx vmctx;
	char *args; /* argv strings, each NUL-terminated, back to back */
	uint32_t argc, args_size;
	char *env; /* "K=V" strings, likewise */
	uint32_t envc, env_size;
	struct wasi_fd **fds;                  /* the fd table, indexed by WASI fd; NULL: free */
	uint32_t nfds;                         /* slots allocated */
	struct w2n_lock fd_lock;               /* fds, nfds, slots, refs and rights: fd.c */
	struct w2n_funcref funcs[WASI_NFUNCS]; /* what w2n_wasi_resolve hands out, by funcs.def row */
};

static inline struct w2n_wasi *wasi_of(struct w2n_vmctx *vm)
{
	return (struct w2n_wasi *)vm;
}

/* Guest memory [off, off + len), or NULL if any of it is outside the bound memory (or no
 * memory is bound). The size is read per call: memory.grow may have changed it. */
static inline uint8_t *guest_ptr(struct w2n_wasi *w, uint32_t off, uint64_t len)
{
	struct w2n_memory *m = w->vmctx.memory;
	if (m == NULL || (uint64_t)off + len > m->size)
		return NULL;
	return m->base + off;
}

/* Unaligned little-endian accesses to guest memory (both targets are little-endian). */
static inline uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}
static inline uint64_t get_u64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}
static inline uint16_t get_u16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return v;
}
static inline void put_u16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}
static inline void put_u32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}
static inline void put_u64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* Stores a u32 result at a guest pointer: `fault` if it does not fit. */
uint16_t wasi_put_u32(struct w2n_wasi *w, uint32_t ptr, uint32_t v);
uint16_t wasi_put_u64(struct w2n_wasi *w, uint32_t ptr, uint64_t v);

/* ---- syscalls: thin wrappers over w2n_syscall (numbers in arch/<arch>/sysnum.h) ----------- */

static inline long sys3(long n, long a, long b, long c)
{
	return w2n_syscall(n, a, b, c, 0, 0, 0);
}
static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	return w2n_syscall(n, a, b, c, d, e, f);
}

/* Open flags common to both targets' kernels (O_DIRECTORY and O_NOFOLLOW differ: sysnum.h). */
#define HOST_O_RDONLY            0
#define HOST_O_WRONLY            1
#define HOST_O_RDWR              2
#define HOST_O_ACCMODE           3
#define HOST_O_CREAT             0100
#define HOST_O_EXCL              0200
#define HOST_O_NOCTTY            0400
#define HOST_O_TRUNC             01000
#define HOST_O_APPEND            02000
#define HOST_O_NONBLOCK          04000
#define HOST_O_DSYNC             010000
#define HOST_O_SYNC              04010000
#define HOST_O_RSYNC             04010000
#define HOST_O_CLOEXEC           02000000
#define HOST_O_PATH              010000000
#define HOST_AT_FDCWD            (-100)
#define HOST_AT_SYMLINK_NOFOLLOW 0x100
#define HOST_AT_REMOVEDIR        0x200
#define HOST_AT_EMPTY_PATH       0x1000

/* The kernel's struct statx: the same layout on every architecture (hence statx, not stat). */
struct host_statx_ts {
	int64_t sec;
	uint32_t nsec;
	int32_t pad;
};
struct host_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad1;
	uint64_t ino, size, blocks, attributes_mask;
	struct host_statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};
#define HOST_STATX_BASIC_STATS 0x7ffu
#define HOST_S_IFMT            0170000
#define HOST_S_IFSOCK          0140000
#define HOST_S_IFLNK           0120000
#define HOST_S_IFREG           0100000
#define HOST_S_IFBLK           0060000
#define HOST_S_IFDIR           0040000
#define HOST_S_IFCHR           0020000
#define HOST_S_IFIFO           0010000

/* statx(dirfd, path, flags, basic stats); path "" with AT_EMPTY_PATH: the fd itself. */
long host_statx(int dirfd, const char *path, int flags, struct host_statx *st);
long host_close(int fd);

/* ---- fd.c: the fd table and the fd_* functions (fd_io.c: reads, writes, readdir) -------- */

/* Stdio, the granted directories and sockets, in that order (WASI fds 0, 1, 2, 3, ...). */
WASI_SMALL bool wasi_fd_init(struct w2n_wasi *w, const struct w2n_wasi_config *cfg,
                             struct w2n_error *err);

/* The open fd `fd` if it holds every right in `rights`, with a reference the caller gives
 * back with wasi_fd_put when done with it (whatever it returns: every path puts it); else NULL
 * with *err set to `badf` or `notcapable`. No lock is held in between: blocking calls on the
 * host fd (a read on a pipe, a poll) leave the other threads' WASI calls running. */
struct wasi_fd *wasi_fd_get(struct w2n_wasi *w, uint32_t fd, uint64_t rights, uint16_t *err);
/* Drops a reference; the last closes the host fd (see close_host in fd.c) and returns the
 * close's result, else 0. */
long wasi_fd_put(struct w2n_wasi *w, struct wasi_fd *f);
/* f's rights, read under the lock (fd_fdstat_set_rights may change them meanwhile). */
void wasi_fd_rights(struct w2n_wasi *w, const struct wasi_fd *f, uint64_t *base,
                    uint64_t *inheriting);
/* Puts host fd `host` into the lowest free slot; -1 if out of memory (the host fd is then
 * the caller's to close). */
WASI_SMALL int64_t wasi_fd_add(struct w2n_wasi *w, int host, uint8_t type, uint64_t base,
                               uint64_t inheriting);
/* Closes every fd and frees the table (a failed w2n_wasi_new): no WASI call may be running.
 * Stdio stays open: it is the host's. */
void wasi_fd_free_all(struct w2n_wasi *w);
/* The WASI filetype of a statx mode (sockets: stream or datagram, asked of the socket). */
WASI_SMALL uint8_t wasi_filetype(int host, uint16_t mode);
/* Writes a filestat for `st` at guest pointer `ptr`. */
WASI_SMALL uint16_t wasi_put_filestat(struct w2n_wasi *w, uint32_t ptr, const struct host_statx *st,
                                      uint8_t type);
/* The rights a freshly opened fd of `type` can hold, given its access mode. */
WASI_SMALL uint64_t wasi_max_rights(uint8_t type, int host, int accmode);
/* timespec pair for utimensat from WASI times and fstflags; false if the flags conflict. */
struct host_timespec {
	int64_t sec, nsec;
};
WASI_SMALL bool wasi_times(uint64_t atim, uint64_t mtim, uint16_t fst, struct host_timespec ts[2]);

/* ---- resolve.c: sandboxed path resolution ------------------------------------------------- */

#define WASI_PATH_MAX 4096 /* Linux's PATH_MAX: longer guest paths are `nametoolong` */

/* A guest path, copied and checked (wasi_path_get), then resolved beneath a preopen
 * (wasi_path_resolve) for one *at() call on (dir, name). Lives on the caller's stack. */
struct wasi_path {
	int dir;              /* host directory fd beneath the root; -1 before resolution */
	bool own_dir;         /* dir was opened by the resolution (wasi_path_done closes it) */
	bool trailing_slash;  /* the guest path ended in '/' (stripped from name) */
	const char *name;     /* one component or ".": never "..", never containing '/' */
	struct wasi_fd *root; /* path.c: the directory fd resolved beneath, held until done */
	uint32_t len;         /* strlen(buf) */
	char buf[2 * WASI_PATH_MAX + 2]; /* the path, rewritten as symlinks are followed */
};

/* Copies guest path [ptr, ptr+len) into p: `fault` if outside memory, `inval` if it holds a
 * NUL, `noent` if empty, `nametoolong` past WASI_PATH_MAX, `ilseq` if not valid UTF-8,
 * `notcapable` if absolute. */
WASI_SMALL uint16_t wasi_path_get(struct w2n_wasi *w, uint32_t ptr, uint32_t len,
                                  struct wasi_path *p);
/* Resolves p beneath directory fd `root`: every component but the last (and the last too if
 * `follow`, or if the path ends in '/'), following symlinks, never leaving root. The *at()
 * call on (p->dir, p->name) must not follow a symlink at name (AT_SYMLINK_NOFOLLOW,
 * O_NOFOLLOW): resolution already did when asked to. Escapes through "..", or a symlink that
 * is absolute or climbs out, are `notcapable`; more than 40 symlinks, `loop`. */
WASI_SMALL uint16_t wasi_path_resolve(int root, bool follow, struct wasi_path *p);
/* Closes what resolution opened. */
void wasi_path_done(struct wasi_path *p);
/* Opens p beneath root with open(2) `flags` (O_NOFOLLOW added unless follow): one
 * openat2(RESOLVE_BENEATH) when the kernel has it, else wasi_path_resolve + openat. Returns
 * the host fd, or a WASI errno as a negative number. */
WASI_SMALL long wasi_open_beneath(int root, struct wasi_path *p, int flags, int mode, bool follow);

/* ---- fd_io.c: guest iovec arrays as host iovecs (sock.c uses them too) -------------------- */

struct host_iovec {
	void *base;
	size_t len;
};
#define WASI_IOV_MAX 1024 /* Linux's IOV_MAX: more is `inval` */
/* Checks and converts n guest iovecs at `iovs` into out[0..n). */
uint16_t wasi_iovecs(struct w2n_wasi *w, uint32_t iovs, uint32_t n, struct host_iovec *out);

/* ---- poll.c, sock.c, proc.c, clock_random.c, args_env.c, path.c -------------------------
 * Only the WASI functions themselves (funcs.def); args_env.c also fills w->args and w->env
 * (wasi_args_init). */

WASI_SMALL bool wasi_args_init(struct w2n_wasi *w, const struct w2n_wasi_config *cfg);
/* clock_random.c: the host clock for a WASI clock id, or -1. */
int wasi_clock(uint32_t id);

/* ---- the WASI functions: prototypes generated from funcs.def ------------------------------ */

#define WASI_FN(NAME, PARAMS, SIG)      WASI_SMALL int32_t wasi_##NAME PARAMS;
#define WASI_FN_VOID(NAME, PARAMS, SIG) WASI_SMALL void wasi_##NAME PARAMS;
#include "funcs.def"

#endif
