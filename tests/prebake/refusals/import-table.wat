;; expect-error: :0x00000011: error: cannot pre-bake: initialization changed imported table env.t, which is provided only at run time
;; prebake-args: -c
(module
  (import "env" "t" (table 2 funcref))
  (func $f)
  (elem declare func $f)
  (func (export "wizer.initialize") (table.set 0 (i32.const 1) (ref.func $f))))
