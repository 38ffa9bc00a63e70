;; memory.atomic.wait32/64 with a timeout and nobody to notify: each sleeps about 20 ms and
;; returns 2 ("timed-out"); a value that differs returns 1 at once. A wrong result traps in the
;; function named after the check.
;; wat2wasm-options: --enable-threads
;; expect-status: 0
;; expect-stderr-empty
;; expect-seconds-under: 10
(module
  (memory 1 1 shared)
  (func $wait32_timed_out (unreachable))
  (func $wait64_timed_out (unreachable))
  (func $wait32_not_equal (unreachable))
  (func (export "_start")
    (if (i32.ne (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 20000000))
                (i32.const 2))
      (then (call $wait32_timed_out)))
    (if (i32.ne (memory.atomic.wait64 (i32.const 8) (i64.const 0) (i64.const 20000000))
                (i32.const 2))
      (then (call $wait64_timed_out)))
    (if (i32.ne (memory.atomic.wait32 (i32.const 0) (i32.const 7) (i64.const -1))
                (i32.const 1))
      (then (call $wait32_not_equal)))))
