// Tables (spec 4.2.7) and table.grow (spec 4.4.6).
#include <algorithm>

#include "runtime/store/store.h"

namespace zwasm {

// Precondition: type.limits.min <= kMaxElements (instantiate() checks this for defined tables;
// embedders creating tables directly must too).
Table::Table(const TableType& type, RefWord init, std::pmr::memory_resource* resource)
    : type_(type), elems_(resource) {
  elems_.assign(size_t(type.limits.min), init);
  view_ = {elems_.data(), elems_.size()};
}

int64_t Table::grow(uint32_t delta, RefWord init) {
  const uint64_t old_size = elems_.size();
  if (delta == 0) return int64_t(old_size);  // growing by nothing always succeeds
  // The declared maximum, else the 32-bit index space, further bounded by our own limit
  // (the spec lets an implementation refuse growth for resource reasons: grow then yields -1).
  const uint64_t limit = std::min<uint64_t>(
      {type_.limits.max.value_or(kMaxTableSize), kMaxElements, max_elements_});
  if (old_size > limit || delta > limit - old_size) return -1;
  elems_.resize(size_t(old_size + delta), init);
  view_ = {elems_.data(), elems_.size()};  // the array may have moved
  type_.limits.min = old_size + delta;  // import matching compares the *current* size
  return int64_t(old_size);
}

}  // namespace zwasm
