;; WASI proc_exit: its code becomes the executable's exit status; nothing after it runs.
;; expect-status: 7
;; expect-stderr-empty
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func $main (export "_start")
    (call $proc_exit (i32.const 7))
    unreachable))
