#include "cli/load.h"

#include "runtime/wasm/decoder.h"
#include "runtime/base/log.h"
#include "runtime/base/read_file.h"
#include "runtime/wasm/validator.h"

namespace zwasm::cli {

namespace {

// True when the bytes look like the text format, so the error can say what to do about it.
bool looks_like_wat(const std::vector<uint8_t>& bytes) {
  size_t i = 0;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' ||
                              bytes[i] == '\r'))
    ++i;
  if (i >= bytes.size()) return false;
  return bytes[i] == '(' || (bytes[i] == ';' && i + 1 < bytes.size() && bytes[i + 1] == ';');
}

}  // namespace

Result<std::shared_ptr<Module>> load_module(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes.ok()) return bytes.error();
  spdlog::debug("read {} ({} bytes)", path, bytes->size());
  bool text = looks_like_wat(*bytes);
  auto module = decode_module(std::move(*bytes));
  if (!module.ok()) {
    std::string message = path + ": " + module.error().describe();
    if (text) message += "; this looks like the text format: convert it with wat2wasm";
    return Error{message};
  }
  auto valid = validate_module(**module);
  if (!valid.ok()) return Error{path + ": " + valid.error().describe()};
  spdlog::debug("{}: {} types, {} functions, {} imports", path, (*module)->types.size(),
                (*module)->total_funcs(), (*module)->imports.size());
  return module;
}

}  // namespace zwasm::cli
