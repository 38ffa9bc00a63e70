;; A table whose minimum exceeds the cap fails instantiation cleanly, before any code runs.
;; w2n-options: --max-table 10
;; expect-status: 1
;; expect-stderr: cannot instantiate the module: table minimum of 20 elements exceeds the instance's limit of 10 elements
(module
  (table 20 funcref)
  (func (export "_start") unreachable))
