// Fuzz target: arbitrary bytes read as the text format; what reads must then decode and
// validate (or fail to) without harm, and be described like any other module.
#include <zwasm/zwasm.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace zw = zwasm::api;
  auto binary = zw::wat_to_wasm(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!binary.ok()) {
    (void)binary.error().describe();
    return 0;
  }
  auto module = zw::Module::from_bytes(std::move(binary.value()));
  if (module.ok()) {
    for (const zw::ExportType& exp : module->exports()) (void)exp.type.to_string();
  }
  return 0;
}
