;; wasi-threads: a trap in a spawned thread ends the whole process with the trap's message and
;; status 134, as a trap on the main thread does (and as wasmtime does); the main thread is
;; asleep in memory.atomic.wait32 with no timeout when it happens.
;; wat2wasm-options: --enable-threads
;; expect-status: 134
;; expect-stderr: wasm trap: unreachable (in function thread_fails)
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (func $thread_fails (unreachable))
  (func (export "wasi_thread_start") (param i32 i32) (call $thread_fails))
  (func (export "_start")
    (drop (call $spawn (i32.const 0)))
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))))
