// zwasm-spec: runs the official spec suite (.wast scripts, or wast2json's .json) against zwasm.
//
//   zwasm-spec [--engine interp|auto|jit] [--wast] [--known-failures FILE]
//              [--write-failures FILE] [-j N] [--timeout SECONDS] [--no-fork] [-v] PATH...
//
// PATH is a .json or .wast script or a folder of them (its .json ones; with --wast its .wast). Prints one line per script, then exactly
// `N passed, N failed, N skipped`. The exit status is 0 when every failure is listed in the
// known-failures file (or, without one, when nothing failed) and no listed entry now passes.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "codegen/jit.h"
#include "runtime/base/log.h"
#include "spec/known_failures.h"
#include "spec/pool.h"

namespace zwasm::spec {
namespace {

struct Options {
  std::string engine = "interp";
  int32_t jit_threshold = zwasm::jit::JitEngine::kDefaultBudget;
  std::string known_failures_path;
  std::string write_failures_path;
  unsigned jobs = 0;  // 0: the number of CPUs
  double timeout_seconds = 300;
  bool fork = true;
  bool verify_ir = false;
  bool wast = false;  // folders give their .wast scripts, not their .json ones
  int verbose = 0;
  std::vector<std::string> paths;
};

void usage(FILE* out) {
  std::fprintf(out,
               "usage: zwasm-spec [options] PATH...\n"
               "  PATH                   a .json or .wast spec script, or a folder of them\n"
               "  --wast                 from folders, run the .wast scripts (read by zwasm's\n"
               "                         text reader), not wast2json's .json ones\n"
               "  --engine E             interp, auto or jit (jit: compile every function before its\n"
               "                         first call; auto: interpret, compile what gets hot)\n"
               "  --jit-threshold N      auto's tier-up budget in IR words executed (default 20000;\n"
               "                         1 compiles every function at its first call)\n"
               "  --known-failures FILE  commands expected to fail (lines `script.json:LINE`)\n"
               "  --write-failures FILE  write the current failures in that format\n"
               "  -j N, --jobs N         scripts run at once (default: the number of CPUs)\n"
               "  --timeout SECONDS      per-script time limit (default 300)\n"
               "  --no-fork              run scripts in this process, one at a time, without\n"
               "                         the timeout (for debuggers)\n"
               "  --verify-ir            translate every function of every module and verify\n"
               "                         its register IR (translation is otherwise lazy)\n"
               "  -v                     show failing commands (-vv: also minor notes)\n");
}

bool parse_unsigned(const char* text, unsigned& out) {
  char* end = nullptr;
  errno = 0;
  unsigned long v = std::strtoul(text, &end, 10);
  if (errno || end == text || *end || v == 0 || v > 4096) return false;
  out = unsigned(v);
  return true;
}

// Returns 0 to go on, or the exit status to stop with.
int parse_args(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "zwasm-spec: %s needs a value\n", name);
        return nullptr;
      }
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      usage(stdout);
      return -1;
    } else if (a == "--jit-threshold") {
      const char* v = value("--jit-threshold");
      if (!v) return 2;
      char* end = nullptr;
      long n = std::strtol(v, &end, 10);
      if (*v == 0 || *end != 0 || n < 1 || n > INT32_MAX) {
        std::fprintf(stderr, "zwasm-spec: --jit-threshold takes a positive number\n");
        return 2;
      }
      o.jit_threshold = int32_t(n);
    } else if (a == "--engine") {
      const char* v = value("--engine");
      if (!v) return 2;
      o.engine = v;
      if (o.engine != "interp" && o.engine != "auto" && o.engine != "jit") {
        std::fprintf(stderr, "zwasm-spec: unknown engine '%s' (interp, auto or jit)\n", v);
        return 2;
      }
    } else if (a == "--known-failures") {
      const char* v = value("--known-failures");
      if (!v) return 2;
      o.known_failures_path = v;
    } else if (a == "--write-failures") {
      const char* v = value("--write-failures");
      if (!v) return 2;
      o.write_failures_path = v;
    } else if (a == "-j" || a == "--jobs" || (a.size() > 2 && a.compare(0, 2, "-j") == 0)) {
      const char* v = a.size() > 2 && a[1] == 'j' ? argv[i] + 2 : value(a.c_str());
      if (!v) return 2;
      if (!parse_unsigned(v, o.jobs)) {
        std::fprintf(stderr, "zwasm-spec: bad job count '%s'\n", v);
        return 2;
      }
    } else if (a == "--wast") {
      o.wast = true;
    } else if (a == "--verify-ir") {
      o.verify_ir = true;
    } else if (a == "--timeout") {
      const char* v = value("--timeout");
      if (!v) return 2;
      char* end = nullptr;
      o.timeout_seconds = std::strtod(v, &end);
      if (end == v || *end || !(o.timeout_seconds > 0)) {
        std::fprintf(stderr, "zwasm-spec: bad timeout '%s'\n", v);
        return 2;
      }
    } else if (a == "--no-fork") {
      o.fork = false;
    } else if (a.size() >= 2 && a[0] == '-' && a.find_first_not_of('v', 1) == std::string::npos) {
      o.verbose += int(a.size() - 1);
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "zwasm-spec: unknown option '%s'\n", a.c_str());
      usage(stderr);
      return 2;
    } else {
      o.paths.push_back(a);
    }
  }
  if (o.paths.empty()) {
    usage(stderr);
    return 2;
  }
  return 0;
}

bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// Expands folders into their *.json (or *.wast) scripts, sorted by name.
bool collect_scripts(const std::vector<std::string>& paths, const char* suffix,
                     std::vector<std::string>& out) {
  for (const std::string& path : paths) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      std::fprintf(stderr, "zwasm-spec: %s: %s\n", path.c_str(), std::strerror(errno));
      return false;
    }
    if (!S_ISDIR(st.st_mode)) {
      out.push_back(path);
      continue;
    }
    DIR* dir = ::opendir(path.c_str());
    if (!dir) {
      std::fprintf(stderr, "zwasm-spec: %s: %s\n", path.c_str(), std::strerror(errno));
      return false;
    }
    std::vector<std::string> names;
    while (dirent* e = ::readdir(dir)) {
      std::string name = e->d_name;
      if (ends_with(name, suffix)) names.push_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    std::string prefix = ends_with(path, "/") ? path : path + "/";
    for (const std::string& name : names) out.push_back(prefix + name);
  }
  return true;
}

struct Totals {
  size_t passed = 0, failed = 0, skipped = 0;
};

// A failing command, kept for the known-failures comparison.
struct Failure {
  std::string key;
  std::string text;  // "i32.json:37: assert_return: ..."
};

int run(const Options& o) {
  auto start = std::chrono::steady_clock::now();
  set_verify_ir(o.verify_ir);

  std::set<std::string> known;
  bool have_known = !o.known_failures_path.empty();
  if (have_known) {
    auto k = read_known_failures(o.known_failures_path);
    if (!k) {
      std::fprintf(stderr, "zwasm-spec: %s\n", k.error().describe().c_str());
      return 2;
    }
    known = std::move(*k);
  }

  std::vector<std::string> scripts;
  if (!collect_scripts(o.paths, o.wast ? ".wast" : ".json", scripts)) return 2;
  if (scripts.empty()) {
    std::fprintf(stderr, "zwasm-spec: no scripts found\n");
    return 2;
  }
  set_engine(o.engine == "jit"    ? SpecEngine::Jit
             : o.engine == "auto" ? SpecEngine::Auto
                                  : SpecEngine::Interpreter,
             o.jit_threshold);

  PoolOptions pool;
  pool.jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  pool.timeout_seconds = o.timeout_seconds;
  pool.fork = o.fork;
  if (!pool.fork) pool.jobs = 1;

  Totals totals;
  JitCounts jit;
  std::vector<Failure> failures;
  std::set<std::string> ran_scripts;
  std::set<std::string> passed_keys;  // keys with at least one passing command

  run_scripts(scripts, pool, [&](ScriptOutcome& s) {
    ran_scripts.insert(s.name);
    Totals t;
    for (size_t i = 0; i < s.results.size(); ++i) {
      const CommandInfo& c = s.commands[i];
      const CommandResult& r = s.results[i];
      std::string key = failure_key(s.name, c.line);
      switch (r.outcome) {
        case Outcome::Passed:
          ++t.passed;
          passed_keys.insert(key);
          break;
        case Outcome::Failed:
          ++t.failed;
          failures.push_back({key, key + ": " + c.type + ": " + r.message});
          break;
        case Outcome::Skipped: ++t.skipped; break;
      }
    }
    std::printf("%s: %zu passed, %zu failed, %zu skipped", s.name.c_str(), t.passed, t.failed,
                t.skipped);
    if (!s.problem.empty()) std::printf(" (script %s)", s.problem.c_str());
    std::printf("\n");
    if (o.verbose > 0) {
      for (size_t i = 0; i < s.results.size(); ++i) {
        const CommandInfo& c = s.commands[i];
        const CommandResult& r = s.results[i];
        std::string key = failure_key(s.name, c.line);
        if (r.outcome == Outcome::Failed) {
          std::printf("  %s: %s: %s%s\n", key.c_str(), c.type.c_str(), r.message.c_str(),
                      known.count(key) ? " (known)" : "");
        } else if (r.outcome == Outcome::Passed && !r.note.empty() &&
                   o.verbose >= r.note_level) {
          std::printf("  %s: %s: passed; note: %s\n", key.c_str(), c.type.c_str(),
                      r.note.c_str());
        }
      }
    }
    std::fflush(stdout);
    totals.passed += t.passed;
    totals.failed += t.failed;
    totals.skipped += t.skipped;
    jit.compiled += s.jit.compiled;
    jit.interpreted += s.jit.interpreted;
  });

  int status = 0;
  std::set<std::string> failed_keys;
  for (const Failure& f : failures) failed_keys.insert(f.key);

  if (have_known) {
    std::vector<const Failure*> unexpected;
    for (const Failure& f : failures)
      if (!known.count(f.key)) unexpected.push_back(&f);
    constexpr size_t kShown = 50;
    if (!unexpected.empty()) {
      status = 1;
      std::printf("%zu unexpected failures (not in %s):\n", unexpected.size(),
                  o.known_failures_path.c_str());
      if (o.verbose == 0) {
        for (size_t i = 0; i < unexpected.size() && i < kShown; ++i)
          std::printf("  %s\n", unexpected[i]->text.c_str());
        if (unexpected.size() > kShown)
          std::printf("  ... and %zu more (-v shows every failure)\n",
                      unexpected.size() - kShown);
      } else {
        for (const Failure* f : unexpected) std::printf("  %s\n", f->key.c_str());
      }
    }
    // A listed command of a script that ran: fixed when it no longer fails. Entries of scripts
    // not run this time are left alone, so a subset can be run with the full list.
    std::vector<std::string> fixed;
    for (const std::string& key : known) {
      if (ran_scripts.count(key_script(key)) && !failed_keys.count(key)) fixed.push_back(key);
    }
    if (!fixed.empty()) {
      status = 1;
      for (const std::string& key : fixed) {
        std::printf("fixed, remove from the list: %s%s\n", key.c_str(),
                    passed_keys.count(key) ? "" : " (no command at that line)");
      }
    }
  } else if (totals.failed > 0) {
    status = 1;
  }

  if (!o.write_failures_path.empty()) {
    std::vector<std::string> keys;
    std::set<std::string> seen;
    for (const Failure& f : failures)
      if (seen.insert(f.key).second) keys.push_back(f.key);
    auto w = write_known_failures(o.write_failures_path, keys);
    if (!w) {
      std::fprintf(stderr, "zwasm-spec: %s\n", w.error().describe().c_str());
      status = 2;
    } else {
      std::printf("wrote %zu failures to %s\n", keys.size(), o.write_failures_path.c_str());
    }
  }

  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("wall time: %.2f s (%zu scripts, %u jobs)\n", seconds, scripts.size(), pool.jobs);
  if (o.engine != "interp")  // what ran compiled: a function the JIT declines still passes
    std::printf("jit: %" PRIu64 " functions compiled, %" PRIu64 " left to the interpreter\n",
                jit.compiled, jit.interpreted);
  std::printf("%zu passed, %zu failed, %zu skipped\n", totals.passed, totals.failed,
              totals.skipped);
  std::fflush(stdout);
  return status;
}

}  // namespace
}  // namespace zwasm::spec

int main(int argc, char** argv) {
  zwasm::init_logging(0);  // warnings only, unless ZWASM_LOG says otherwise
  zwasm::spec::Options options;
  int status = zwasm::spec::parse_args(argc, argv, options);
  if (status == -1) return 0;
  if (status != 0) return status;
  return zwasm::spec::run(options);
}
