;; A guest without any loop still stops at its deadline: naive fib(45) is about 3.7e9 calls,
;; and every function entry checks.
;; w2n-options: --timeout 200ms
;; expect-status: 124
;; expect-stderr: interrupted: deadline exceeded
;; expect-seconds-under: 1
(module
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "_start") (drop (call $fib (i32.const 45)))))
