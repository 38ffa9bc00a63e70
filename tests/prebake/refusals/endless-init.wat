;; The initialization never returns: the build stops at --prebake-timeout instead of hanging.
;; expect-error: :0x00000015: error: cannot pre-bake: 'wizer.initialize' did not return within 0.3 s (--prebake-timeout)
;; prebake-args: --prebake-timeout 0.3
(module
  (func $init (export "wizer.initialize") (loop $spin (br $spin))))
