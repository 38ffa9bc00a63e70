;; memory.atomic.wait32 on a memory that is not shared traps: no other thread could ever wake
;; the waiter (notify on it returns 0, and atomics on it work as on any memory).
;; wat2wasm-options: --enable-threads
;; expect-status: 134
;; expect-stderr: wasm trap: expected shared memory
(module
  (memory 1)
  (func $waits
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 1) (i64.const 0))))
  (func (export "_start") (call $waits)))
