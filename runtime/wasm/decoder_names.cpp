// The "name" custom section (spec 7.4). Custom sections never affect validity (spec 5.5.3),
// so anything malformed here makes the decoder ignore the whole section.
#include <unordered_map>

#include "runtime/wasm/decoder_internal.h"

namespace zwasm::decoder_detail {

namespace {

constexpr uint8_t kModuleNameSubsection = 0;
constexpr uint8_t kFunctionNamesSubsection = 1;

// namemap ::= vec(idx name) (spec 7.4.1).
bool read_name_map(Reader& r, const DecodeLimits& limits,
                   std::unordered_map<uint32_t, std::string>& out) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t index;
    std::string name;
    if (!r.u32(index) || !read_name(r, name)) return false;
    out.emplace(index, std::move(name));  // a repeated index keeps its first name
  }
  return true;
}

}  // namespace

bool decode_name_section(const uint8_t* data, size_t size, size_t base_offset,
                         const DecodeLimits& limits, Module& m) {
  Reader r(data, size, base_offset);
  std::string module_name;
  std::unordered_map<uint32_t, std::string> func_names;
  int last_id = -1;
  while (!r.at_end()) {
    uint8_t id;
    uint32_t sub_size;
    const uint8_t* sub_data;
    if (!r.u8(id)) return false;
    size_t sub_start = 0;
    if (!r.u32(sub_size)) return false;
    sub_start = r.offset();
    if (!r.bytes(sub_size, sub_data)) return false;
    // Subsections appear at most once each, in increasing id order (spec 7.4.1).
    if (int(id) <= last_id) return false;
    last_id = id;
    Reader sub(sub_data, sub_size, sub_start);
    if (id == kModuleNameSubsection) {
      if (!read_name(sub, module_name)) return false;
    } else if (id == kFunctionNamesSubsection) {
      if (!read_name_map(sub, limits, func_names)) return false;
    } else {
      continue;  // local names and later proposals' subsections: not used
    }
    if (!sub.at_end()) return false;
  }
  m.module_name = std::move(module_name);
  m.func_names = std::move(func_names);
  return true;
}

}  // namespace zwasm::decoder_detail
