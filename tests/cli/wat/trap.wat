;; Traps at known depths, so the backtrace can be checked name by name.
(module $traps
  (func $inner unreachable)
  (func $middle (call $inner))
  (func $_start (export "_start") (call $middle))
  (func $div (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $recurse (export "recurse") (call $recurse)))
