;; expect-error: :0x00000011: error: cannot pre-bake: initialization changed imported memory env.mem, which is provided only at run time
;; prebake-args: -c
(module
  (import "env" "mem" (memory 1))
  (func (export "wizer.initialize") (drop (memory.grow (i32.const 1)))))
