;; --max-table caps table.grow: from 1 element, growing one at a time stops at 10.
;; w2n-options: --max-table 10
;; expect-status: 10
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (table $t 1 funcref)
  (func (export "_start")
    (loop
      (br_if 0 (i32.ne (table.grow $t (ref.null func) (i32.const 1)) (i32.const -1))))
    (call $exit (table.size $t))))
