// The text format, for embedders: runtime/text/ behind the public vocabulary.
#include "runtime/api/api_internal.h"
#include "runtime/text/wat.h"

namespace zwasm::api {

Result<std::vector<uint8_t>> wat_to_wasm(std::string_view text) {
  auto bytes = zwasm::text::wat_to_wasm(text);
  if (!bytes.ok()) return detail::to_public(bytes.error());
  return std::move(bytes.value());
}

}  // namespace zwasm::api
