;; In a module with tail calls (whose functions use LLVM's tailcc) the prologue's stack check
;; still works: runaway ordinary recursion, here between two signatures and with a
;; return_call in between that keeps no frame of its own, traps "call stack exhausted" (and
;; names the function: either of the two, whichever frame crosses the limit) instead of crashing.
;; wat2wasm-options: --enable-tail-call
;; expect-status: 134
;; expect-stderr: call stack exhausted
;; expect-stderr: recurse
(module
  (func $recurse (param i64) (result i64)
    (i64.add (call $recurse_hop (f64.const 1) (i64.add (local.get 0) (i64.const 1)) (i32.const 2))
      (local.get 0)))
  (func $recurse_hop (param f64 i64 i32) (result i64)
    (return_call $recurse (local.get 1)))
  (func (export "_start")
    (drop (call $recurse (i64.const 0)))))
