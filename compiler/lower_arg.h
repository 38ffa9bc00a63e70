/* lower_arg.h — per-operator tables generated from the ARG column of ops.def, for the rows of
 * chosen families only.
 *
 * A lowering file that needs, say, the LLVM opcode of every IBIN row (ARG `Add` → LLVMAdd)
 * names the families of a set with one probe macro each, then builds its table from ops.def:
 *
 *     #define OPCODE_IBIN ~, 1
 *     #define OPCODE_FBIN ~, 1
 *     static const LLVMOpcode opcode[W2N_OP_COUNT] = {
 *     #define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, FEATURE, TEXT) \
 *             W2N_ARG_ROW(OPCODE, FAMILY, [W2N_OP_##ID] = LLVM##ARG,)
 *     #include "ops.def"
 *     };
 *
 * Rows of other families expand to nothing, which matters because their ARG is no LLVM name
 * (a width, `_`, a SIMD tag) and must not reach the compiler. Adding a row to ops.def needs no
 * change here or in the table: the table is the ops.def rows themselves.
 *
 * How the selection works (the usual preprocessor probe): `SET_FAMILY` is defined, as `~, 1`,
 * only for the chosen families. W2N_ARG_SECOND(SET_FAMILY, 0, ~) therefore sees the extra
 * argument `1` for them and picks `1`; for any other family the undefined name stays one
 * argument and `0` is picked. W2N_ARG_IF_0 drops the row, W2N_ARG_IF_1 keeps it.
 */
#ifndef W2N_LOWER_ARG_H
#define W2N_LOWER_ARG_H

#define W2N_ARG_SECOND_(a, b, ...) b
#define W2N_ARG_SECOND(...)        W2N_ARG_SECOND_(__VA_ARGS__)
#define W2N_ARG_IF_0(...)
#define W2N_ARG_IF_1(...) __VA_ARGS__
#define W2N_ARG_IF_(c)    W2N_ARG_IF_##c
#define W2N_ARG_IF(c)     W2N_ARG_IF_(c)

/* Expands to the row (the variadic part) when FAMILY belongs to SET, else to nothing. */
#define W2N_ARG_ROW(SET, FAMILY, ...) W2N_ARG_IF(W2N_ARG_SECOND(SET##_##FAMILY, 0, ~))(__VA_ARGS__)

#endif
