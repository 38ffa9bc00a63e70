;; The same growth under a cap above the module's maximum stops at that maximum (40 pages).
;; w2n-options: --max-memory 16M
;; expect-status: 40
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1 40)
  (func (export "_start")
    (loop
      (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (call $exit (memory.size))))
