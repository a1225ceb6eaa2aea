#include "runtime/base/log.h"

#include <cstdlib>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace zwasm {

void init_logging(int verbosity) {
  // Reuse the logger on a second call: spdlog refuses (throws) to register a name twice.
  auto logger = spdlog::get("zwasm");
  if (!logger) {
    logger = spdlog::stderr_color_mt("zwasm");
    logger->set_pattern("[%n %l] %v");
  }
  spdlog::set_default_logger(logger);
  spdlog::level::level_enum level = spdlog::level::warn;
  if (verbosity == 1) level = spdlog::level::info;
  if (verbosity >= 2) level = spdlog::level::debug;
  if (const char* env = std::getenv("ZWASM_LOG")) level = spdlog::level::from_str(env);
  spdlog::set_level(level);
}

}  // namespace zwasm
