;; The environment of the initialization and of the run are separate grants (run.py, run_env):
;; wizer.initialize copies the environment it sees to 1024 (its size at 108); _start prints
;; that copy, a '|', and the environment the executable sees at run time. Built with
;; --prebake-env GREETING=hi --prebake-env PASSED (PASSED=through in the build's environment)
;; --env OTHER=x, the baked executable must print "GREETING=hi\0PASSED=through|OTHER=x": the
;; --prebake-env grants reached the initialization only, and --env the run only.
(module
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 120) "|")
  ;; Copies the environment to buf (its pointers at ptrs) and returns its size in bytes less
  ;; the last NUL.
  (func $environ (param $ptrs i32) (param $buf i32) (result i32)
    (drop (call $sizes (i32.const 100) (i32.const 104)))
    (drop (call $get (local.get $ptrs) (local.get $buf)))
    (select (i32.sub (i32.load (i32.const 104)) (i32.const 1)) (i32.const 0)
      (i32.load (i32.const 104))))
  (func (export "wizer.initialize")
    (i32.store (i32.const 108) (call $environ (i32.const 200) (i32.const 1024))))
  (func (export "_start")
    (call $print_text (i32.const 1024) (i32.load (i32.const 108)))
    (call $print_text (i32.const 120) (i32.const 1))
    (call $print_text (i32.const 2048) (call $environ (i32.const 400) (i32.const 2048)))))
