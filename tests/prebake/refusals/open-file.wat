;; The initialization opens a file in its granted folder and leaves it open.
;; expect-error: :0x00000056: error: cannot pre-bake: 'wizer.initialize' left a file open as fd 4: descriptors opened during initialization must be closed before it returns, since they do not exist in the executable's process
;; prebake-args: --prebake-dir {dir}::/cfg
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "app.conf")
  (func (export "wizer.initialize")
    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 8)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 32)))))
