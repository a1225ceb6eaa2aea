#include "cli/load.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/decoder.h"
#include "runtime/log.h"
#include "runtime/validator.h"

namespace zwasm::cli {

namespace {

// Reads the whole file; the error says why it could not (errno's text, or "is a directory").
Result<std::vector<uint8_t>> read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{path + ": cannot open file: " + std::strerror(errno)};
  std::vector<uint8_t> bytes;
  struct stat st;
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Error{path + ": cannot read module: is a directory"};
    }
    if (S_ISREG(st.st_mode)) bytes.reserve(size_t(st.st_size));
  }
  uint8_t buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Error{path + ": cannot read module: " + std::strerror(err)};
    }
    bytes.insert(bytes.end(), buffer, buffer + n);
  }
  ::close(fd);
  return bytes;
}

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
