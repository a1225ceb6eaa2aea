// The instructions whose work belongs to an instance rather than to a frame: bulk memory (spec
// 4.4.7), tables (4.4.6) and memory.grow. Both tiers call these: out of line in the
// interpreter's dispatch loop, and from the JIT's generated code (codegen/op_helpers.cpp).
#pragma once

#include <cstdint>

#include "runtime/store/store.h"
#include "runtime/base/trap.h"

namespace zwasm {

int64_t memory_grow(Instance* inst, uint32_t memory, uint32_t delta_pages);
TrapCode memory_init(Instance* inst, uint32_t data, uint32_t memory, uint32_t dst, uint32_t src,
                     uint32_t n);
TrapCode data_drop(Instance* inst, uint32_t data);
TrapCode memory_copy(Instance* inst, uint32_t dst_memory, uint32_t src_memory, uint32_t dst,
                     uint32_t src, uint32_t n);
TrapCode memory_fill(Instance* inst, uint32_t memory, uint32_t dst, uint32_t value, uint32_t n);

TrapCode table_init(Instance* inst, uint32_t table, uint32_t elem, uint32_t dst, uint32_t src,
                    uint32_t n);
TrapCode elem_drop(Instance* inst, uint32_t elem);
TrapCode table_copy(Instance* inst, uint32_t dst_table, uint32_t src_table, uint32_t dst,
                    uint32_t src, uint32_t n);
TrapCode table_get(Instance* inst, uint32_t table, uint32_t index, Cell& out);
TrapCode table_set(Instance* inst, uint32_t table, uint32_t index, RefWord value);
TrapCode table_fill(Instance* inst, uint32_t table, uint32_t start, RefWord value, uint32_t n);
// table.size / table.grow (-1 past the maximum: never a trap), results zero-extended into `out`.
TrapCode table_size(Instance* inst, uint32_t table, Cell& out);
TrapCode table_grow(Instance* inst, uint32_t table, uint32_t delta, RefWord init, Cell& out);

}  // namespace zwasm
