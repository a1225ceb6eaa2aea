;; A script for `zwasm wast` with one failing command (line 4) among three.
(module (func (export "one") (result i32) (i32.const 1)))
(assert_return (invoke "one") (i32.const 1))
(assert_return (invoke "one") (i32.const 2))
