;; expect-error: :0x0000004d: error: cannot pre-bake: 'wizer.initialize' called proc_exit(3): a program that exits during initialization leaves no state to bake
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "wizer.initialize") (call $exit (i32.const 3))))
