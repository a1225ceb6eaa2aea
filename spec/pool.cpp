// The process pool behind run_scripts(). See pool.h.
//
// Each child runs one script and streams one record per command through a pipe as soon as the
// command finishes, so the parent knows exactly which command was running if the child dies.
// Record layout (host byte order; parent and child are the same binary):
//   u32 command index | u8 outcome | u8 note level | u32 message length | u32 note length |
//   message bytes | note bytes
// A final record with index kEndOfScript marks a clean finish; its message is the script's
// JitCounts, "compiled interpreted".
#include "spec/pool.h"

#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

namespace zwasm::spec {

namespace {

using Clock = std::chrono::steady_clock;

constexpr uint32_t kEndOfScript = 0xFFFFFFFFu;
constexpr size_t kHeaderSize = 4 + 1 + 1 + 4 + 4;
constexpr size_t kMaxTextSize = 4096;  // longer messages are cut, keeping records small

std::string base_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void append_u32(std::string& out, uint32_t v) {
  char bytes[4];
  std::memcpy(bytes, &v, 4);
  out.append(bytes, 4);
}

uint32_t read_u32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

std::string clip(const std::string& text) {
  if (text.size() <= kMaxTextSize) return text;
  return text.substr(0, kMaxTextSize) + "...";
}

std::string encode_record(uint32_t index, const CommandResult& r) {
  std::string message = clip(r.message);
  std::string note = clip(r.note);
  std::string out;
  out.reserve(kHeaderSize + message.size() + note.size());
  append_u32(out, index);
  out += char(r.outcome);
  out += char(r.note_level);
  append_u32(out, uint32_t(message.size()));
  append_u32(out, uint32_t(note.size()));
  out += message;
  out += note;
  return out;
}

bool write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += size_t(n);
  }
  return true;
}

// The child side: runs the script, streaming records, and never returns.
[[noreturn]] void run_child(const Script& script, int fd) {
  JitCounts jit = run_script(script, [fd](size_t index, const CommandResult& r) {
    if (!write_all(fd, encode_record(uint32_t(index), r))) _exit(3);
  });
  CommandResult end;
  end.message = std::to_string(jit.compiled) + " " + std::to_string(jit.interpreted);
  if (!write_all(fd, encode_record(kEndOfScript, end))) _exit(3);
  // _exit: the parent's stdio buffers and atexit handlers belong to the parent.
  _exit(0);
}

// A script that could not be run at all counts as one failed command at line 0.
void fill_one_failure(ScriptOutcome& o, const std::string& problem, const std::string& detail) {
  o.problem = problem;
  o.commands = {CommandInfo{0, "script"}};
  o.results = {CommandResult{Outcome::Failed, detail, {}, 1}};
}

class Pool {
 public:
  Pool(const std::vector<std::string>& paths, const PoolOptions& options,
       const std::function<void(ScriptOutcome&)>& on_done)
      : paths_(paths), options_(options), on_done_(on_done), done_(paths.size()) {}

  void run() {
    size_t next = 0;
    while (next < paths_.size() || !active_.empty()) {
      while (next < paths_.size() && active_.size() < std::max(1u, options_.jobs)) start(next++);
      if (!active_.empty()) wait_for_children();
      print_finished();
    }
    print_finished();
  }

 private:
  struct Child {
    size_t index = 0;
    pid_t pid = -1;
    int fd = -1;
    Clock::time_point start;
    Clock::time_point deadline;
    std::string buffer;
    std::vector<bool> reported;
    bool clean_end = false;
    bool corrupt = false;
    ScriptOutcome outcome;
  };

  void start(size_t index) {
    ScriptOutcome o;
    o.path = paths_[index];
    o.name = base_name(o.path);
    Clock::time_point begin = Clock::now();
    auto script = load_script(o.path);
    if (!script) {
      fill_one_failure(o, "could not be loaded", script.error().describe());
      finish(index, std::move(o));
      return;
    }
    o.commands = script->commands;
    o.results.assign(o.commands.size(), CommandResult{});

    if (!options_.fork) {
      o.jit = run_script(*script, [&o](size_t i, const CommandResult& r) { o.results[i] = r; });
      o.seconds = seconds_since(begin);
      finish(index, std::move(o));
      return;
    }

    int fds[2];
    if (::pipe(fds) != 0) {
      fill_one_failure(o, "could not be started", std::string("pipe: ") + std::strerror(errno));
      finish(index, std::move(o));
      return;
    }
    std::fflush(stdout);
    std::fflush(stderr);
    pid_t pid = ::fork();
    if (pid < 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      fill_one_failure(o, "could not be started", std::string("fork: ") + std::strerror(errno));
      finish(index, std::move(o));
      return;
    }
    if (pid == 0) {
      ::close(fds[0]);
      for (const auto& c : active_) ::close(c->fd);
      run_child(*script, fds[1]);
    }
    ::close(fds[1]);

    auto child = std::make_unique<Child>();
    child->index = index;
    child->pid = pid;
    child->fd = fds[0];
    child->start = begin;
    child->deadline =
        begin + std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(options_.timeout_seconds));
    child->reported.assign(o.commands.size(), false);
    child->outcome = std::move(o);
    active_.push_back(std::move(child));
  }

  void wait_for_children() {
    std::vector<pollfd> fds;
    Clock::time_point now = Clock::now();
    Clock::time_point earliest = active_.front()->deadline;
    for (const auto& c : active_) {
      fds.push_back(pollfd{c->fd, POLLIN, 0});
      earliest = std::min(earliest, c->deadline);
    }
    auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(earliest - now).count();
    int timeout_ms = int(std::clamp<long long>(wait_ms + 1, 0, 1000));
    int ready = ::poll(fds.data(), fds.size(), timeout_ms);
    if (ready < 0 && errno != EINTR) {
      std::perror("zwasm-spec: poll");
      ready = 0;
    }

    // Collect the finished ones first, then remove them, so indices into `fds` stay valid.
    std::vector<Child*> finished;
    for (size_t i = 0; i < fds.size() && ready > 0; ++i) {
      if (fds[i].revents == 0) continue;
      Child& c = *active_[i];
      if (!read_from(c)) finished.push_back(&c);
    }
    now = Clock::now();
    for (const auto& c : active_) {
      if (std::find(finished.begin(), finished.end(), c.get()) != finished.end()) continue;
      if (now >= c->deadline) {
        ::kill(c->pid, SIGKILL);
        std::string reason = "timed out after " + format_seconds(options_.timeout_seconds);
        reap(*c, &reason);
        finished.push_back(c.get());
      }
    }
    for (Child* c : finished) {
      if (c->pid > 0) reap(*c, nullptr);
      ::close(c->fd);
      size_t index = c->index;
      ScriptOutcome outcome = std::move(c->outcome);
      active_.erase(std::find_if(active_.begin(), active_.end(),
                                 [c](const auto& p) { return p.get() == c; }));
      finish(index, std::move(outcome));
    }
  }

  static std::string format_seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", s);
    return buf;
  }

  // Reads what the child wrote; returns false at end of stream.
  bool read_from(Child& c) {
    char buf[65536];
    ssize_t n = ::read(c.fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0) return false;
    c.buffer.append(buf, size_t(n));
    decode_records(c);
    return true;
  }

  void decode_records(Child& c) {
    size_t pos = 0;
    while (!c.corrupt && c.buffer.size() - pos >= kHeaderSize) {
      const char* h = c.buffer.data() + pos;
      uint32_t index = read_u32(h);
      uint8_t outcome = uint8_t(h[4]);
      uint8_t note_level = uint8_t(h[5]);
      uint32_t message_size = read_u32(h + 6);
      uint32_t note_size = read_u32(h + 10);
      if (message_size > kMaxTextSize + 3 || note_size > kMaxTextSize + 3 ||
          outcome > uint8_t(Outcome::Skipped)) {
        c.corrupt = true;
        break;
      }
      size_t total = kHeaderSize + message_size + note_size;
      if (c.buffer.size() - pos < total) break;
      if (index == kEndOfScript) {
        c.clean_end = true;
        std::string counts(h + kHeaderSize, message_size);
        std::sscanf(counts.c_str(), "%" SCNu64 " %" SCNu64, &c.outcome.jit.compiled,
                    &c.outcome.jit.interpreted);
      } else if (index < c.reported.size()) {
        CommandResult& r = c.outcome.results[index];
        r.outcome = Outcome(outcome);
        r.note_level = note_level;
        r.message.assign(h + kHeaderSize, message_size);
        r.note.assign(h + kHeaderSize + message_size, note_size);
        c.reported[index] = true;
      } else {
        c.corrupt = true;
        break;
      }
      pos += total;
    }
    c.buffer.erase(0, pos);
  }

  // Waits for the child and fails the commands it never reported. `reason` is set when the
  // parent killed it.
  void reap(Child& c, const std::string* reason) {
    int status = 0;
    while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
    c.pid = -1;
    c.outcome.seconds = seconds_since(c.start);

    std::string why;
    if (reason) {
      why = *reason;
    } else if (WIFSIGNALED(status)) {
      int sig = WTERMSIG(status);
      why = "crashed (signal " + std::to_string(sig) + ", " + strsignal(sig) + ")";
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
      why = "exited with status " + std::to_string(WEXITSTATUS(status));
    } else if (c.corrupt) {
      why = "sent corrupt results";
    } else if (!c.clean_end) {
      why = "stopped early";
    } else if (std::find(c.reported.begin(), c.reported.end(), false) != c.reported.end()) {
      why = "did not report every command";
    }
    if (why.empty()) return;
    c.outcome.problem = why;

    bool first = true;
    uint32_t stop_line = 0;
    for (size_t i = 0; i < c.reported.size(); ++i) {
      if (c.reported[i]) continue;
      CommandResult& r = c.outcome.results[i];
      r.outcome = Outcome::Failed;
      r.note.clear();
      if (first) {
        stop_line = c.outcome.commands[i].line;
        r.message = "the script " + why + " while running this command";
        first = false;
      } else {
        r.message = "not run: the script " + why + " at line " + std::to_string(stop_line);
      }
    }
  }

  void finish(size_t index, ScriptOutcome outcome) {
    done_[index] = std::move(outcome);
    print_finished();
  }

  void print_finished() {
    while (next_to_print_ < done_.size() && done_[next_to_print_]) {
      on_done_(*done_[next_to_print_]);
      done_[next_to_print_].reset();
      ++next_to_print_;
    }
  }

  const std::vector<std::string>& paths_;
  const PoolOptions& options_;
  const std::function<void(ScriptOutcome&)>& on_done_;
  std::vector<std::unique_ptr<Child>> active_;
  std::vector<std::optional<ScriptOutcome>> done_;
  size_t next_to_print_ = 0;
};

}  // namespace

void run_scripts(const std::vector<std::string>& paths, const PoolOptions& options,
                 const std::function<void(ScriptOutcome&)>& on_done) {
  Pool(paths, options, on_done).run();
}

}  // namespace zwasm::spec
