/* monitor.h — watching a compile: the time each phase of the pipeline takes (--time-report)
 * and how far code generation has come (the command line's progress line). The library
 * updates a monitor from the threads that compile parts; the caller may read it at any time,
 * under its lock. */
#ifndef WASM2NATIVE_MONITOR_H
#define WASM2NATIVE_MONITOR_H

#include <pthread.h>
#include <stdint.h>

/* The phases of the pipeline, in order (DESIGN.md §2). Lower, optimize and codegen run once
 * per part (an LLVM module holding a range of functions), several parts at once. */
enum w2n_phase {
	W2N_PHASE_READ,     /* reading the input file */
	W2N_PHASE_DECODE,   /* binary format to struct w2n_module */
	W2N_PHASE_VALIDATE, /* the spec's validation */
	W2N_PHASE_LOWER,    /* wasm to LLVM IR */
	W2N_PHASE_OPTIMIZE, /* LLVM's pass pipeline */
	W2N_PHASE_CODEGEN,  /* instruction selection to register allocation: the object file */
	W2N_PHASE_CACHE,    /* looking parts up in the cache of compiled parts, storing them */
	W2N_PHASE_LINK,     /* joining the parts' objects, linking the executable (ld.lld) */
	W2N_NPHASES
};

/* The phase's name as --time-report prints it: "read", "decode", ... */
const char *w2n_phase_name(enum w2n_phase phase);

/* What one phase has cost and where it stands. */
struct w2n_phase_stats {
	double wall;      /* seconds; summed over the parts when several ran the phase */
	double cpu;       /* CPU seconds of the threads that ran it and of their child processes */
	unsigned running; /* parts (or the caller) in the phase now */
	unsigned done;    /* times the phase finished: parts, for the per-part phases */
	uint32_t funcs;   /* functions of those finished parts */
};

struct w2n_monitor {
	pthread_mutex_t lock; /* guards every field below */
	struct w2n_phase_stats phase[W2N_NPHASES];
	uint32_t funcs;        /* defined functions to compile; 0 until code generation starts */
	unsigned parts;        /* parts they are split into */
	unsigned threads;      /* threads compiling parts */
	unsigned cached;       /* parts found in the cache (not lowered, optimized or generated) */
	uint32_t cached_funcs; /* their functions */
};

/* A measurement of one phase in progress, owned by the thread that runs it. */
struct w2n_stopwatch {
	enum w2n_phase phase;
	double wall, cpu; /* clocks at the start */
};

void w2n_monitor_init(struct w2n_monitor *mon);
void w2n_monitor_destroy(struct w2n_monitor *mon);

/* Starts `phase` on the calling thread. Every function here does nothing if mon is NULL. */
void w2n_phase_begin(struct w2n_monitor *mon, struct w2n_stopwatch *sw, enum w2n_phase phase);
/* Ends the phase sw measures, adding its times; `funcs` functions have gone through it. */
void w2n_phase_end(struct w2n_monitor *mon, struct w2n_stopwatch *sw, uint32_t funcs);
/* A part of `funcs` functions was found in the cache. */
void w2n_monitor_cached(struct w2n_monitor *mon, uint32_t funcs);
/* Code generation starts: `funcs` functions in `parts` parts, on `threads` threads. */
void w2n_monitor_plan(struct w2n_monitor *mon, uint32_t funcs, unsigned parts, unsigned threads);

/* Clocks, in seconds: monotonic wall time, and the CPU time of the calling thread plus that of
 * the process's finished child processes (the linker). */
double w2n_wall_clock(void);
double w2n_thread_cpu_clock(void);

#endif
