(module
  (global $count (export "count") (mut i64) (i64.const 0))
  ;; Spins forever without calls.
  (func (export "spin")
    (loop $top
      (global.set $count (i64.add (global.get $count) (i64.const 1)))
      (br $top)))
  ;; Calls a leaf forever.
  (func $leaf (global.set $count (i64.add (global.get $count) (i64.const 1))))
  (func (export "calls")
    (loop $top (call $leaf) (br $top)))
  (func (export "get") (result i64) (global.get $count)))
