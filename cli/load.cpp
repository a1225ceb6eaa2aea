#include "cli/load.h"

#include <fstream>
#include <iterator>

#include "runtime/decoder.h"
#include "runtime/log.h"
#include "runtime/validator.h"

namespace zwasm::cli {

Result<std::shared_ptr<Module>> load_module(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open file"};
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  spdlog::debug("read {} ({} bytes)", path, bytes.size());
  auto module = decode_module(std::move(bytes));
  if (!module.ok()) return Error{path + ": " + module.error().describe()};
  auto valid = validate_module(**module);
  if (!valid.ok()) return Error{path + ": " + valid.error().describe()};
  spdlog::debug("{}: {} types, {} functions, {} imports", path, (*module)->types.size(),
                (*module)->total_funcs(), (*module)->imports.size());
  return module;
}

}  // namespace zwasm::cli
