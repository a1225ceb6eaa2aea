// Fuzz target: arbitrary bytes through decoding and validation, and what `zwasm inspect`
// prints of a module that passes (its imports, exports and their types).
#include <zwasm/zwasm.h>

#include <cstddef>
#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace zw = zwasm::api;
  auto module = zw::Module::from_bytes(std::vector<uint8_t>(data, data + size));
  if (!module.ok()) {
    (void)module.error().describe();  // every error can be described
    return 0;
  }
  for (const zw::ImportType& imp : module->imports()) (void)imp.type.to_string();
  for (const zw::ExportType& exp : module->exports()) (void)exp.type.to_string();
  (void)module->name();
  return 0;
}
