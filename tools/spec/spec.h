/* spec.h — the spec runner's map: a converted .wast script as a list of commands, the per-file
 * report, and the backends that run a script (validate-only, and compile-and-execute).
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

#include "wasm2native/wasm.h"
#include "wasm2native/wasm2native.h"

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
	X(ASSERT_UNINSTANTIABLE, "assert_uninstantiable")                                       \
	X(MODULE_INSTANCE, "module_instance")                                                   \
	X(ASSERT_MALFORMED_CUSTOM, "assert_malformed_custom")                                   \
	X(ASSERT_INVALID_CUSTOM, "assert_invalid_custom")

enum spec_kind {
#define X(id, name) SPEC_##id,
	SPEC_KINDS(X)
#undef X
	SPEC_NKINDS
};
// clang-format on

/* Value types of arguments and results; I8/I16 occur only as v128 lane types. The Wasm 3.0
 * reference types after them occur in the 3.0 suite's JSON (SOURCE.md there): the GC ones,
 * exnref, the bottom types, REFNULL ("refnull": any null reference) and CONCRETE ("(ref T)"). */
enum spec_vtype {
	SPEC_I32,
	SPEC_I64,
	SPEC_F32,
	SPEC_F64,
	SPEC_V128,
	SPEC_FUNCREF,
	SPEC_EXTERNREF,
	SPEC_I8,
	SPEC_I16,
	SPEC_ANYREF,
	SPEC_EQREF,
	SPEC_I31REF,
	SPEC_STRUCTREF,
	SPEC_ARRAYREF,
	SPEC_EXNREF,
	SPEC_NULLREF,
	SPEC_NULLFUNCREF,
	SPEC_NULLEXTERNREF,
	SPEC_NULLEXNREF,
	SPEC_REFNULL,
	SPEC_CONCRETE,
	SPEC_NVTYPES
};

/* An expected float may be any NaN of a class instead of exact bits. */
enum spec_nan { SPEC_NAN_NONE, SPEC_NAN_CANONICAL, SPEC_NAN_ARITHMETIC };

struct spec_value {
	uint8_t type;      /* enum spec_vtype */
	uint8_t lane_type; /* V128: enum spec_vtype of its lanes */
	bool has_value;    /* false: only the type is given: numbers (assert_trap results) match any
	                      value, references any non-null one */
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
	uint8_t kind;              /* enum spec_kind */
	uint32_t line;             /* line in the .wast, for reports */
	const char *filename;      /* module file next to the JSON (module and assert_* on modules) */
	bool text;                 /* module_type "text": a .wat the binary-only pipeline skips */
	const char *name;          /* module: its "$name"; register: the module registered;
	                                module_instance: the instance's "$name" */
	bool definition;           /* module: `(module definition ...)`, compiled, not instantiated */
	const char *of;            /* module_instance: the "$name" of the definition it instantiates */
	const char *as;            /* register: the import name it is registered under */
	const char *message;       /* expected failure text (assert_trap, assert_invalid, ...) */
	struct spec_action action; /* action and assert_return/trap/exhaustion/exception */
	struct spec_value *expected; /* results; with `either`, the alternatives of one result */
	uint32_t nexpected;
	bool either; /* relaxed-simd: any one of `expected` is a correct single result */
};

struct spec_script {
	const char *dir;  /* folder holding the JSON and the module files */
	const char *work; /* private folder for what the backends write (objects, executable) */
	bool wasm3;       /* a 3.0 suite script: a module rejected for a feature that is not
	                     implemented is skipped (frontend.c), not judged by its stage */
	struct spec_cmd *cmds;
	uint32_t ncmds;
	json_t *root; /* owns every string the commands point to */
};

/* Bytes in one lane of a v128 of lane type `type` (SPEC_I8 ... SPEC_F64), 0 for others. */
unsigned spec_lane_bytes(int type);
/* References: funcref, externref and the 3.0 reference types. */
bool spec_is_ref(int type);
/* Loads `dir/json_name` (s->work is dir too until the caller sets it); on failure writes a message into err and returns false. */
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

/* ---- groups.c: the feature group of a 3.0 suite file ------------------------------------- */

struct spec_group {
	const char *tsv_name;     /* as per-file-status.tsv writes it */
	const char *label;        /* short name for summaries */
	enum w2n_feature feature; /* what its files test: the group runs if it is implemented */
};

/* NULL if the group runs, else why all its commands are skipped: its feature is not
 * IMPLEMENTED in features.def (spec_unsupported_reason). */
const char *spec_group_skip(const struct spec_group *g);
/* "<feature>: not implemented" ("GC" for GC, out of issue 13's scope), kept for the life of
 * the process (reports keep the pointer). */
const char *spec_unsupported_reason(enum w2n_feature f);

/* The group of a .json file of a suite with a per-file-status.tsv above it, else NULL. */
const struct spec_group *spec_group_of(const char *json);
/* The known groups in table order, NULL past the end (for summaries). */
const struct spec_group *spec_group_at(unsigned i);

/* ---- backends: run the commands of a loaded script ----------------------------------------- */

struct spec_options {
	bool validate_only;    /* decode and validate only; skip what needs execution */
	bool bounds_checks;    /* execution: compile with explicit bounds checks */
	bool keep;             /* keep the temp folders */
	bool verbose;          /* also list passed assertions with our diagnostic */
	const char *target;    /* execution: target triple, NULL for the host */
	const char *wast2json; /* program name or path */
	const char *spec_dir;  /* where relative PATHs are looked up: the 2.0 suite */
	const char *spec3_dir; /* and the 3.0 suite's json/ folder */
	unsigned jobs;         /* files processed in parallel */
	/* execution */
	const char *harness;  /* the harness archive (libw2n_spec_harness.a) for the target */
	const char *spectest; /* spectest.wasm: the `spectest` host module, compiled per file */
	const char *qemu;     /* emulator for a foreign target's executables, NULL: run directly */
	unsigned timeout;     /* seconds per test executable */
	int opt_level;        /* -O0..-O3 */
	/* --skip PATTERN=REASON: files whose name matches are loaded but every command skipped */
	struct spec_file_skip {
		const char *pattern, *reason;
	} skip_files[8];
	unsigned nskip_files;
};

typedef void spec_backend_fn(const struct spec_options *o, const struct spec_script *s,
                             struct spec_report *r);

spec_backend_fn spec_validate_only; /* validate_only.c */
spec_backend_fn spec_execute;       /* exec.c */

/* ---- frontend.c: decode and validate one module file (both backends) ----------------------- */

/* How far a module got through the frontend. */
enum spec_stage { SPEC_UNREADABLE, SPEC_MALFORMED, SPEC_INVALID, SPEC_VALID };

struct spec_loaded {
	enum spec_stage stage;
	uint8_t *bytes;            /* the file; the module points into it */
	struct w2n_module *module; /* decoded (NULL if unreadable or malformed) */
	char msg[1024];            /* the first diagnostic of a rejection */
	const char *unsupported;   /* rejected for using a feature that is not implemented: the
	                              skip reason, "<feature>: not implemented"; else NULL */
};

struct w2n_diag;
/* A diagnostic sink that keeps the first error in l->msg (and clears it). */
struct w2n_diag spec_capture(struct spec_loaded *l);
/* Reads, decodes and validates a module file (relative to the script's folder, or absolute). */
enum spec_stage spec_load_module(const struct spec_script *s, const char *filename,
                                 struct spec_loaded *l);
void spec_unload_module(struct spec_loaded *l);
/* Commands that carry a module file. */
bool spec_has_module(unsigned kind);
/* The skip reason for a module of a 3.0 script that the frontend rejected for a feature that is
 * not implemented, else NULL. */
const char *spec_feature_skip(const struct spec_script *s, const struct spec_loaded *l);
/* Judges a module command by the frontend alone: text modules are skipped, assert_malformed
 * must fail to decode, assert_invalid to validate, and the other kinds must be valid; in 3.0
 * scripts, modules using a feature that is not implemented are skipped. */
void spec_frontend_cmd(const struct spec_options *o, const struct spec_script *s,
                       const struct spec_cmd *c, struct spec_report *r);

/* ---- table.c: the command table (runner → harness) and the outcome lines (harness → runner) -
 *
 * The execution backend links one .wast file's modules into one test executable whose driver
 * (harness/harness.c, freestanding) reads a command table and prints one outcome per command.
 * Both are plain text, one item per line, fields separated by one space.
 *
 * Command table (the executable's only argument):
 *     w2n-spec-table 1 NMODULES        header; modules are numbered 0..NMODULES-1 in the order
 *                                      of the module list `w2n_spec_modules` linked in
 *     inst ID MOD                      instantiate module MOD (the instance keeps number MOD)
 *     reg ID MOD NAME                  make instance MOD's exports importable as module NAME
 *     call ID MOD NAME ARG...          invoke export NAME of instance MOD with the arguments
 *     get ID MOD NAME                  read exported global NAME of instance MOD
 *   ID is the command's number in the script plus 2; IDs 0 and 1 are the runner's own setup
 *   (instantiating module 0, spectest, and registering it as "spectest"). NAME is `x` followed by the name's bytes in hex (`x` alone: ""). A value
 *   ARG is `TT:HEX`: the wasm value type byte in two hex digits (7f i32, 7e i64, 7d f32, 7c f64,
 *   7b v128, 70 funcref, 6f externref) and the value's bits as a hex number (v128: as one
 *   128-bit little-endian number; references: 0 is null, externref N is N+1).
 *
 * Outcome lines (the executable's standard output), in table order:
 *     ok ID                            instantiated, or registered
 *     ret ID TT:HEX...                 the call returned, or the global holds, these values
 *     trap ID MESSAGE                  the call or the instantiation trapped
 *     link ID MESSAGE                  the instantiation failed to link its imports
 *     error ID MESSAGE                 anything else (missing instance or export, resources)
 *     done                             the table ran to its end
 *   The harness judges nothing; judge.c compares outcomes with the script. A missing `done`
 *   means the executable crashed or was killed: the commands without an outcome fail.
 */

#define SPEC_EXTERN_BIAS 1 /* externref N travels as the pointer value N + 1 (0 is null) */

/* One value as the harness prints it. */
struct spec_bits {
	uint8_t type;      /* wasm value type byte */
	uint8_t bytes[16]; /* little-endian bits */
};

enum spec_outcome_kind {
	SPEC_OUT_NONE,
	SPEC_OUT_OK,
	SPEC_OUT_RET,
	SPEC_OUT_TRAP,
	SPEC_OUT_LINK,
	SPEC_OUT_ERROR
};

struct spec_outcome {
	uint8_t kind;             /* enum spec_outcome_kind; NONE: no line for this ID */
	char *message;            /* TRAP, LINK, ERROR */
	struct spec_bits *values; /* RET */
	uint32_t nvalues;
};

/* The wasm value type byte of a script value type (0 for lane-only types). */
uint8_t spec_type_byte(unsigned spec_vtype);
void table_header(FILE *f, unsigned nmodules);
void table_inst(FILE *f, unsigned id, unsigned mod);
void table_reg(FILE *f, unsigned id, unsigned mod, const char *name, size_t len);
/* Writes call/get; returns false (writing nothing) if an argument cannot be passed. */
bool table_action(FILE *f, unsigned id, unsigned mod, const struct spec_action *a);

/* Reads outcome lines into out[0..n-1] (indexed by ID); *done tells whether `done` came. A
 * malformed line is an error message in err. */
bool table_read_outcomes(FILE *f, struct spec_outcome *out, unsigned n, bool *done, char *err,
                         size_t errsize);
void table_free_outcomes(struct spec_outcome *out, unsigned n);

/* ---- judge.c: outcome against expectation -------------------------------------------------- */

/* True if the outcome is what the command expects; otherwise says why in `why`. */
bool spec_judge(const struct spec_cmd *c, const struct spec_outcome *o, char *why, size_t size);

/* ---- proc.c: running the test executable --------------------------------------------------- */

/* How a run ended. */
struct spec_exit {
	bool timed_out;
	int status; /* from waitpid; -1: could not start */
};

/* Runs argv[0] with stdout and stderr into the given files, killed after timeout seconds. */
struct spec_exit spec_run_process(char *const argv[], const char *out_path, const char *err_path,
                                  unsigned timeout);
/* "exited with status 3", "killed by signal 11 (Segmentation fault)", "timed out after 120 s" */
void spec_describe_exit(struct spec_exit e, unsigned timeout, char *buf, size_t size);

/* ---- run.c: one file from .wast to report (runs in the child) ------------------------------ */

/* Converts `wast` into the empty folder `dir` (the parent creates and removes it, so that a
 * crashed child leaves nothing behind) and runs the backend of the chosen mode. */
void spec_run_file(const struct spec_options *o, const char *wast, const char *dir,
                   struct spec_report *r);

/* ---- jobs.c: files in parallel, reports in order ------------------------------------------- */

/* Counts of the files of one feature group (3.0 suite). */
struct spec_tally {
	const struct spec_group *group; /* NULL: unused slot */
	unsigned files, passed, failed, skipped;
};
#define SPEC_MAX_GROUPS 32

/* Runs every file (each in a forked child), prints each report in input order as soon as it and
 * all before it are done, adds the counts into *total (a report without text) and those of
 * files with a feature group into by_group (SPEC_MAX_GROUPS slots, first-seen order). */
void spec_run_all(const struct spec_options *o, char **files, char **labels, unsigned n,
                  struct spec_report *total, struct spec_tally *by_group);

/* ---- discover.c: PATH arguments → the list of .wast files ---------------------------------- */

struct spec_files {
	char **paths;  /* to open */
	char **labels; /* to print: relative to the spec folder when inside it */
	unsigned n, cap;
};

/* The spec folders relative PATHs are looked up in and labels are relative to: the 2.0 suite
 * (.wast) and the 3.0 suite's json/ folder (.json); either may be NULL. */
#define SPEC_NDIRS 2

/* Adds a .wast or .json file, or those directly inside a folder (sorted). Relative paths
 * missing from the current folder are looked up in the spec folders. Prints and returns false
 * on error. */
bool spec_add_path(struct spec_files *f, const char *arg, const char *const dirs[SPEC_NDIRS]);
void spec_files_free(struct spec_files *f);

#endif
