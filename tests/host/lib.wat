;; lib.wat — exports one of each kind for linking tests (test_link.c): user.wat imports them.
(module
  (memory (export "mem") 1)
  (table (export "tab") 2 funcref)
  (global (export "g") (mut i32) (i32.const 5))
  (func $get (export "get") (result i32) (i32.load (i32.const 0)))
  (elem (i32.const 0) $get)
)
