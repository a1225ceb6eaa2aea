;; The guest of examples/embed.cpp: it logs through a host function, counts its calls in an
;; exported mutable global, and sums bytes the host writes into its exported memory.
(module
  (import "env" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (global $counter (export "counter") (mut i32) (i32.const 0))
  (data (i32.const 16) "hello from wasm")

  ;; Logs the greeting, then counts the call; returns the new count.
  (func (export "greet") (result i32)
    (call $log (i32.const 16) (i32.const 15))
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))

  ;; The sum of the `len` bytes at `ptr`.
  (func (export "sum_bytes") (param $ptr i32) (param $len i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $sum)))
