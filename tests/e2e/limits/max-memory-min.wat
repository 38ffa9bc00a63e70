;; A memory whose minimum exceeds the cap fails instantiation cleanly, before any code runs.
;; w2n-options: --max-memory 1M
;; expect-status: 1
;; expect-stderr: cannot instantiate the module: memory minimum of 2097152 bytes exceeds the instance's limit of 1048576 bytes
(module
  (memory 32)
  (func (export "_start") unreachable))
