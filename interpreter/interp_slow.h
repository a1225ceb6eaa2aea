// Out-of-line bodies of rare or heavy interpreter instructions (spec 4.4.6 memory, 4.4.5 table
// instructions), kept out of the dispatch loop so its hot paths stay small.
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
int64_t table_grow(Instance* inst, uint32_t table, uint32_t delta, RefWord init);

}  // namespace zwasm
