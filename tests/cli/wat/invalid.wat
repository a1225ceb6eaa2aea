;; Compiled with `wat2wasm --no-check`: the body returns an i64 where the type says i32, so
;; validation fails (a type mismatch) at a known byte offset.
(module
  (func (export "f") (result i32) (i64.const 0)))
