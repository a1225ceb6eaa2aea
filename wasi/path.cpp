// Sandboxed path resolution (see path.h for the rules and why they hold).
#include "wasi/path.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace zwasm::wasi {

namespace {

// The directories walked so far: an fd for each, below the (borrowed) starting directory.
class DirStack {
 public:
  explicit DirStack(int root_fd) : root_fd_(root_fd) {}
  ~DirStack() {
    for (int fd : fds_) ::close(fd);
  }
  int top() const { return fds_.empty() ? root_fd_ : fds_.back(); }
  size_t depth() const { return fds_.size(); }
  void push(int fd) { fds_.push_back(fd); }
  void pop() {
    ::close(fds_.back());
    fds_.pop_back();
  }
  // Hands the top fd to the caller (who must close it); the stack forgets it.
  int release_top() {
    int fd = fds_.back();
    fds_.pop_back();
    return fd;
  }

 private:
  int root_fd_;
  std::vector<int> fds_;
};

// Pushes the components of `path` onto `pending` so that the first component is popped first.
// Empty and "." components are dropped; returns whether the path ends in a directory-only form
// ("x/" or "x/."), which makes the final entry a directory that a lookup follows.
bool push_components(std::string_view path, std::vector<std::string>& pending) {
  std::vector<std::string_view> comps;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view c = path.substr(i, j - i);
    if (!c.empty() && c != ".") comps.push_back(c);
    i = j + 1;
  }
  for (auto it = comps.rbegin(); it != comps.rend(); ++it) pending.emplace_back(*it);
  size_t last_slash = path.rfind('/');
  if (last_slash == std::string_view::npos) return false;
  std::string_view tail = path.substr(last_slash + 1);
  return tail.empty() || tail == ".";
}

// Replaces a symlink by its target in the pending components.
Errno expand_symlink(const std::string& target, bool was_last, std::vector<std::string>& pending,
                     bool& trailing_slash, int& expansions) {
  if (++expansions > kMaxSymlinkExpansions) return Errno::Loop;
  if (target.empty()) return Errno::NoEnt;
  if (target[0] == '/') return Errno::Perm;  // absolute targets lead outside the sandbox
  bool dir_only = push_components(target, pending);
  if (was_last && dir_only) trailing_slash = true;
  return Errno::Success;
}

}  // namespace

ResolvedPath::~ResolvedPath() {
  if (owns_dir_fd_) ::close(dir_fd_);
}

Errno read_link(int dir_fd, const std::string& name, std::string& target) {
  char buf[kMaxPathLength + 1];
  ssize_t n = readlinkat(dir_fd, name.c_str(), buf, sizeof buf);
  if (n < 0) return errno_from_host(errno);
  if (size_t(n) >= sizeof buf) return Errno::NameTooLong;
  target.assign(buf, size_t(n));
  return Errno::Success;
}

Errno resolve_path(int root_fd, std::string_view path, FinalComponent mode, ResolvedPath& out) {
  if (path.empty()) return Errno::NoEnt;
  if (path.size() > kMaxPathLength) return Errno::NameTooLong;
  if (path[0] == '/') return Errno::Perm;  // absolute paths name the host's root

  std::vector<std::string> pending;
  bool trailing_slash = push_components(path, pending);
  DirStack stack(root_fd);
  int expansions = 0;
  std::string final_name = ".";

  while (!pending.empty()) {
    std::string comp = std::move(pending.back());
    pending.pop_back();
    bool last = pending.empty();

    if (comp == "..") {
      if (stack.depth() == 0) return Errno::Perm;  // would leave the starting directory
      stack.pop();
      continue;
    }

    if (last) {
      bool follow = mode == FinalComponent::Follow ||
                    (mode == FinalComponent::NoFollow && trailing_slash);
      if (follow) {
        std::string target;
        Errno e = read_link(stack.top(), comp, target);
        if (e == Errno::Success) {
          ZW_WASI_TRY(expand_symlink(target, true, pending, trailing_slash, expansions));
          continue;
        }
        // Not a symlink (inval) or absent (noent): the operation itself decides what that means.
        if (e != Errno::Inval && e != Errno::NoEnt) return e;
      }
      final_name = std::move(comp);
      break;
    }

    // An intermediate component must be a directory, or a symlink to one.
    int fd = openat(stack.top(), comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
      stack.push(fd);
      continue;
    }
    int err = errno;
    if (err != ENOTDIR && err != ELOOP) return errno_from_host(err);
    std::string target;
    if (read_link(stack.top(), comp, target) != Errno::Success) return Errno::NotDir;
    ZW_WASI_TRY(expand_symlink(target, false, pending, trailing_slash, expansions));
  }

  if (stack.depth() > 0) {
    out.dir_fd_ = stack.release_top();
    out.owns_dir_fd_ = true;
  } else {
    out.dir_fd_ = root_fd;
    out.owns_dir_fd_ = false;
  }
  out.name_ = std::move(final_name);
  out.trailing_slash_ = trailing_slash;
  return Errno::Success;
}

}  // namespace zwasm::wasi
