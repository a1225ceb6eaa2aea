// run_wast (include/zwasm/wast.h): the spec runner's script reader and command runner
// (spec/script.h), behind the public vocabulary.
#include <zwasm/wast.h>

#include "codegen/jit.h"
#include "runtime/api/api_internal.h"
#include "spec/script.h"

namespace zwasm::api {

Result<WastReport> run_wast(const std::string& path, Engine engine) {
  auto script = spec::load_script(path);
  if (!script.ok()) return detail::to_public(script.error());
  spec::set_engine(engine == Engine::Jit           ? spec::SpecEngine::Jit
                   : engine == Engine::Interpreter ? spec::SpecEngine::Interpreter
                                                   : spec::SpecEngine::Auto,
                   jit::JitEngine::kDefaultBudget);
  WastReport report;
  spec::run_script(*script, [&](size_t index, const spec::CommandResult& r) {
    switch (r.outcome) {
      case spec::Outcome::Passed: ++report.passed; return;
      case spec::Outcome::Skipped: ++report.skipped; return;
      case spec::Outcome::Failed: break;
    }
    ++report.failed;
    const spec::CommandInfo& info = script->commands[index];
    report.failures.push_back({info.line, info.type, r.message});
  });
  return report;
}

}  // namespace zwasm::api
