;; big.wat — a 2 MiB memory with data near both ends, for scrubbing tests (test_cycles.c):
;; larger than what a scrub keeps resident (1 MiB), and growable.
(module
  (memory (export "memory") 32 40)
  (data (i32.const 8) "first")
  (data (i32.const 2097000) "last")
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
)
