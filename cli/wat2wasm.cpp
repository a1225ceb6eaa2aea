// `zwasm wat2wasm`: a text module to the binary it denotes, validated before it is written.
#include <cstdio>
#include <string>
#include <vector>

#include <zwasm/zwasm.h>

#include "commands.h"

namespace zwasm::cli {

namespace zw = zwasm::api;

namespace {

bool read_all(const std::string& path, std::string& out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  if (std::fseek(f, 0, SEEK_END) == 0) {  // one allocation for a regular file
    long size = std::ftell(f);
    if (size > 0) out.reserve(size_t(size));
    std::rewind(f);
  }
  char buf[1 << 16];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  bool ok = !std::ferror(f);
  std::fclose(f);
  return ok;
}

bool write_all(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::FILE* f = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  if (f == stdout) return std::fflush(f) == 0 && ok;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int wat2wasm_command(const Wat2WasmOptions& opt) {
  std::string text;
  if (!read_all(opt.input, text)) return report_error(opt.input + ": cannot read the file");
  auto binary = zw::wat_to_wasm(text);
  if (!binary.ok()) return report_error(opt.input + ":" + binary.error().message);
  // A text module that is well-formed but invalid (a type error, say) is no module: say so
  // now rather than write a binary every runtime rejects.
  if (opt.check) {
    auto module = zw::Module::from_bytes(std::span<const uint8_t>(binary.value()));
    if (!module.ok()) return report_error(opt.input + ": " + module.error().message);
  }
  if (!write_all(opt.output, binary.value())) return report_error(opt.output + ": cannot write the file");
  return kExitOk;
}

}  // namespace zwasm::cli
