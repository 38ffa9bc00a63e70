/* atomic_wait.c — memory.atomic.wait32/wait64 and memory.atomic.notify (threads).
 *
 * A parking lot over Linux futexes: each waiting thread sleeps on a futex word of its own
 * (its `woken` flag, on its stack), queued in a bucket chosen by the host address it waits
 * on. Futexes compare 32 bits only, so sleeping on the wasm location itself could not serve
 * wait64; and a queue lets notify wake exactly the waiters of one address, oldest first, and
 * count them, as the proposal specifies.
 *
 * The bucket lock makes "compare the value, then sleep" atomic with respect to notify: a
 * waiter compares and queues itself under the lock, and notify dequeues under it, so a
 * notify that follows a store the waiter did not see finds the waiter queued. A waiter
 * leaves only under the lock too, so notify never touches a waiter that has returned. */
#include "rt.h"

#define WAIT_OK        0
#define WAIT_NOT_EQUAL 1
#define WAIT_TIMED_OUT 2
#define CLOCK_MONO     1 /* CLOCK_MONOTONIC */
#define NBUCKETS       64

struct waiter {
	const void *addr;           /* host address waited on */
	uint32_t woken;             /* set by notify; the futex word this thread sleeps on */
	struct waiter *next, *prev; /* the bucket's queue, oldest first */
};

static struct bucket {
	struct w2n_lock lock;
	struct waiter *head, *tail;
} buckets[NBUCKETS];

static struct bucket *bucket_of(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	return &buckets[((a >> 3) ^ (a >> 12)) % NBUCKETS];
}

static void enqueue(struct bucket *b, struct waiter *w)
{
	w->next = NULL;
	w->prev = b->tail;
	if (b->tail != NULL)
		b->tail->next = w;
	else
		b->head = w;
	b->tail = w;
}

static void dequeue(struct bucket *b, struct waiter *w)
{
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		b->head = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	else
		b->tail = w->prev;
}

/* The host address of an access of `bytes` at `ea` in `mem`, after the checks every atomic
 * access makes: natural alignment first, then bounds (written so that ea + bytes cannot wrap:
 * memory64 addresses reach 2^64). */
static uint8_t *checked(struct w2n_vmctx *vmctx, struct w2n_memory *mem, uint64_t ea,
                        unsigned bytes, const void *ret)
{
	if (ea & (bytes - 1))
		w2n_trap_from(vmctx, W2N_TRAP_UNALIGNED_ATOMIC, ret);
	uint64_t size = __atomic_load_n(&mem->size, __ATOMIC_ACQUIRE);
	if (size < bytes || ea > size - bytes)
		w2n_trap_from(vmctx, W2N_TRAP_MEMORY_OOB, ret);
	return mem->base + ea;
}

/* Sleeps until notified or until `deadline` (CLOCK_MONOTONIC ns; 0: none). Futex waits
 * return early on signals and spuriously: the loop waits again for what is left. */
static void sleep_until_woken(struct waiter *w, uint64_t deadline)
{
	while (__atomic_load_n(&w->woken, __ATOMIC_ACQUIRE) == 0) {
		if (deadline == 0) {
			w2n_sys_futex_wait(&w->woken, 0);
			continue;
		}
		uint64_t now = w2n_sys_clock_ns(CLOCK_MONO);
		if (now >= deadline)
			return;
		w2n_sys_futex_wait_ns(&w->woken, 0, deadline - now);
	}
}

/* The common part of wait32 and wait64, once the location is known to hold `expected`
 * (compared by the caller under the bucket lock, which it holds). */
static int32_t park(struct bucket *b, const void *addr, int64_t timeout)
{
	if (timeout == 0) {
		w2n_unlock(&b->lock);
		return WAIT_TIMED_OUT;
	}
	struct waiter w = {.addr = addr};
	uint64_t deadline = timeout < 0 ? 0 : w2n_sys_clock_ns(CLOCK_MONO) + (uint64_t)timeout;
	enqueue(b, &w);
	w2n_unlock(&b->lock);
	sleep_until_woken(&w, deadline);
	w2n_lock(&b->lock);
	int32_t r = WAIT_OK;
	if (__atomic_load_n(&w.woken, __ATOMIC_ACQUIRE) == 0) {
		dequeue(b, &w);
		r = WAIT_TIMED_OUT;
	}
	w2n_unlock(&b->lock);
	return r;
}

/* wait32 and wait64: `bytes` is 4 or 8; `ret` is the generated code's return address, which
 * names the trapping function. */
static int32_t wait(struct w2n_vmctx *vmctx, uint32_t mem, uint64_t ea, unsigned bytes,
                    uint64_t expected, int64_t timeout, const void *ret)
{
	struct w2n_memory *m = vmctx->memories[mem];
	void *p = checked(vmctx, m, ea, bytes, ret);
	if (!m->shared)
		w2n_trap_from(vmctx, W2N_TRAP_EXPECTED_SHARED, ret);
	struct bucket *b = bucket_of(p);
	w2n_lock(&b->lock);
	uint64_t now = bytes == 4 ? __atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST)
	                          : __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST);
	if (now != expected) {
		w2n_unlock(&b->lock);
		return WAIT_NOT_EQUAL;
	}
	return park(b, p, timeout);
}

int32_t w2n_rt_atomic_wait32(struct w2n_vmctx *vmctx, uint32_t mem, uint64_t ea, uint32_t expected,
                             int64_t timeout)
{
	return wait(vmctx, mem, ea, 4, expected, timeout, __builtin_return_address(0));
}

int32_t w2n_rt_atomic_wait64(struct w2n_vmctx *vmctx, uint32_t mem, uint64_t ea, uint64_t expected,
                             int64_t timeout)
{
	return wait(vmctx, mem, ea, 8, expected, timeout, __builtin_return_address(0));
}

/* Wakes up to `count` waiters of the address, oldest first. On a memory that is not shared
 * nobody can be waiting: 0, after the same checks. */
int32_t w2n_rt_atomic_notify(struct w2n_vmctx *vmctx, uint32_t mem, uint64_t ea, uint32_t count)
{
	struct w2n_memory *m = vmctx->memories[mem];
	const void *p = checked(vmctx, m, ea, 4, __builtin_return_address(0));
	if (!m->shared || count == 0)
		return 0;
	struct bucket *b = bucket_of(p);
	int32_t n = 0;
	w2n_lock(&b->lock);
	for (struct waiter *w = b->head, *next; w != NULL && (uint32_t)n < count; w = next) {
		next = w->next;
		if (w->addr != p)
			continue;
		dequeue(b, w);
		__atomic_store_n(&w->woken, 1, __ATOMIC_RELEASE);
		w2n_sys_futex_wake(&w->woken, 1);
		n++;
	}
	w2n_unlock(&b->lock);
	return n;
}
