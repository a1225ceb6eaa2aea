// Runs spec scripts in forked child processes, several at once, each with a time limit, so a
// crash or hang in one script fails that script's remaining commands instead of the whole run.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "spec/script.h"

namespace zwasm::spec {

struct PoolOptions {
  unsigned jobs = 1;              // scripts running at once
  double timeout_seconds = 300;   // per script
  bool fork = true;               // false: run in this process, one by one (for debuggers)
};

struct ScriptOutcome {
  std::string path;
  std::string name;
  std::vector<CommandInfo> commands;
  std::vector<CommandResult> results;  // parallel to commands
  std::string problem;                 // script-level trouble (unreadable, crashed, timed out)
  JitCounts jit;
  double seconds = 0;
};

// Runs every script and calls `on_done` for each, in the order of `paths`, as soon as it and
// all scripts before it have finished.
void run_scripts(const std::vector<std::string>& paths, const PoolOptions& options,
                 const std::function<void(ScriptOutcome&)>& on_done);

}  // namespace zwasm::spec
