;; A tail call whose results do not fit the return registers (here ten i64s, returned through
;; memory the caller provides) cannot be `musttail` in LLVM, under any convention: it compiles
;; to an ordinary call and ret (docs/lowering-semantics.md) instead of aborting the compiler
;; ("failed to perform tail call elimination"), which it did for one signature and for two.
;; Its stack grows, so the depth here is a thousand.
;; wat2wasm-options: --enable-tail-call
;; expect-status: 0
;; expect-stderr-empty
(module
  (type $ten (func (result i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)))
  (func $a (param i64) (result i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (if (i64.eqz (local.get 0))
      (then (return (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5)
                    (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9) (i64.const 10))))
    (if (i64.lt_u (local.get 0) (i64.const 500))
      (then (return_call $b (f64.const 1) (i64.sub (local.get 0) (i64.const 1)) (i32.const 3))))
    (return_call $c (i64.sub (local.get 0) (i64.const 1))))
  (func $b (param f64 i64 i32) (result i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (return_call $a (local.get 1)))
  (func $c (param i64) (result i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (return_call $a (local.get 0)))
  (func $ten_results_come_back
    (call $a (i64.const 1000))
    (if (i64.ne (i64.const 10)) (then unreachable))
    drop drop drop drop drop drop drop drop
    (if (i64.ne (i64.const 1)) (then unreachable)))
  (func (export "_start") (call $ten_results_come_back)))
