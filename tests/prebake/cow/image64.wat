;; image64.wat — a 64 MiB memory image (cow.py): the initialization writes one byte in each of
;; the 1024 pages, so that every page is in the image; _start checks them, writes to the image
;; (a private copy: the next run must see the original), grows memory and uses the new pages,
;; then waits for the end of stdin, while cow.py reads its RssAnon.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1024)
  (data (i32.const 0) "\10\00\00\00\03\00\00\00")  ;; iovec: "ok\n" at 16, 3 bytes
  (data (i32.const 16) "ok\n")
  (data (i32.const 24) "\20\00\00\00\04\00\00\00")  ;; iovec: "bad\n" at 32, 4 bytes
  (data (i32.const 32) "bad\n")
  (func $init (export "wizer.initialize")
    (local $i i32)
    (loop $l
      (i32.store8 offset=100 (i32.mul (local.get $i) (i32.const 65536))
                  (i32.add (local.get $i) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1024)))))
  (func $say (param $ok i32)
    (drop (call $fd_write (i32.const 1) (select (i32.const 0) (i32.const 24) (local.get $ok))
                          (i32.const 1) (i32.const 48))))
  (func (export "_start")
    (local $i i32) (local $sum i32)
    (if (i32.eqz (i32.load8_u offset=100 (i32.const 0))) (then (call $init)))
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
                               (i32.load8_u offset=100 (i32.mul (local.get $i) (i32.const 65536)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1024))))
    (call $say (i32.eq (local.get $sum) (i32.const 130560)))  ;; 4 x (0 + 1 + ... + 255)
    (i32.store8 offset=100 (i32.const 0) (i32.const 0))          ;; a write into the image
    (call $say (i32.eq (memory.grow (i32.const 16)) (i32.const 1024)))
    (i32.store offset=100 (i32.const 67043328) (i32.const 5))     ;; page 1039
    (call $say (i32.eq (i32.load offset=100 (i32.const 67043328)) (i32.const 5)))
    (i32.store (i32.const 56) (i32.const 64))
    (i32.store (i32.const 60) (i32.const 1))
    (drop (call $fd_read (i32.const 0) (i32.const 56) (i32.const 1) (i32.const 48)))))
