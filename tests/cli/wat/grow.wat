(module
  (memory 1)
  (table 2 funcref)
  (func (export "grow_memory") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "grow_table") (param i32) (result i32) (table.grow 0 (ref.null func) (local.get 0))))
