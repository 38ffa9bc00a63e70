;; --max-memory caps memory.grow below the module's own maximum: growing one page at a time
;; from 1 page stops at 16 pages (1 MiB), and the guest exits with that count.
;; w2n-options: --max-memory 1M
;; expect-status: 16
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1 100)
  (func (export "_start")
    (loop
      (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (call $exit (memory.size))))
