/* interp.c — a bytecode interpreter: a stack machine with locals and a heap array, run by one
 * `switch` in a loop (an indirect branch per instruction, like every simple interpreter).
 * It runs two programs assembled at startup: Collatz step counts, and a sieve of
 * Eratosthenes that counts primes through heap loads and stores. */
#include "common.h"

#define DEFAULT_N 2
#define HEAP      (1u << 20)

enum op {
	OP_PUSH,  /* imm: push imm */
	OP_LOAD,  /* imm: push local[imm] */
	OP_STORE, /* imm: local[imm] = pop */
	OP_INC,   /* imm: local[imm] += 1 */
	OP_ADD,
	OP_MUL,
	OP_AND,
	OP_SHR, /* a >> b */
	OP_LT,  /* a < b (unsigned) */
	OP_EQ,
	OP_JMP, /* imm: target */
	OP_JZ,  /* imm: target, pops the condition */
	OP_JNZ,
	OP_HLOAD,  /* push heap[pop] */
	OP_HSTORE, /* value = pop, index = pop: heap[index] = value */
	OP_HALT,   /* returns the top of the stack */
};

static int32_t code[256];
static uint32_t heap[HEAP];

struct asm_ {
	uint32_t pc;
};

static uint32_t emit(struct asm_ *a, enum op op)
{
	code[a->pc] = op;
	return a->pc++;
}

/* Returns the immediate's slot, for patching forward jumps. */
static uint32_t emit1(struct asm_ *a, enum op op, int32_t imm)
{
	code[a->pc++] = op;
	code[a->pc] = imm;
	return a->pc++;
}

/* Runs from code[entry]; jump immediates are absolute code offsets. */
static uint32_t run(uint32_t entry, uint32_t *locals)
{
	uint32_t stack[64];
	uint32_t sp = 0; /* number of values on the stack */
	const int32_t *pc = code + entry;
	for (;;) {
		uint32_t a, b;
		switch (*pc++) {
		case OP_PUSH:
			stack[sp++] = (uint32_t)*pc++;
			break;
		case OP_LOAD:
			stack[sp++] = locals[*pc++];
			break;
		case OP_STORE:
			locals[*pc++] = stack[--sp];
			break;
		case OP_INC:
			locals[*pc++]++;
			break;
		case OP_ADD:
			b = stack[--sp];
			stack[sp - 1] += b;
			break;
		case OP_MUL:
			b = stack[--sp];
			stack[sp - 1] *= b;
			break;
		case OP_AND:
			b = stack[--sp];
			stack[sp - 1] &= b;
			break;
		case OP_SHR:
			b = stack[--sp];
			stack[sp - 1] >>= b & 31;
			break;
		case OP_LT:
			b = stack[--sp];
			stack[sp - 1] = stack[sp - 1] < b;
			break;
		case OP_EQ:
			b = stack[--sp];
			stack[sp - 1] = stack[sp - 1] == b;
			break;
		case OP_JMP:
			pc = code + *pc;
			break;
		case OP_JZ:
			pc = stack[--sp] == 0 ? code + *pc : pc + 1;
			break;
		case OP_JNZ:
			pc = stack[--sp] != 0 ? code + *pc : pc + 1;
			break;
		case OP_HLOAD:
			a = stack[sp - 1];
			stack[sp - 1] = heap[a % HEAP];
			break;
		case OP_HSTORE:
			b = stack[--sp];
			a = stack[--sp];
			heap[a % HEAP] = b;
			break;
		case OP_HALT:
			return stack[sp - 1];
		default:
			return 0xbadu;
		}
	}
}

enum { I, X, STEPS, LIMIT, J, ROOT };

/* Sum of Collatz step counts for i in [1, limit). Returns the entry pc. */
static uint32_t assemble_collatz(struct asm_ *a)
{
	uint32_t entry = a->pc;
	emit1(a, OP_PUSH, 1);
	emit1(a, OP_STORE, I);
	uint32_t outer = a->pc;
	emit1(a, OP_LOAD, I);
	emit1(a, OP_LOAD, LIMIT);
	emit(a, OP_LT);
	uint32_t to_end = emit1(a, OP_JZ, 0);
	emit1(a, OP_LOAD, I);
	emit1(a, OP_STORE, X);
	uint32_t inner = a->pc;
	emit1(a, OP_LOAD, X);
	emit1(a, OP_PUSH, 1);
	emit(a, OP_EQ);
	uint32_t to_done = emit1(a, OP_JNZ, 0);
	emit1(a, OP_LOAD, X);
	emit1(a, OP_PUSH, 1);
	emit(a, OP_AND);
	uint32_t to_even = emit1(a, OP_JZ, 0);
	emit1(a, OP_LOAD, X);
	emit1(a, OP_PUSH, 3);
	emit(a, OP_MUL);
	emit1(a, OP_PUSH, 1);
	emit(a, OP_ADD);
	emit1(a, OP_STORE, X);
	uint32_t to_cont = emit1(a, OP_JMP, 0);
	code[to_even] = (int32_t)a->pc;
	emit1(a, OP_LOAD, X);
	emit1(a, OP_PUSH, 1);
	emit(a, OP_SHR);
	emit1(a, OP_STORE, X);
	code[to_cont] = (int32_t)a->pc;
	emit1(a, OP_INC, STEPS);
	emit1(a, OP_JMP, (int32_t)inner);
	code[to_done] = (int32_t)a->pc;
	emit1(a, OP_INC, I);
	emit1(a, OP_JMP, (int32_t)outer);
	code[to_end] = (int32_t)a->pc;
	emit1(a, OP_LOAD, STEPS);
	emit(a, OP_HALT);
	return entry;
}

/* Number of primes below limit (heap[k] = 1 marks k composite; the heap starts zeroed).
 * Composites have a factor below ROOT, so marking stops there. */
static uint32_t assemble_sieve(struct asm_ *a)
{
	uint32_t entry = a->pc;
	emit1(a, OP_PUSH, 2);
	emit1(a, OP_STORE, I);
	uint32_t outer = a->pc; /* while i < limit */
	emit1(a, OP_LOAD, I);
	emit1(a, OP_LOAD, LIMIT);
	emit(a, OP_LT);
	uint32_t to_end = emit1(a, OP_JZ, 0);
	emit1(a, OP_LOAD, I);
	emit(a, OP_HLOAD);
	uint32_t to_next = emit1(a, OP_JNZ, 0); /* composite: skip */
	emit1(a, OP_INC, STEPS);                /* a prime */
	emit1(a, OP_LOAD, I);                   /* marking only while i < sqrt(limit) */
	emit1(a, OP_LOAD, ROOT);
	emit(a, OP_LT);
	uint32_t to_next3 = emit1(a, OP_JZ, 0);
	emit1(a, OP_LOAD, I);
	emit1(a, OP_LOAD, I);
	emit(a, OP_MUL);
	emit1(a, OP_STORE, J);
	uint32_t mark = a->pc; /* for j = i*i; j < limit; j += i */
	emit1(a, OP_LOAD, J);
	emit1(a, OP_LOAD, LIMIT);
	emit(a, OP_LT);
	uint32_t to_next2 = emit1(a, OP_JZ, 0);
	emit1(a, OP_LOAD, J);
	emit1(a, OP_PUSH, 1);
	emit(a, OP_HSTORE);
	emit1(a, OP_LOAD, J);
	emit1(a, OP_LOAD, I);
	emit(a, OP_ADD);
	emit1(a, OP_STORE, J);
	emit1(a, OP_JMP, (int32_t)mark);
	code[to_next] = code[to_next2] = code[to_next3] = (int32_t)a->pc;
	emit1(a, OP_INC, I);
	emit1(a, OP_JMP, (int32_t)outer);
	code[to_end] = (int32_t)a->pc;
	emit1(a, OP_LOAD, STEPS);
	emit(a, OP_HALT);
	return entry;
}

uint32_t bench_run(uint32_t n)
{
	if (n == 0)
		n = DEFAULT_N;
	struct asm_ a = {0};
	uint32_t collatz = assemble_collatz(&a);
	uint32_t sieve = assemble_sieve(&a);
	uint32_t h = 0;
	for (uint32_t round = 0; round < n; round++) {
		uint32_t locals[8] = {0};
		locals[LIMIT] = 30000 + round * 1000;
		h = mix(h, run(collatz, locals));
		__builtin_memset(heap, 0, sizeof heap);
		uint32_t slocals[8] = {0};
		slocals[LIMIT] = HEAP - round * 1000;
		slocals[ROOT] = 1024; /* >= sqrt(limit), and i*i cannot wrap below it */
		h = mix(h, run(sieve, slocals));
	}
	return h;
}
