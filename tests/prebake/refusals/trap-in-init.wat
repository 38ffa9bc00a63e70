;; expect-error: :0x00000016: error: cannot pre-bake: 'wizer.initialize' trapped: integer divide by zero (in function deep)
(module
  (func $init (export "wizer.initialize") (call $deep))
  (func $deep (drop (i32.div_s (i32.const 1) (i32.const 0)))))
