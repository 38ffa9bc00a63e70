;; grow.wat — a plugin that wants all the memory it can get: it grows its memory a page at a
;; time until memory.grow fails, and returns the pages it got. It declares a maximum of 256
;; pages (16 MiB); its host caps it lower, at 1 MiB (16 pages).
(module
  (memory (export "memory") 1 256)
  (func $run (export "run") (param $n i32) (result i32)
    (block $full
      (loop $more
        (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
    (memory.size))
)
