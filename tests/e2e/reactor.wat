;; A WASI reactor (exports _initialize and no _start): the executable runs _initialize, then
;; exits 0 (a reactor is a library; there is nothing else to call).
;; expect-status: 0
;; expect-stderr: initialized
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; iovec at 0: { buf = 16, len = 12 }; the text at 16.
  (data (i32.const 0) "\10\00\00\00\0c\00\00\00")
  (data (i32.const 16) "initialized\n")
  (func $initialize (export "_initialize")
    (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $work (export "work") (result i32) (i32.const 42)))
