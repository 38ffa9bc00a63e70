;; expect-error: :0x00000024: error: cannot pre-bake: global 1 is computed from imported global env.base, whose value exists only at run time
;; prebake-args: -c
(module
  (import "env" "base" (global $b i32))
  (global $x i32 (global.get $b))
  (func (export "wizer.initialize")))
