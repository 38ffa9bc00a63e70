;; Tail calls run in constant stack: a mutual recursion ten million calls deep through
;; return_call, and the same through return_call_indirect, under a 64 KiB stack cap that
;; a few thousand ordinary frames would exhaust. A wrong result traps in a function named
;; after the check.
;; wat2wasm-options: --enable-tail-call
;; w2n-options: --max-stack 64K
;; expect-status: 0
;; expect-stderr-empty
(module
  (type $t (func (param i64) (result i32)))
  (table funcref (elem $even_i $odd_i))
  (func $even (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
  (func $odd (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))
  (func $even_i (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call_indirect (type $t)
              (i64.sub (local.get 0) (i64.const 1)) (i32.const 1)))))
  (func $odd_i (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call_indirect (type $t)
              (i64.sub (local.get 0) (i64.const 1)) (i32.const 0)))))
  (func $direct_even_is_1 (if (i32.ne (call $even (i64.const 10000000)) (i32.const 1)) (then unreachable)))
  (func $direct_odd_is_0 (if (i32.ne (call $even (i64.const 10000001)) (i32.const 0)) (then unreachable)))
  (func $indirect_even_is_1 (if (i32.ne (call $even_i (i64.const 10000000)) (i32.const 1)) (then unreachable)))
  (func (export "_start")
    (call $direct_even_is_1)
    (call $direct_odd_is_0)
    (call $indirect_even_is_1)))
