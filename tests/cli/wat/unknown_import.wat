;; Imports a function nothing provides.
(module
  (import "env" "missing" (func (param i32) (result i64)))
  (func (export "_start")))
