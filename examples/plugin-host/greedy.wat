;; greedy.wat — a plugin that asks for more than its host offers: a way to read files.
(module
  (import "host" "log" (func $log (param i32 i32)))
  (import "host" "read_file" (func $read_file (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "/etc/passwd")
  (func $run (export "run") (param $n i32) (result i32)
    (call $read_file (i32.const 0) (i32.const 11)))
)
