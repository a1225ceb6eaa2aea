#include "runtime/store/instance_ops.h"

#include <cstring>

namespace zwasm {

int64_t memory_grow(Instance* inst, uint32_t memory, uint32_t delta_pages) {
  return inst->memories[memory]->grow(delta_pages);
}

// Bounds per spec 4.4.6: the whole range [start, start + n) must fit, checked before any write;
// n = 0 at exactly the end is allowed.
static bool range_ok(uint64_t start, uint64_t n, uint64_t size) { return start + n <= size; }

TrapCode memory_init(Instance* inst, uint32_t data, uint32_t memory, uint32_t dst, uint32_t src,
                     uint32_t n) {
  Memory* mem = inst->memories[memory];
  const DataSegment& seg = inst->module->datas[data];
  uint64_t seg_size = inst->data_dropped[data] ? 0 : seg.data_size;
  if (!range_ok(src, n, seg_size) || !range_ok(dst, n, mem->size_bytes()))
    return TrapCode::MemoryOutOfBounds;
  if (n) std::memcpy(mem->base() + dst, inst->module->bytes.data() + seg.data_offset + src, n);
  return TrapCode::None;
}

TrapCode data_drop(Instance* inst, uint32_t data) {
  inst->data_dropped[data] = true;
  return TrapCode::None;
}

TrapCode memory_copy(Instance* inst, uint32_t dst_memory, uint32_t src_memory, uint32_t dst,
                     uint32_t src, uint32_t n) {
  Memory* d = inst->memories[dst_memory];
  Memory* s = inst->memories[src_memory];
  if (!range_ok(src, n, s->size_bytes()) || !range_ok(dst, n, d->size_bytes()))
    return TrapCode::MemoryOutOfBounds;
  if (n) std::memmove(d->base() + dst, s->base() + src, n);
  return TrapCode::None;
}

TrapCode memory_fill(Instance* inst, uint32_t memory, uint32_t dst, uint32_t value, uint32_t n) {
  Memory* mem = inst->memories[memory];
  if (!range_ok(dst, n, mem->size_bytes())) return TrapCode::MemoryOutOfBounds;
  if (n) std::memset(mem->base() + dst, int(uint8_t(value)), n);
  return TrapCode::None;
}

TrapCode table_init(Instance* inst, uint32_t table, uint32_t elem, uint32_t dst, uint32_t src,
                    uint32_t n) {
  Table* t = inst->tables[table];
  const std::vector<RefWord>& seg = inst->elem_segments[elem];
  if (!range_ok(src, n, seg.size()) || !range_ok(dst, n, t->size()))
    return TrapCode::TableOutOfBounds;
  for (uint32_t i = 0; i < n; ++i) t->set(dst + i, seg[src + i]);
  return TrapCode::None;
}

TrapCode elem_drop(Instance* inst, uint32_t elem) {
  std::vector<RefWord>().swap(inst->elem_segments[elem]);
  return TrapCode::None;
}

TrapCode table_copy(Instance* inst, uint32_t dst_table, uint32_t src_table, uint32_t dst,
                    uint32_t src, uint32_t n) {
  Table* d = inst->tables[dst_table];
  Table* s = inst->tables[src_table];
  if (!range_ok(src, n, s->size()) || !range_ok(dst, n, d->size()))
    return TrapCode::TableOutOfBounds;
  if (n) std::memmove(d->data() + dst, s->data() + src, size_t(n) * sizeof(RefWord));
  return TrapCode::None;
}

TrapCode table_get(Instance* inst, uint32_t table, uint32_t index, Cell& out) {
  Table* t = inst->tables[table];
  if (index >= t->size()) return TrapCode::TableOutOfBounds;
  out = t->get(index);
  return TrapCode::None;
}

TrapCode table_set(Instance* inst, uint32_t table, uint32_t index, RefWord value) {
  Table* t = inst->tables[table];
  if (index >= t->size()) return TrapCode::TableOutOfBounds;
  t->set(index, value);
  return TrapCode::None;
}

TrapCode table_fill(Instance* inst, uint32_t table, uint32_t start, RefWord value, uint32_t n) {
  Table* t = inst->tables[table];
  if (!range_ok(start, n, t->size())) return TrapCode::TableOutOfBounds;
  for (uint32_t i = 0; i < n; ++i) t->set(start + i, value);
  return TrapCode::None;
}

TrapCode table_size(Instance* inst, uint32_t table, Cell& out) {
  out = inst->tables[table]->size();
  return TrapCode::None;
}

TrapCode table_grow(Instance* inst, uint32_t table, uint32_t delta, RefWord init, Cell& out) {
  out = uint32_t(inst->tables[table]->grow(delta, init));
  return TrapCode::None;
}

}  // namespace zwasm
