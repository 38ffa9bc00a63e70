;; crash.wat — a plugin with a bug: it reads far past the end of its memory.
(module
  (memory (export "memory") 1)
  (func $run (export "run") (param $n i32) (result i32)
    (i32.load (i32.mul (local.get $n) (i32.const 1000000))))
)
