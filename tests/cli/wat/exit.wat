;; proc_exit from _start, and with a status WASI does not allow (126 and up).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (func (export "_start") (call $proc_exit (i32.const 5)))
  (func (export "exit_big") (call $proc_exit (i32.const 200))))
