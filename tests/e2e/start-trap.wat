;; A trap in the start function (during instantiation) is reported like any other.
;; expect-status: 134
;; expect-stderr: unreachable
;; expect-stderr: init
(module
  (func $init (unreachable))
  (start $init)
  (func (export "_start")))
