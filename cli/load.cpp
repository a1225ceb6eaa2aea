#include "load.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>

namespace zwasm::cli {

namespace zw = zwasm::api;

namespace {

// True when the file starts like the text format ("(" or ";;" after whitespace), so a load
// error can say what to do about it. Read only after a failed load: a binary module starts with
// "\0asm", so only a module that did not decode can look like this.
bool looks_like_wat(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  int c = std::fgetc(f);
  while (c == ' ' || c == '\t' || c == '\n' || c == '\r') c = std::fgetc(f);
  bool text = c == '(' || (c == ';' && std::fgetc(f) == ';');
  std::fclose(f);
  return text;
}

}  // namespace

zw::Result<zw::Module> load_module(const std::string& path) {
  auto module = zw::Module::from_file(path);  // errors name the path
  if (!module) {
    std::string message = module.error().describe();
    if (looks_like_wat(path))
      message += "; this looks like the text format: convert it with wat2wasm";
    return zw::Error{message};
  }
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
