;; hello.wat — "Hello, world!" written by hand against WASI preview 1: one import (fd_write),
;; one memory holding the text and an iovec, and the `_start` entry point.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; iovec at 0: { buf = 16, len = 14 }; the text at 16.
  (data (i32.const 0) "\10\00\00\00\0e\00\00\00")
  (data (i32.const 16) "Hello, world!\n")
  (func $main (export "_start")
    ;; fd_write(stdout, iovs = 0, iovs_len = 1, nwritten = 8); a failed write is ignored.
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
