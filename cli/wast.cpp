// `zwasm wast`: runs .wast scripts (zwasm::api::run_wast) and counts their commands.
#include <cstdio>

#include <zwasm/wast.h>

#include "commands.h"

namespace zwasm::cli {

int wast_command(const WastOptions& opt) {
  size_t passed = 0, failed = 0, skipped = 0;
  bool unreadable = false;
  for (const std::string& path : opt.scripts) {
    auto report = zwasm::api::run_wast(path, opt.engine);
    if (!report.ok()) {
      std::fprintf(stderr, "zwasm: %s\n", report.error().describe().c_str());
      unreadable = true;
      continue;
    }
    for (const zwasm::api::WastFailure& f : report->failures)
      std::printf("%s:%u: %s: %s\n", path.c_str(), f.line, f.command.c_str(), f.message.c_str());
    if (opt.scripts.size() > 1)
      std::printf("%s: %zu passed, %zu failed, %zu skipped\n", path.c_str(), report->passed,
                  report->failed, report->skipped);
    passed += report->passed;
    failed += report->failed;
    skipped += report->skipped;
  }
  std::printf("%zu passed, %zu failed, %zu skipped\n", passed, failed, skipped);
  return failed || unreadable ? kExitFailure : kExitOk;
}

}  // namespace zwasm::cli
