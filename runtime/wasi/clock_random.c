/* clock_random.c — clock_res_get, clock_time_get, random_get. */
#include "internal.h"

/* WASI clock ids (realtime, monotonic, process and thread CPU time) are Linux's clock ids
 * 0..3 in the same order. */
int wasi_clock(uint32_t id)
{
	return id <= 3 ? (int)id : -1;
}

/* A timespec in nanoseconds; times before 1970 (never for these clocks) would be clamped. */
static uint64_t nanos(const struct host_timespec *ts)
{
	return ts->sec < 0 ? 0 : (uint64_t)ts->sec * 1000000000u + (uint64_t)ts->nsec;
}

int32_t wasi_clock_res_get(struct w2n_vmctx *vm, uint32_t id, uint32_t res)
{
	int clock = wasi_clock(id);
	if (clock < 0)
		return WASI_EINVAL;
	struct host_timespec ts;
	long r = sys3(W2N_SYS_clock_getres, clock, (long)&ts, 0);
	if (r < 0)
		return wasi_errno(r);
	return wasi_put_u64(wasi_of(vm), res, nanos(&ts));
}

/* `precision` is a hint the host may ignore; Linux clocks give what they have. */
int32_t wasi_clock_time_get(struct w2n_vmctx *vm, uint32_t id, uint64_t precision, uint32_t time)
{
	int clock = wasi_clock(id);
	if (clock < 0)
		return WASI_EINVAL;
	struct host_timespec ts;
	long r = sys3(W2N_SYS_clock_gettime, clock, (long)&ts, 0);
	if (r < 0)
		return wasi_errno(r);
	return wasi_put_u64(wasi_of(vm), time, nanos(&ts));
}

/* getrandom without flags blocks only until the kernel's pool is first initialized; it may
 * return fewer bytes than asked (large requests, signals), hence the loop. */
int32_t wasi_random_get(struct w2n_vmctx *vm, uint32_t buf, uint32_t len)
{
	uint8_t *p = guest_ptr(wasi_of(vm), buf, len);
	if (p == NULL)
		return WASI_EFAULT;
	while (len > 0) {
		long r = sys3(W2N_SYS_getrandom, (long)p, len, 0);
		if (r == -HOST_EINTR)
			continue;
		if (r < 0)
			return wasi_errno(r);
		p += r;
		len -= (uint32_t)r;
	}
	return WASI_ESUCCESS;
}
