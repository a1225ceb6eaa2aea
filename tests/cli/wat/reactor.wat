;; A WASI reactor: `_initialize` must run before an --invoke'd export.
(module
  (global $state (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $state (i32.const 42)))
  (func (export "get") (result i32) (global.get $state)))
