#include "load.h"

#include <spdlog/spdlog.h>

#include <filesystem>

namespace zwasm::cli {

namespace zw = zwasm::api;

zw::Result<zw::Module> load_module(const std::string& path) {
  auto module = zw::Module::from_file(path);  // binary or text; errors name the path
  if (!module) return zw::Error{module.error().describe()};
  if (spdlog::should_log(spdlog::level::debug)) {
    std::error_code ec;
    spdlog::debug("read {} ({} bytes)", path, std::filesystem::file_size(path, ec));
    zw::ModuleInfo info = module->info();
    spdlog::debug("{}: {} types, {} functions, {} imports", path, info.types.size(),
                  info.functions.size(), info.imports.size());
  }
  return module;
}

}  // namespace zwasm::cli
