/* lock.c — the mutex behind the runtime's shared registries (allocator, signatures, modules,
 * memory reservations), so that instances can be created and freed on several threads at once.
 *
 * Drepper's three-state futex mutex ("Futexes Are Tricky", mutex 2): 0 free, 1 held, 2 held
 * and maybe waited for. An uncontended lock and unlock are one atomic instruction each; only
 * contention makes a syscall. The holder's identity (the address of its thread state, unique
 * among live threads) lets the signal handler see that the faulting thread itself holds a lock
 * it needs: the fault is then a runtime bug, and waiting would hang instead of crashing. */
#include "rt.h"

static const void *me(void)
{
	return &w2n_self;
}

void w2n_lock(struct w2n_lock *l)
{
	uint32_t c = 0;
	if (!__atomic_compare_exchange_n(&l->state, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		if (c != 2)
			c = __atomic_exchange_n(&l->state, 2, __ATOMIC_ACQUIRE);
		while (c != 0) {
			w2n_sys_futex_wait(&l->state, 2);
			c = __atomic_exchange_n(&l->state, 2, __ATOMIC_ACQUIRE);
		}
	}
	__atomic_store_n(&l->owner, me(), __ATOMIC_RELAXED);
}

void w2n_unlock(struct w2n_lock *l)
{
	__atomic_store_n(&l->owner, NULL, __ATOMIC_RELAXED);
	if (__atomic_fetch_sub(&l->state, 1, __ATOMIC_RELEASE) != 1) {
		__atomic_store_n(&l->state, 0, __ATOMIC_RELEASE);
		w2n_sys_futex_wake(&l->state, 1);
	}
}

bool w2n_lock_mine(const struct w2n_lock *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me();
}
