;; The same growth under a cap above the table's maximum stops at that maximum (40 elements).
;; w2n-options: --max-table 1000
;; expect-status: 40
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (table $t 1 40 funcref)
  (func (export "_start")
    (loop
      (br_if 0 (i32.ne (table.grow $t (ref.null func) (i32.const 1)) (i32.const -1))))
    (call $exit (table.size $t))))
