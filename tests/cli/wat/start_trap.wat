;; The start function traps during instantiation.
(module
  (func $init unreachable)
  (start $init)
  (func (export "_start")))
