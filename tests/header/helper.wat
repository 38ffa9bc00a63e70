;; helper.wat — a second module in the same host (--prefix helper): it provides the memory
;; awkward.wat imports.
(module
  (memory (export "memory") 1)
)
