;; The trap is reported in the innermost function, not in _start.
;; expect-status: 134
;; expect-stderr: unreachable
;; expect-stderr: inner_most
(module
  (func $inner_most (unreachable))
  (func $middle (call $inner_most))
  (func (export "_start") (call $middle)))
