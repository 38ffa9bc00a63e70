;; Runaway recursion is a deterministic trap, never a segfault.
;; expect-status: 134
;; expect-stderr: call stack exhausted
;; expect-stderr: recurse
(module
  (func $recurse (param i64) (result i64)
    (i64.add (call $recurse (i64.add (local.get 0) (i64.const 1))) (local.get 0)))
  (func (export "_start")
    (drop (call $recurse (i64.const 0)))))
