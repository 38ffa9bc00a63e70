;; expect-error: :0x00000011: error: cannot pre-bake: initialization changed imported global env.g, which is provided only at run time
;; prebake-args: -c
(module
  (import "env" "g" (global $g (mut i32)))
  (func (export "wizer.initialize") (global.set $g (i32.const 1))))
