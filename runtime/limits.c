/* limits.c — what a host allows an instance (include/wasm2native/limits.h, docs/limits.md):
 * memory and table caps, a stack budget and a deadline per call from the host, and fuel.
 *
 * Memory and table caps live in the objects (w2n_memory.limit_bytes, w2n_table.limit), so
 * that memory.grow and table.grow see them wherever they are called from; instance.c applies
 * them when it defines the objects.
 *
 * Stack and deadline are per call: w2n_call brackets every call from the host with
 * w2n_limits_enter and w2n_limits_leave. The outermost call into an instance
 *   - raises vmctx->stack_limit (the address function prologues compare the stack pointer
 *     with) to max_stack bytes below the current stack pointer, if that is above the limit
 *     the process's stack allows; nested calls keep the outer call's limit;
 *   - arms the instance's POSIX timer for timeout_ns. Its signal (W2N_SIG_DEADLINE, sent to
 *     the calling thread) sets W2N_INTERRUPT_DEADLINE in vmctx->interrupt if the deadline has
 *     really passed (a late signal from an earlier call finds a later deadline and does
 *     nothing); code compiled with interruption checks then calls w2n_rt_interrupted at its
 *     next function entry or loop header, which traps. Leaving disarms the timer.
 * Deadlines and stack budgets cover the instance's own code: a call into another instance's
 * function runs under that instance's limits.
 *
 * Fuel needs no runtime work while code runs: metered code keeps it in vmctx->fuel and traps
 * itself when a basic block costs more than is left.
 */
#include "rt.h"

/* The deadline signal: a real-time signal, since hosts rarely use one (SIGRTMIN+6 under
 * glibc, whose SIGRTMIN is 34). Not SIGALRM, which alarm() and sleep() implementations own. */
#define W2N_SIG_DEADLINE 40

/* A timer signal's siginfo: si_value follows the timer id and overrun count. */
struct timer_siginfo {
	int32_t signo, errno_, code, pad_;
	int32_t tid, overrun;
	void *value;
};

static bool metered(const struct w2n_instance *inst)
{
	return (inst->desc->code_limits & W2N_CODE_FUEL) != 0;
}

static bool over_limit(struct w2n_error *err, const char *what)
{
	err->kind = W2N_ERR_RESOURCE;
	w2n_fmt(err->message, sizeof err->message, "%s", what);
	return false;
}

bool w2n_limits_init(struct w2n_instance *inst, const struct w2n_instance_limits *limits,
                     struct w2n_error *err)
{
	uint32_t code = inst->desc->code_limits;
	if (limits != NULL)
		inst->limits = *limits;
	inst->timer = -1;
	inst->limited = inst->limits.max_stack != 0 || inst->limits.timeout_ns != 0;
	if (inst->limits.timeout_ns != 0 && !(code & W2N_CODE_INTERRUPTIBLE))
		return over_limit(err, "a timeout needs code compiled with interruption checks "
		                       "(wasm2native --interruptible)");
	if (inst->limits.fuel != 0 && !(code & W2N_CODE_FUEL))
		return over_limit(err, "fuel needs code compiled with fuel metering (wasm2native "
		                       "--fuel-metering)");
	w2n_instance_set_fuel(inst, inst->limits.fuel != 0 ? inst->limits.fuel : UINT64_MAX);
	return true;
}

bool w2n_limits_check_min(const char *what, uint64_t min, uint64_t cap, const char *unit,
                          struct w2n_error *err)
{
	if (cap == 0 || min <= cap)
		return true;
	err->kind = W2N_ERR_RESOURCE;
	w2n_fmt(err->message, sizeof err->message,
	        "%s minimum of %llu %s exceeds the instance's limit of %llu %s", what,
	        (unsigned long long)min, unit, (unsigned long long)cap, unit);
	return false;
}

/* ---- deadlines ------------------------------------------------------------------------------ */

/* Runs on the thread the timer names, possibly in the middle of wasm code or of a host
 * function: only reads the clock and sets a bit (both async-signal-safe). */
static void on_deadline(int sig, struct timer_siginfo *si, void *uc)
{
	struct w2n_instance *inst = si->value;
	uint64_t deadline = inst->deadline;
	if (deadline != 0 && w2n_sys_clock_ns(W2N_CLOCK_MONOTONIC) >= deadline)
		__atomic_fetch_or((uint32_t *)&inst->vmctx.interrupt, W2N_INTERRUPT_DEADLINE,
		                  __ATOMIC_RELAXED);
}

/* No SA_RESTART: a guest blocked in a host call (a WASI read, a sleep) gets EINTR and returns
 * to its code, whose next check stops it. */
static bool install_handler(void)
{
	static bool installed;
	if (installed)
		return true;
	struct w2n_sigaction sa = {
		.handler = (void *)on_deadline,
		.flags = W2N_SA_SIGINFO | W2N_SA_ONSTACK | W2N_SA_RESTORER,
		.restorer = w2n_sigreturn,
		.mask = 0,
	};
	installed = w2n_sys_sigaction(W2N_SIG_DEADLINE, &sa, NULL) == 0;
	return installed;
}

/* The instance's timer, signalling the calling thread (made again if another thread calls). */
static bool make_timer(struct w2n_instance *inst)
{
	long tid = w2n_sys_gettid();
	if (inst->timer >= 0 && inst->timer_tid == tid)
		return true;
	if (inst->timer >= 0)
		w2n_sys_timer_delete(inst->timer);
	struct w2n_sigevent ev = {
		.value = inst, .signo = W2N_SIG_DEADLINE, .notify = W2N_SIGEV_THREAD_ID, .tid = (int)tid};
	int timer;
	if (!install_handler() || w2n_sys_timer_create(W2N_CLOCK_MONOTONIC, &ev, &timer) != 0) {
		inst->timer = -1;
		return false;
	}
	inst->timer = timer;
	inst->timer_tid = tid;
	return true;
}

static void set_timer(struct w2n_instance *inst, uint64_t ns)
{
	struct w2n_itimerspec t = {.value = {(int64_t)(ns / 1000000000u), (int64_t)(ns % 1000000000u)}};
	w2n_sys_timer_settime(inst->timer, &t);
}

/* Starts the running call's deadline now. */
static bool arm(struct w2n_instance *inst, uint64_t timeout_ns)
{
	if (!make_timer(inst))
		return false;
	inst->deadline = w2n_sys_clock_ns(W2N_CLOCK_MONOTONIC) + timeout_ns;
	__atomic_fetch_and((uint32_t *)&inst->vmctx.interrupt, ~W2N_INTERRUPT_DEADLINE,
	                   __ATOMIC_RELAXED);
	set_timer(inst, timeout_ns);
	return true;
}

static void disarm(struct w2n_instance *inst)
{
	inst->deadline = 0;
	if (inst->timer >= 0)
		set_timer(inst, 0);
}

/* ---- around w2n_call ------------------------------------------------------------------------ */

bool w2n_limits_enter(const struct w2n_funcref *f, struct w2n_limits_frame *lf,
                      struct w2n_error *err)
{
	struct w2n_instance *inst = f->vmctx != NULL ? f->vmctx->instance : NULL;
	*lf = (struct w2n_limits_frame){.inst = inst};
	if (inst == NULL)
		return true;
	lf->stack_limit = inst->vmctx.stack_limit;
	if (inst->calls++ != 0 || !inst->limited)
		return true;
	uint64_t budget = inst->limits.max_stack;
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	if (budget != 0 && sp > budget && sp - budget > inst->vmctx.stack_limit)
		inst->vmctx.stack_limit = sp - budget;
	if (inst->limits.timeout_ns != 0 && !arm(inst, inst->limits.timeout_ns)) {
		w2n_limits_leave(lf);
		return over_limit(err, "cannot arm the deadline timer (timer_create failed)");
	}
	return true;
}

void w2n_limits_leave(const struct w2n_limits_frame *lf)
{
	struct w2n_instance *inst = lf->inst;
	if (inst == NULL)
		return;
	inst->vmctx.stack_limit = lf->stack_limit;
	if (--inst->calls == 0 && inst->deadline != 0)
		disarm(inst);
}

/* ---- generated code's entry ----------------------------------------------------------------- */

_Noreturn void w2n_rt_interrupted(struct w2n_vmctx *vmctx, uint32_t func_index)
{
	uint32_t why = __atomic_exchange_n((uint32_t *)&vmctx->interrupt, 0, __ATOMIC_RELAXED);
	uint32_t trap = why & W2N_INTERRUPT_HOST ? W2N_TRAP_INTERRUPTED_HOST : W2N_TRAP_INTERRUPTED;
	w2n_rt_trap(vmctx, trap, func_index);
}

/* ---- the host's controls -------------------------------------------------------------------- */

static bool interruptible(const struct w2n_instance *inst)
{
	return (inst->desc->code_limits & W2N_CODE_INTERRUPTIBLE) != 0;
}

bool w2n_instance_interrupt(struct w2n_instance *inst)
{
	if (!interruptible(inst))
		return false;
	__atomic_fetch_or((uint32_t *)&inst->vmctx.interrupt, W2N_INTERRUPT_HOST, __ATOMIC_RELAXED);
	return true;
}

bool w2n_instance_set_timeout(struct w2n_instance *inst, uint64_t timeout_ns)
{
	if (timeout_ns != 0 && !interruptible(inst))
		return false;
	inst->limits.timeout_ns = timeout_ns;
	inst->limited = inst->limits.max_stack != 0 || timeout_ns != 0;
	if (inst->calls == 0)
		return true;
	if (timeout_ns == 0) {
		disarm(inst);
		return true;
	}
	return arm(inst, timeout_ns);
}

/* Metered code checks the fuel at function entries, loop heads and after calls only, so it may
 * overrun by the blocks in between: what is left reads as 0 then. */
uint64_t w2n_instance_fuel(struct w2n_instance *inst)
{
	int64_t fuel = inst->vmctx.fuel;
	return !inst->fuel_limited ? UINT64_MAX : fuel < 0 ? 0 : (uint64_t)fuel;
}

/* Without a limit the code still counts, down from INT64_MAX: 292 years at 10^9 per second. */
bool w2n_instance_set_fuel(struct w2n_instance *inst, uint64_t fuel)
{
	inst->fuel_limited = metered(inst) && fuel != UINT64_MAX;
	inst->vmctx.fuel = fuel >= INT64_MAX ? INT64_MAX : (int64_t)fuel;
	return metered(inst);
}

bool w2n_instance_add_fuel(struct w2n_instance *inst, uint64_t n)
{
	if (!inst->fuel_limited)
		return metered(inst);
	uint64_t fuel = w2n_instance_fuel(inst);
	return w2n_instance_set_fuel(inst, fuel + n >= INT64_MAX ? INT64_MAX : fuel + n);
}

void w2n_limits_release(struct w2n_instance *inst)
{
	if (inst->timer >= 0)
		w2n_sys_timer_delete(inst->timer);
	inst->timer = -1;
}
