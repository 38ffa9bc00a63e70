;; An initial memory of 40000 pages (2.4 GiB) that the host cannot map: instantiation fails
;; with a message and exit status 1.
(module
  (memory 40000)
  (func (export "_start")))
