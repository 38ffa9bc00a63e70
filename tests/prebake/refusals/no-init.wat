;; expect-error: : error: cannot pre-bake: the module exports no function 'wizer.initialize' to initialize it (name another export with --init-func NAME)
(module
  (func (export "init")))
