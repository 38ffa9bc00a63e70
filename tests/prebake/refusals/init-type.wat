;; expect-error: :0x00000016: error: cannot pre-bake: the initialization function 'wizer.initialize' must take and return nothing (its type is [i32] -> [])
(module
  (func (export "wizer.initialize") (param i32)))
