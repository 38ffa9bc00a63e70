/* errno.c — Linux errno → WASI errno. The Linux values are asm-generic's, shared by x86-64 and
 * AArch64. Most names coincide with a WASI errno and map to it; the few Linux-only ones map to
 * the closest WASI meaning, and anything unlisted to `io` (the guest learns that the call
 * failed, not a wrong reason). */
#include "internal.h"

/* Columns: X(LINUX_NAME, LINUX_VALUE, WASI_NAME) */
/* clang-format off */
#define HOST_ERRNOS(X)                                                                         \
	X(PERM, 1, PERM) X(NOENT, 2, NOENT) X(SRCH, 3, SRCH) X(INTR, 4, INTR) X(IO, 5, IO)         \
	X(NXIO, 6, NXIO) X(2BIG, 7, 2BIG) X(NOEXEC, 8, NOEXEC) X(BADF, 9, BADF)                    \
	X(CHILD, 10, CHILD) X(AGAIN, 11, AGAIN) X(NOMEM, 12, NOMEM) X(ACCES, 13, ACCES)            \
	X(FAULT, 14, FAULT) X(NOTBLK, 15, NOTSUP) X(BUSY, 16, BUSY) X(EXIST, 17, EXIST)            \
	X(XDEV, 18, XDEV) X(NODEV, 19, NODEV) X(NOTDIR, 20, NOTDIR) X(ISDIR, 21, ISDIR)            \
	X(INVAL, 22, INVAL) X(NFILE, 23, NFILE) X(MFILE, 24, MFILE) X(NOTTY, 25, NOTTY)            \
	X(TXTBSY, 26, TXTBSY) X(FBIG, 27, FBIG) X(NOSPC, 28, NOSPC) X(SPIPE, 29, SPIPE)            \
	X(ROFS, 30, ROFS) X(MLINK, 31, MLINK) X(PIPE, 32, PIPE) X(DOM, 33, DOM)                    \
	X(RANGE, 34, RANGE) X(DEADLK, 35, DEADLK) X(NAMETOOLONG, 36, NAMETOOLONG)                  \
	X(NOLCK, 37, NOLCK) X(NOSYS, 38, NOSYS) X(NOTEMPTY, 39, NOTEMPTY) X(LOOP, 40, LOOP)        \
	X(NOMSG, 42, NOMSG) X(IDRM, 43, IDRM) X(NODATA, 61, NOENT) X(TIME, 62, TIMEDOUT)            \
	X(NOLINK, 67, NOLINK) X(PROTO, 71, PROTO) X(MULTIHOP, 72, MULTIHOP)                        \
	X(BADMSG, 74, BADMSG) X(OVERFLOW, 75, OVERFLOW) X(ILSEQ, 84, ILSEQ)                        \
	X(NOTSOCK, 88, NOTSOCK) X(DESTADDRREQ, 89, DESTADDRREQ) X(MSGSIZE, 90, MSGSIZE)            \
	X(PROTOTYPE, 91, PROTOTYPE) X(NOPROTOOPT, 92, NOPROTOOPT)                                  \
	X(PROTONOSUPPORT, 93, PROTONOSUPPORT) X(SOCKTNOSUPPORT, 94, PROTONOSUPPORT)               \
	X(OPNOTSUPP, 95, NOTSUP) X(PFNOSUPPORT, 96, AFNOSUPPORT) X(AFNOSUPPORT, 97, AFNOSUPPORT)   \
	X(ADDRINUSE, 98, ADDRINUSE) X(ADDRNOTAVAIL, 99, ADDRNOTAVAIL) X(NETDOWN, 100, NETDOWN)     \
	X(NETUNREACH, 101, NETUNREACH) X(NETRESET, 102, NETRESET)                                  \
	X(CONNABORTED, 103, CONNABORTED) X(CONNRESET, 104, CONNRESET) X(NOBUFS, 105, NOBUFS)       \
	X(ISCONN, 106, ISCONN) X(NOTCONN, 107, NOTCONN) X(SHUTDOWN, 108, PIPE)                     \
	X(TIMEDOUT, 110, TIMEDOUT) X(CONNREFUSED, 111, CONNREFUSED) X(HOSTDOWN, 112, HOSTUNREACH)  \
	X(HOSTUNREACH, 113, HOSTUNREACH) X(ALREADY, 114, ALREADY) X(INPROGRESS, 115, INPROGRESS)   \
	X(STALE, 116, STALE) X(DQUOT, 122, DQUOT) X(CANCELED, 125, CANCELED)                       \
	X(OWNERDEAD, 130, OWNERDEAD) X(NOTRECOVERABLE, 131, NOTRECOVERABLE)
/* clang-format on */

#define HOST_ERRNO_MAX 132

static const uint8_t to_wasi[HOST_ERRNO_MAX] = {
#define HOST_ERRNO_ROW(NAME, VALUE, WASI) [VALUE] = WASI_E##WASI,
	HOST_ERRNOS(HOST_ERRNO_ROW)
#undef HOST_ERRNO_ROW
};

uint16_t wasi_errno(long r)
{
	if (r >= 0)
		return WASI_ESUCCESS;
	if (-r < HOST_ERRNO_MAX && to_wasi[-r] != 0)
		return to_wasi[-r];
	return WASI_EIO;
}
