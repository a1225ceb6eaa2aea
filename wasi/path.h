// The sandbox: resolves a guest path relative to a directory fd without ever leaving it.
//
// The path is walked one component at a time from the directory fd with
// openat(..., O_PATH | O_DIRECTORY | O_NOFOLLOW), holding an fd for every directory on the way
// down, so `..` returns to the directory actually walked through (never openat(".."), which a
// concurrent rename could turn into an escape). Symlinks are read with readlinkat and expanded
// here, at most kMaxSymlinkExpansions times (then `loop`). Anything that would leave the
// starting directory fails with `perm`, as wasmtime (cap-std) answers escape attempts:
//   - an absolute path, or a symlink whose target is absolute;
//   - `..` at the starting directory, literally or through a symlink's target.
// The operation then acts on (parent fd, final name) with a single *at syscall that does not
// follow symlinks (O_NOFOLLOW / AT_SYMLINK_NOFOLLOW), so what it touches is inside the sandbox
// even if the tree changes between the walk and the call. No host path string is ever built.
#pragma once

#include <string>
#include <string_view>

#include "wasi/abi.h"

namespace zwasm::wasi {

constexpr int kMaxSymlinkExpansions = 40;  // Linux's MAXSYMLINKS
constexpr uint32_t kMaxPathLength = 4095;  // PATH_MAX - 1: longer guest paths are nametoolong

// How the final component is treated.
enum class FinalComponent {
  NoFollow,  // a lookup that does not follow a final symlink (a trailing slash still does)
  Follow,    // a lookup that expands a final symlink (LOOKUPFLAGS_SYMLINK_FOLLOW)
  Create,    // names an entry to create or remove: never followed, trailing slash kept as a flag
};

class ResolvedPath {
 public:
  ResolvedPath() = default;
  ResolvedPath(const ResolvedPath&) = delete;
  ResolvedPath& operator=(const ResolvedPath&) = delete;
  ~ResolvedPath();

  int dir_fd() const { return dir_fd_; }
  // The final component: a single name without '/', or "." when the path names the directory
  // itself (e.g. "", "a/..", "sub/").
  const std::string& name() const { return name_; }
  // The path ended in '/' (after symlink expansion): the final entry must be a directory.
  bool trailing_slash() const { return trailing_slash_; }
  // The name to hand to a syscall that takes the final component itself: with a trailing
  // slash kept, so the kernel applies its directory-only rules. Only used with syscalls that
  // never follow the final component (mkdirat, unlinkat, renameat, symlinkat, linkat target).
  std::string name_for_create() const { return trailing_slash_ ? name_ + "/" : name_; }

 private:
  friend Errno resolve_path(int, std::string_view, FinalComponent, ResolvedPath&);
  int dir_fd_ = -1;
  bool owns_dir_fd_ = false;
  std::string name_;
  bool trailing_slash_ = false;
};

// Resolves `path` beneath `root_fd`. On success `out` names the final component and the
// directory it lives in (an fd owned by `out`, or `root_fd` itself).
Errno resolve_path(int root_fd, std::string_view path, FinalComponent mode, ResolvedPath& out);

// Reads a symlink's target (readlinkat) in full.
Errno read_link(int dir_fd, const std::string& name, std::string& target);

}  // namespace zwasm::wasi
