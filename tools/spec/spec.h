/* spec.h — the spec runner's map: a converted .wast script as a list of commands, the per-file
 * report, and the backends that run a script (validate-only now, compile-and-execute later).
 *
 * Flow for one file (one forked child per file, see jobs.c):
 *   wast2json.c converts the .wast into a private temp folder → wast.c loads the JSON into a
 *   struct spec_script → a backend runs every command into a struct spec_report → report.c writes
 *   it for the parent, which prints the reports in input order and sums them up.
 */
#ifndef W2N_SPEC_H
#define W2N_SPEC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* ---- wast.c: the commands of one script ---------------------------------------------------- */

// clang-format off
/* Every command kind wast2json writes: enum suffix, JSON "type". */
#define SPEC_KINDS(X)                                                                           \
	X(MODULE, "module")                                                                     \
	X(REGISTER, "register")                                                                 \
	X(ACTION, "action")                                                                     \
	X(ASSERT_RETURN, "assert_return")                                                       \
	X(ASSERT_TRAP, "assert_trap")                                                           \
	X(ASSERT_EXHAUSTION, "assert_exhaustion")                                               \
	X(ASSERT_EXCEPTION, "assert_exception")                                                 \
	X(ASSERT_MALFORMED, "assert_malformed")                                                 \
	X(ASSERT_INVALID, "assert_invalid")                                                     \
	X(ASSERT_UNLINKABLE, "assert_unlinkable")                                               \
	X(ASSERT_UNINSTANTIABLE, "assert_uninstantiable")

enum spec_kind {
#define X(id, name) SPEC_##id,
	SPEC_KINDS(X)
#undef X
	SPEC_NKINDS
};
// clang-format on

/* Value types of arguments and results; I8/I16 occur only as v128 lane types. */
enum spec_vtype {
	SPEC_I32,
	SPEC_I64,
	SPEC_F32,
	SPEC_F64,
	SPEC_V128,
	SPEC_FUNCREF,
	SPEC_EXTERNREF,
	SPEC_I8,
	SPEC_I16
};

/* An expected float may be any NaN of a class instead of exact bits. */
enum spec_nan { SPEC_NAN_NONE, SPEC_NAN_CANONICAL, SPEC_NAN_ARITHMETIC };

struct spec_value {
	uint8_t type;      /* enum spec_vtype */
	uint8_t lane_type; /* V128: enum spec_vtype of its lanes */
	bool has_value;    /* false: only the type is given (assert_trap results), any value matches */
	bool is_null;      /* references: ref.null */
	uint8_t nan[4];    /* enum spec_nan: [0] for scalars, one per lane for f32x4/f64x2 */
	union {
		uint64_t bits;    /* I32/I64 zero-extended, F32/F64 raw bits, EXTERNREF host value */
		uint8_t v128[16]; /* V128, little-endian lanes */
	} u;
};

struct spec_action {
	bool get;           /* "get" of a global, otherwise "invoke" of a function */
	const char *module; /* "$name" of the target module, NULL: the most recent one */
	const char *field;  /* export name; any UTF-8, possibly with NUL bytes */
	size_t field_len;
	struct spec_value *args;
	uint32_t nargs;
};

struct spec_cmd {
	uint8_t kind;                /* enum spec_kind */
	uint32_t line;               /* line in the .wast, for reports */
	const char *filename;        /* module file next to the JSON (module and assert_* on modules) */
	bool text;                   /* module_type "text": a .wat the binary-only pipeline skips */
	const char *name;            /* module: its "$name"; register: the module registered */
	const char *as;              /* register: the import name it is registered under */
	const char *message;         /* expected failure text (assert_trap, assert_invalid, ...) */
	struct spec_action action;   /* action and assert_return/trap/exhaustion/exception */
	struct spec_value *expected; /* results; with `either`, the alternatives of one result */
	uint32_t nexpected;
	bool either; /* relaxed-simd: any one of `expected` is a correct single result */
};

struct spec_script {
	const char *dir; /* folder holding the JSON and the module files */
	struct spec_cmd *cmds;
	uint32_t ncmds;
	json_t *root; /* owns every string the commands point to */
};

/* Loads `dir/json_name`; on failure writes a message into err and returns false. */
bool spec_load(struct spec_script *s, const char *dir, const char *json_name, char *err,
               size_t errsize);
void spec_free(struct spec_script *s);
const char *spec_kind_name(unsigned kind);

/* ---- wast2json.c: conversion into a private temp folder ------------------------------------ */

/* Creates a private temp folder; its path goes into dir (PATH_MAX bytes). */
bool spec_make_dir(char *dir);
/* Runs wast2json on `wast` (with the feature flags its proposal folder needs) into the folder
 * dir, writing `dir/json_name`. On failure fills err with wast2json's own output. */
bool spec_convert(const char *wast2json, const char *wast, const char *dir, const char *json_name,
                  char *err, size_t errsize);
/* "address.json" for ".../address.wast": wast2json names the module files after the JSON, and
 * "address.3.wasm" is what a diagnostic should say. */
void spec_json_name(const char *wast, char *buf, size_t size);
/* Deletes the temp folder and the files directly in it. */
void spec_remove_dir(const char *dir);

/* ---- report.c: what one file's run found --------------------------------------------------- */

/* Skips are grouped by command kind and reason, in first-seen order. */
struct spec_skip {
	uint8_t kind;
	const char *reason; /* a string literal */
	uint32_t count;
};

struct spec_report {
	unsigned passed, failed, skipped;
	char *text; /* failure and note lines, each "  ...\n", in command order */
	size_t len, cap;
	struct spec_skip skips[32];
	unsigned nskips;
	volatile uint32_t *line; /* shared with the parent: the command running now, so that a
	                             crash can be reported at its line (may be NULL) */
};

void report_pass(struct spec_report *r);
void report_fail(struct spec_report *r, const struct spec_cmd *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void report_skip(struct spec_report *r, const struct spec_cmd *c, const char *reason);
/* A line that is neither pass nor failure (e.g. where --keep left the files). */
void report_note(struct spec_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Failure of the file as a whole (conversion, JSON, crash). */
void report_file_fail(struct spec_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void report_free(struct spec_report *r);

/* A child hands its report to the parent as "P F S\n" followed by the body lines. */
void report_write(const struct spec_report *r, FILE *f);
bool report_read(struct spec_report *r, FILE *f);
/* Prints "label: P passed, F failed, S skipped" and the body. */
void report_print(const struct spec_report *r, const char *label, FILE *out);

/* ---- backends: run the commands of a loaded script ----------------------------------------- */

struct spec_options {
	bool validate_only;    /* decode and validate only; skip what needs execution */
	bool bounds_checks;    /* execution: compile with explicit bounds checks */
	bool keep;             /* keep the temp folders */
	bool verbose;          /* also list passed assertions with our diagnostic */
	const char *target;    /* execution: target triple, NULL for the host */
	const char *wast2json; /* program name or path */
	const char *spec_dir;  /* where relative PATHs are looked up */
	unsigned jobs;         /* files processed in parallel */
};

typedef void spec_backend_fn(const struct spec_options *o, const struct spec_script *s,
                             struct spec_report *r);

spec_backend_fn spec_validate_only; /* validate_only.c */

/* ---- run.c: one file from .wast to report (runs in the child) ------------------------------ */

/* Converts `wast` into the empty folder `dir` (the parent creates and removes it, so that a
 * crashed child leaves nothing behind) and runs the backend of the chosen mode. */
void spec_run_file(const struct spec_options *o, const char *wast, const char *dir,
                   struct spec_report *r);

/* ---- jobs.c: files in parallel, reports in order ------------------------------------------- */

/* Runs every file (each in a forked child), prints each report in input order as soon as it and
 * all before it are done, adds the counts into *total (a report without text). */
void spec_run_all(const struct spec_options *o, char **files, char **labels, unsigned n,
                  struct spec_report *total);

/* ---- discover.c: PATH arguments → the list of .wast files ---------------------------------- */

struct spec_files {
	char **paths;  /* to open */
	char **labels; /* to print: relative to the spec folder when inside it */
	unsigned n, cap;
};

/* Adds a .wast file, or the *.wast directly inside a folder (sorted). Relative paths missing
 * from the current folder are looked up in spec_dir. Prints and returns false on error. */
bool spec_add_path(struct spec_files *f, const char *arg, const char *spec_dir);
void spec_files_free(struct spec_files *f);

#endif
