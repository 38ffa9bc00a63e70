/* poll.c — poll_oneoff: clock subscriptions (relative or absolute timeouts on the realtime and
 * monotonic clocks) and fd subscriptions (readable, writable), waited for together with one
 * ppoll. Per-subscription problems (a bad fd, a clock that cannot be waited on) come back as
 * events carrying an error, as the witx says, and make the call return at once. */
#include "internal.h"

#define SUB_SIZE \
	48 /* userdata @0, tag u8 @8, clock {id u32 @16, timeout @24, precision @32,
                         flags u16 @40} | fd_readwrite {fd u32 @16} */
#define EVENT_SIZE       32 /* userdata @0, error u16 @8, type u8 @10, nbytes @16, flags u16 @24 */
#define EVENT_CLOCK      0
#define EVENT_FD_READ    1
#define EVENT_FD_WRITE   2
#define SUBCLOCK_ABSTIME 1
#define EVENT_HANGUP     1

#define HOST_POLLIN      0x1
#define HOST_POLLOUT     0x4
#define HOST_POLLERR     0x8
#define HOST_POLLHUP     0x10
#define HOST_POLLNVAL    0x20
#define HOST_FIONREAD    0x541b
#define NO_TIMEOUT       UINT64_MAX

struct host_pollfd {
	int fd;
	short events, revents;
};

static uint64_t now(int clock)
{
	struct host_timespec ts = {0, 0};
	sys3(W2N_SYS_clock_gettime, clock, (long)&ts, 0);
	return (uint64_t)ts.sec * 1000000000u + (uint64_t)ts.nsec;
}

static void put_event(uint8_t *ev, uint64_t userdata, uint16_t error, uint8_t type)
{
	memset(ev, 0, EVENT_SIZE);
	put_u64(ev, userdata);
	put_u16(ev + 8, error);
	ev[10] = type;
}

/* A clock subscription's timeout, relative, in ns; NO_TIMEOUT with *err set if the clock
 * cannot be waited on. The CPU-time clocks can be read but not waited on: they do not advance
 * while this thread sleeps in ppoll, so a future CPU-time deadline would never come (a hang).
 * One already reached (relative 0, or an absolute time the clock has passed) is due now;
 * any other is `notsup`, as in Wasmtime. */
static uint64_t clock_timeout(const uint8_t *sub, uint16_t *err)
{
	uint32_t id = get_u32(sub + 16);
	uint64_t timeout = get_u64(sub + 24);
	bool abs = get_u16(sub + 40) & SUBCLOCK_ABSTIME;
	*err = WASI_ESUCCESS;
	if (id > 3) {
		*err = WASI_EINVAL;
		return NO_TIMEOUT;
	}
	uint64_t t = abs ? now(wasi_clock(id)) : 0;
	uint64_t left = !abs ? timeout : timeout > t ? timeout - t : 0;
	if (id > 1 && left > 0) {
		*err = WASI_ENOTSUP;
		return NO_TIMEOUT;
	}
	return left;
}

/* Bytes available to read: what is left of a regular file, else what FIONREAD says. */
static uint64_t readable(int host)
{
	struct host_statx st;
	if (host_statx(host, "", HOST_AT_EMPTY_PATH, &st) == 0 &&
	    (st.mode & HOST_S_IFMT) == HOST_S_IFREG) {
		long pos = sys3(W2N_SYS_lseek, host, 0, 1);
		return pos >= 0 && st.size > (uint64_t)pos ? st.size - (uint64_t)pos : 0;
	}
	int n = 0;
	return sys3(W2N_SYS_ioctl, host, HOST_FIONREAD, (long)&n) == 0 && n > 0 ? (uint64_t)n : 0;
}

/* The state of one wait: the fds to poll (fds[i] belongs to subscription subs[i], and is
 * held[i]'s host fd: held, not locked, across the wait, so that another thread closing it
 * cannot have its number reused under the poll). */
struct wait {
	struct host_pollfd *fds;
	uint32_t *subs;
	struct wasi_fd **held;
	uint32_t nfds;
	uint64_t timeout; /* the nearest clock timeout, ns, or NO_TIMEOUT */
	uint32_t nevents; /* events written so far */
};

/* First pass: errors become events now, fds go into the poll set, clocks set the timeout. */
static void gather(struct w2n_wasi *w, const uint8_t *in, uint8_t *out, uint32_t nsubs,
                   struct wait *wt)
{
	for (uint32_t i = 0; i < nsubs; i++) {
		const uint8_t *sub = in + (uint64_t)i * SUB_SIZE;
		uint8_t tag = sub[8];
		uint16_t e = WASI_ESUCCESS;
		if (tag == EVENT_CLOCK) {
			uint64_t t = clock_timeout(sub, &e);
			if (e == WASI_ESUCCESS && t < wt->timeout)
				wt->timeout = t;
		} else if (tag == EVENT_FD_READ || tag == EVENT_FD_WRITE) {
			struct wasi_fd *f = wasi_fd_get(w, get_u32(sub + 16), WASI_RIGHT_POLL_FD_READWRITE, &e);
			if (f != NULL) {
				short events = tag == EVENT_FD_READ ? HOST_POLLIN : HOST_POLLOUT;
				wt->fds[wt->nfds] = (struct host_pollfd){f->host, events, 0};
				wt->held[wt->nfds] = f;
				wt->subs[wt->nfds++] = i;
			}
		} else {
			e = WASI_EINVAL;
		}
		if (e != WASI_ESUCCESS)
			put_event(out + (uint64_t)wt->nevents++ * EVENT_SIZE, get_u64(sub), e, tag);
	}
}

/* Second pass: ready fds and expired clocks become events. */
static void report(const uint8_t *in, uint8_t *out, uint32_t nsubs, struct wait *wt,
                   uint64_t elapsed)
{
	for (uint32_t k = 0; k < wt->nfds; k++) {
		const struct host_pollfd *pfd = &wt->fds[k];
		if (pfd->revents == 0)
			continue;
		const uint8_t *sub = in + (uint64_t)wt->subs[k] * SUB_SIZE;
		uint8_t *ev = out + (uint64_t)wt->nevents++ * EVENT_SIZE;
		uint16_t e = pfd->revents & HOST_POLLNVAL ? WASI_EBADF : WASI_ESUCCESS;
		put_event(ev, get_u64(sub), e, sub[8]);
		if (sub[8] == EVENT_FD_READ && e == WASI_ESUCCESS)
			put_u64(ev + 16, readable(pfd->fd));
		if (pfd->revents & HOST_POLLHUP)
			put_u16(ev + 24, EVENT_HANGUP);
	}
	for (uint32_t i = 0; i < nsubs; i++) {
		const uint8_t *sub = in + (uint64_t)i * SUB_SIZE;
		uint16_t e;
		if (sub[8] != EVENT_CLOCK)
			continue;
		uint64_t t = clock_timeout(sub, &e);
		/* Absolute timeouts were re-read against the clock: due now means 0. */
		bool due = (get_u16(sub + 40) & SUBCLOCK_ABSTIME) ? t == 0 : t <= elapsed;
		if (e == WASI_ESUCCESS && due)
			put_event(out + (uint64_t)wt->nevents++ * EVENT_SIZE, get_u64(sub), 0, EVENT_CLOCK);
	}
}

static void free_wait(struct wait *wt)
{
	w2n_free(wt->fds);
	w2n_free(wt->subs);
	w2n_free(wt->held);
}

int32_t wasi_poll_oneoff(struct w2n_vmctx *vm, uint32_t in_ptr, uint32_t out_ptr, uint32_t nsubs,
                         uint32_t nevents)
{
	struct w2n_wasi *w = wasi_of(vm);
	if (nsubs == 0)
		return WASI_EINVAL;
	const uint8_t *in = guest_ptr(w, in_ptr, (uint64_t)nsubs * SUB_SIZE);
	uint8_t *out = guest_ptr(w, out_ptr, (uint64_t)nsubs * EVENT_SIZE);
	if (in == NULL || out == NULL || guest_ptr(w, nevents, 4) == NULL)
		return WASI_EFAULT;
	struct wait wt = {.timeout = NO_TIMEOUT};
	wt.fds = w2n_malloc((uint64_t)nsubs * sizeof *wt.fds);
	wt.subs = w2n_malloc((uint64_t)nsubs * sizeof *wt.subs);
	wt.held = w2n_malloc((uint64_t)nsubs * sizeof *wt.held);
	if (wt.fds == NULL || wt.subs == NULL || wt.held == NULL) {
		free_wait(&wt);
		return WASI_ENOMEM;
	}
	gather(w, in, out, nsubs, &wt);
	/* Errors already reported: look at the fds, but do not wait. */
	uint64_t timeout = wt.nevents > 0 ? 0 : wt.timeout;
	struct host_timespec ts = {(int64_t)(timeout / 1000000000u), (int64_t)(timeout % 1000000000u)};
	uint64_t start = now(1);
	long r =
		sys6(W2N_SYS_ppoll, (long)wt.fds, wt.nfds, timeout == NO_TIMEOUT ? 0 : (long)&ts, 0, 8, 0);
	uint16_t e = r < 0 ? wasi_errno(r) : WASI_ESUCCESS;
	if (r >= 0) {
		/* When ppoll timed out, the nearest clock is due even if the clock we measure with
		 * reads a hair short of it. */
		uint64_t elapsed = now(1) - start;
		if (r == 0 && timeout != NO_TIMEOUT && elapsed < timeout)
			elapsed = timeout;
		report(in, out, nsubs, &wt, elapsed);
		e = wasi_put_u32(w, nevents, wt.nevents);
	}
	for (uint32_t k = 0; k < wt.nfds; k++)
		wasi_fd_put(w, wt.held[k]);
	free_wait(&wt);
	return e;
}
