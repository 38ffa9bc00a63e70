;; spectest.wat — the `spectest` host module every spec script may import from, with the exports
;; of the reference interpreter's spectest.ml. The runner compiles it as module 0 of each test
;; executable and registers it as "spectest", so its memory, table and globals are ordinary
;; wasm objects and link-time type checks apply to them as to any other import. The print
;; functions print nothing: no script checks their output. The build makes "table64" a 64-bit
;; table (spectest64.py).
(module
  (global (export "global_i32") i32 (i32.const 666))
  (global (export "global_i64") i64 (i64.const 666))
  (global (export "global_f32") f32 (f32.const 666.6))
  (global (export "global_f64") f64 (f64.const 666.6))
  (table (export "table") 10 20 funcref)
  (table (export "table64") 10 20 funcref) ;; i64 indices: set by spectest64.py
  (memory (export "memory") 1 2)
  (func (export "print"))
  (func (export "print_i32") (param i32))
  (func (export "print_i64") (param i64))
  (func (export "print_f32") (param f32))
  (func (export "print_f64") (param f64))
  (func (export "print_i32_f32") (param i32 f32))
  (func (export "print_f64_f64") (param f64 f64)))
