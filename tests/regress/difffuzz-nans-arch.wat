;; difffuzz-nans-arch: NaNs the spec leaves open, which differ between V8, x86-64 and AArch64
;; (tests/regress/README.md). Replayed by `difffuzz-regress-nans` (difffuzz.py --nans): every
;; difference here must be accepted by tools/difffuzz/nanrules.py, and would be a mismatch
;; without --nans.
(module
 (import "fuzzing-support" "log-f32" (func $lf (param f32)))
 (import "fuzzing-support" "log-f64" (func $ld (param f64)))
 (memory 1)
 (global $g (mut f64) (f64.const 0))
 (func (export "div") (result f32) (f32.div (f32.const 0) (f32.const 0)))
 (func (export "bits") (result i64) (i64.reinterpret_f64 (f64.sqrt (f64.const -1))))
 (func (export "log") (call $lf (f32.sub (f32.const inf) (f32.const inf))) (call $ld (f64.mul (f64.const 0) (f64.const inf))))
 (func (export "store") (f32.store (i32.const 3) (f32.div (f32.const 0) (f32.const 0))) (f64.store (i32.const 16) (f64.div (f64.const 0) (f64.const 0))) (global.set $g (f64.div (f64.const 0) (f64.const 0))))
 (func (export "snan") (result f32) (f32.neg (f32.const nan:0x200001)))
 (func (export "snan64") (result f64) (f64.neg (f64.const nan:0x4000000000001)))
)
