;; wasi-threads: proc_exit in a spawned thread ends the whole process with its code, while the
;; main thread sleeps in memory.atomic.wait32 with no timeout.
;; wat2wasm-options: --enable-threads
;; expect-status: 5
;; expect-stderr-empty
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (func (export "wasi_thread_start") (param i32 i32) (call $proc_exit (i32.const 5)))
  (func (export "_start")
    (drop (call $spawn (i32.const 0)))
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))))
