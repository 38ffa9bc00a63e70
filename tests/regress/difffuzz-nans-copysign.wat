;; difffuzz-nans-copysign: a NaN's open sign reaching a number (tests/regress/README.md).
;; V8 computes 0/0 at run time (x86-64's default NaN is negative), LLVM folds it to the
;; positive NaN, AArch64's default NaN is positive: copysign then gives -1 or 1, and the
;; reinterpreted NaN's sign bit, shifted down, 1 or 0. No value rule accepts that; the
;; adjudication does (difffuzz.py explained_by_nans: with every NaN canonical the engines
;; agree). Replayed by `difffuzz-regress-nans`, the shape of wasmgen seed 300062.
(module
 (func (export "copysign") (result f64)
  (f64.copysign (f64.const 1) (f64.div (f64.const 0) (f64.const 0))))
 (func (export "signbit") (result i32)
  (i32.shr_u (i32.reinterpret_f32 (f32.div (f32.const 0) (f32.const 0))) (i32.const 31)))
)
