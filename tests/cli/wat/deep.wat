(module
  (global $depth (export "depth") (mut i32) (i32.const 0))
  ;; Recurses forever, counting its depth.
  (func $down (export "down")
    (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
    (call $down))
  (func (export "get") (result i32) (global.get $depth)))
