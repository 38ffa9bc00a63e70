;; expect-error: : error: cannot pre-bake: the module exports no function 'setup' to initialize it (name another export with --init-func NAME)
;; prebake-args: --init-func setup
(module
  (func (export "wizer.initialize")))
