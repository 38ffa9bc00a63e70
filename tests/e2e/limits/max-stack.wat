;; --max-stack: recursion 20,000 deep (a few hundred KiB of native stack) exceeds 64 KiB.
;; w2n-options: --max-stack 64K
;; expect-status: 134
;; expect-stderr: call stack exhausted (in function down)
(module
  (func $down (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func (export "_start") (drop (call $down (i32.const 20000)))))
