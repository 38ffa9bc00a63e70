/* lower_ir.h — test helper for the lowering suites: compile a .wat module through the real
 * pipeline and look at the LLVM IR the lowering produced. */
#ifndef W2N_TEST_LOWER_IR_H
#define W2N_TEST_LOWER_IR_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

/* Assembles `wat` (a valid module), decodes, validates and compiles it at -O0 with the LLVM
 * verifier on (the test fails on any diagnostic), and returns the module's IR text (malloc'd).
 * -O0 runs no simplification, so the IR is what the lowering emitted. */
char *wat_to_ir(const char *wat, bool bounds_checks);
/* The same with more options (the limits' checks, an optimization level); the verifier is on
 * and the IR is the module's as emitted, after optimization and interruption checks. */
struct w2n_compile_options;
char *wat_to_ir_opt(const char *wat, const struct w2n_compile_options *opt);

/* The IR of defined function `index` of `wat` (named w2n_f<index>), malloc'd. */
char *fn_ir(const char *wat, unsigned index, bool bounds_checks);

/* The text of the function named `name` in `ir` (from its `define` to the closing brace),
 * malloc'd; the test fails if there is none. */
char *ir_function(const char *ir, const char *name);

/* The line of `text` that contains `needle` (malloc'd, without its newline); the test fails
 * if there is none. */
char *ir_line(const char *text, const char *needle);

/* How many times `needle` occurs in `text`. */
int count_of(const char *text, const char *needle);

/* A test case of a lowering suite: a name and up to 8 tests (NULL-terminated if fewer). */
struct ir_test_group {
	const char *name;
	const TTest *tests[8];
};

/* Runs the suite `name` made of `groups` (60 s per case); returns main's exit status. */
int run_ir_suite(const char *name, const struct ir_test_group *groups, size_t n);

#endif
