;; A script for `zwasm wast`: every command below passes (10 commands).
(module $m
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0))))
(assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 5))
(assert_return (invoke $m "nan") (f32.const nan:arithmetic))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_malformed (module quote "(func (i32.const 0x))") "unknown operator")
(assert_invalid (module (func (result i32) (i64.const 1))) "type mismatch")
(register "m" $m)
(module definition $def (func (export "nine") (result i32) (i32.const 9)))
(module instance $inst $def)
(assert_return (invoke $inst "nine") (i32.const 9))
