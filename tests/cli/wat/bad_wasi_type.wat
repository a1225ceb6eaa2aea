;; Imports a WASI function with the wrong type.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32)))
  (func (export "_start")))
