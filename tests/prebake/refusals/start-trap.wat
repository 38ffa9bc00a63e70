;; expect-error: :0x0000002b: error: cannot pre-bake: the start function trapped: unreachable (in function s)
(module
  (func $s unreachable)
  (start $s)
  (func (export "wizer.initialize")))
