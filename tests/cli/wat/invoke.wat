;; Functions of every number type for `zwasm run --invoke`, plus one export of each other kind
;; for `zwasm inspect`.
(module $calc
  (memory (export "mem") 1 2)
  (table (export "tab") 2 funcref)
  (global (export "counter") (mut i32) (i32.const 7))
  (global (export "pi") f64 (f64.const 3.5))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64)
    (i64.add (local.get 0) (local.get 1)))
  (func (export "half") (param f64) (result f64)
    (f64.div (local.get 0) (f64.const 2)))
  (func (export "fdiv") (param f32 f32) (result f32)
    (f32.div (local.get 0) (local.get 1)))
  ;; Multiple results: x + 1 and x * 2 widened to i64.
  (func (export "pair") (param i32) (result i32 i64)
    (i32.add (local.get 0) (i32.const 1))
    (i64.mul (i64.extend_i32_s (local.get 0)) (i64.const 2)))
  (func (export "nothing"))
  (func (export "takes_v128") (param v128))
  (func (export "null_ref") (param externref) (result i32)
    (ref.is_null (local.get 0))))
