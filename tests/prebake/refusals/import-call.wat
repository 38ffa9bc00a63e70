;; expect-error: :0x00000016: error: cannot pre-bake: initialization called import env.notify, which is provided only at run time
;; prebake-args: -c
(module
  (import "env" "notify" (func $notify (param i32) (result i32)))
  (func (export "wizer.initialize") (drop (call $notify (i32.const 3)))))
