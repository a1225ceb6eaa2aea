// The WASI sandbox: no guest path reaches outside its preopen. Each test builds
//   <tmp>/secret            a file outside the sandbox
//   <tmp>/sandbox/...       the preopen (guest fd 3)
// and checks both the errno (perm for escapes, as wasmtime/cap-std answer; loop for symlink
// loops and O_NOFOLLOW on a symlink) and that the host outside was left untouched.
#include "tests/test_wasi_support.h"

using namespace zwasm;
using namespace zwasm::wasi;
using namespace zwasm::wasi::test;

namespace {

struct Sandbox {
  TempDir outer;
  std::string root;
  Sandbox() {
    outer.write("secret", "top secret");
    outer.mkdir("sandbox");
    outer.mkdir("sandbox/a");
    outer.write("sandbox/a/inside", "inside");
    root = outer / "sandbox";
  }
  Config config() const {
    Config c = Wasi::config_for(outer);
    c.preopens[0].host_path = root;
    return c;
  }
  std::string in(const std::string& rel) const { return "sandbox/" + rel; }
  bool secret_intact() const { return outer.read("secret") == "top secret"; }
};

constexpr uint32_t kFollow = kLookupSymlinkFollow;

}  // namespace

TEST_CASE("wasi sandbox: .. and absolute paths are refused with perm") {
  Sandbox s;
  Wasi w(s.config());
  for (const char* path : {"../secret", "..", "a/../../secret", "a/../..", "/etc/passwd", "/",
                           "a/../a/../../sandbox/a/inside", "./../secret", "a/./../../secret"}) {
    CAPTURE(path);
    CHECK(w.open(kPreopenFd, path, 0, kFileRights) == err(E::Perm));
    CHECK(w.open(kPreopenFd, path, 0, kFileRights, nullptr, kFollow) == err(E::Perm));
    CHECK(w.stat(kPreopenFd, path) == err(E::Perm));
  }
  // Writes and creations through escapes leave the outside untouched.
  CHECK(w.open(kPreopenFd, "../secret", kOflagTrunc, kFileRights) == err(E::Perm));
  CHECK(w.open(kPreopenFd, "../created", kOflagCreat, kFileRights) == err(E::Perm));
  CHECK(w.path_op("path_create_directory", kPreopenFd, "../newdir") == err(E::Perm));
  CHECK(w.path_op("path_unlink_file", kPreopenFd, "../secret") == err(E::Perm));
  CHECK(w.path_op("path_remove_directory", kPreopenFd, "../sandbox") == err(E::Perm));
  CHECK(w.rename(kPreopenFd, "a/inside", kPreopenFd, "../moved") == err(E::Perm));
  CHECK(w.rename(kPreopenFd, "../secret", kPreopenFd, "stolen") == err(E::Perm));
  CHECK(w.link(kPreopenFd, 0, "../secret", kPreopenFd, "stolen") == err(E::Perm));
  CHECK(w.symlink("a", kPreopenFd, "../planted") == err(E::Perm));
  CHECK(s.secret_intact());
  CHECK(!s.outer.exists("created"));
  CHECK(!s.outer.exists("newdir"));
  CHECK(!s.outer.exists("moved"));
  CHECK(!s.outer.exists("planted"));
  CHECK(!s.outer.exists(s.in("stolen")));
  CHECK(s.outer.exists(s.in("a/inside")));
  // Staying inside with .. is fine.
  uint32_t fd = 0;
  REQUIRE(w.open(kPreopenFd, "a/../a/inside", 0, kFileRights, &fd) == 0);
}

TEST_CASE("wasi sandbox: every directory fd is its own root") {
  Sandbox s;
  Wasi w(s.config());
  uint32_t a = 0;
  REQUIRE(w.open(kPreopenFd, "a", kOflagDirectory, right::kDirectory, &a, 0, 0,
                 right::kDirectoryInheriting) == 0);
  CHECK(w.open(a, "../a/inside", 0, kFileRights) == err(E::Perm));
  CHECK(w.open(a, "..", kOflagDirectory, right::kDirectory) == err(E::Perm));
  uint32_t fd = 0;
  REQUIRE(w.open(a, "inside", 0, kFileRights, &fd) == 0);
}

TEST_CASE("wasi sandbox: symlinks planted by the host that point outside") {
  Sandbox s;
  s.outer.symlink("/", s.in("root"));
  s.outer.symlink(s.outer.path, s.in("abs_outer"));  // absolute, to the parent
  s.outer.symlink("..", s.in("up"));
  s.outer.symlink("../..", s.in("a/up2"));
  s.outer.symlink("up", s.in("chain1"));  // chain1 -> up -> ..
  s.outer.symlink("chain1", s.in("chain2"));
  s.outer.symlink("../a/../..", s.in("a/sneaky"));
  s.outer.symlink("../sandbox/a/inside", s.in("out_and_back"));  // leaves, even if it returns
  s.outer.symlink("../secret", s.in("secret_link"));
  Wasi w(s.config());
  for (const char* path :
       {"root/etc/passwd", "abs_outer/secret", "up/secret", "a/up2/secret", "chain2/secret",
        "chain1/secret", "a/sneaky/secret", "out_and_back", "secret_link", "root", "up"}) {
    CAPTURE(path);
    CHECK(w.open(kPreopenFd, path, 0, kFileRights, nullptr, kFollow) == err(E::Perm));
    CHECK(w.stat(kPreopenFd, path, kFollow) == err(E::Perm));
    uint32_t len = w.put(kPath, path);
    CHECK(w.call("path_filestat_set_times", {kPreopenFd, kFollow, kPath, len, 0, 0, kFstMtimNow}) ==
          err(E::Perm));
  }
  // Through a symlinked intermediate directory, even without following the final component.
  CHECK(w.open(kPreopenFd, "up/secret", 0, kFileRights) == err(E::Perm));
  CHECK(w.path_op("path_unlink_file", kPreopenFd, "up/secret") == err(E::Perm));
  CHECK(w.path_op("path_unlink_file", kPreopenFd, "abs_outer/secret") == err(E::Perm));
  CHECK(w.path_op("path_create_directory", kPreopenFd, "up/newdir") == err(E::Perm));
  CHECK(w.rename(kPreopenFd, "a/inside", kPreopenFd, "root/tmp/zwasm-escaped") == err(E::Perm));
  CHECK(w.link(kPreopenFd, kFollow, "secret_link", kPreopenFd, "copy") == err(E::Perm));
  CHECK(w.open(kPreopenFd, "secret_link", kOflagTrunc, kFileRights, nullptr, kFollow) ==
        err(E::Perm));
  CHECK(s.secret_intact());
  CHECK(!s.outer.exists("newdir"));
  CHECK(!s.outer.exists(s.in("copy")));
  CHECK(s.outer.exists(s.in("a/inside")));

  // Without following, the links themselves are ordinary entries: stat, readlink, unlink. An
  // absolute target is not told to the guest (it would be a host path): perm, as in wasmtime.
  REQUIRE(w.stat(kPreopenFd, "root") == 0);
  CHECK(*w.at(kOut + 16) == uint8_t(Filetype::SymbolicLink));
  std::string target = "untouched";
  CHECK(w.readlink(kPreopenFd, "root", 64, &target) == err(E::Perm));
  CHECK(w.readlink(kPreopenFd, "abs_outer", 4096, &target) == err(E::Perm));
  CHECK(target == "untouched");
  REQUIRE(w.readlink(kPreopenFd, "a/up2", 64, &target) == 0);
  CHECK(target == "../..");
  REQUIRE(w.path_op("path_unlink_file", kPreopenFd, "root") == 0);
  CHECK(!s.outer.exists(s.in("root")));
}

TEST_CASE("wasi sandbox: symlinks the guest creates at run time") {
  Sandbox s;
  Wasi w(s.config());
  // Absolute targets are refused outright and nothing is created.
  CHECK(w.symlink("/", kPreopenFd, "to_root") == err(E::Perm));
  CHECK(w.symlink("/etc/passwd", kPreopenFd, "passwd") == err(E::Perm));
  CHECK(!s.outer.exists(s.in("to_root")));
  // A relative target that climbs out can be stored, but never resolves outside.
  REQUIRE(w.symlink("../secret", kPreopenFd, "evil") == 0);
  REQUIRE(w.symlink("../../secret", kPreopenFd, "a/evil2") == 0);
  REQUIRE(w.symlink("..", kPreopenFd, "a/b") == 0);  // fine from inside a/ ...
  for (const char* path : {"evil", "a/evil2", "a/b/evil", "a/b/../secret"}) {
    CAPTURE(path);
    CHECK(w.open(kPreopenFd, path, 0, kFileRights, nullptr, kFollow) == err(E::Perm));
    CHECK(w.open(kPreopenFd, path, kOflagCreat | kOflagTrunc, kFileRights, nullptr, kFollow) ==
          err(E::Perm));
  }
  uint32_t fd = 0;
  REQUIRE(w.open(kPreopenFd, "a/b/a/inside", 0, kFileRights, &fd, kFollow) == 0);  // ... inside
  std::string got;
  REQUIRE(w.read(fd, 100, &got) == 0);
  CHECK(got == "inside");
  // Retargeting: replace an inside link by one pointing out, then use the old name.
  REQUIRE(w.symlink("a", kPreopenFd, "swap") == 0);
  REQUIRE(w.open(kPreopenFd, "swap/inside", 0, kFileRights, &fd) == 0);
  REQUIRE(w.path_op("path_unlink_file", kPreopenFd, "swap") == 0);
  REQUIRE(w.symlink("..", kPreopenFd, "swap") == 0);
  CHECK(w.open(kPreopenFd, "swap/secret", 0, kFileRights) == err(E::Perm));
  CHECK(s.secret_intact());
}

TEST_CASE("wasi sandbox: O_NOFOLLOW, dangling symlinks, loops") {
  Sandbox s;
  s.outer.write(s.in("file"), "f");
  s.outer.symlink("file", s.in("flink"));
  s.outer.symlink("a", s.in("dlink"));
  s.outer.symlink("nowhere", s.in("dangling"));
  s.outer.symlink("loop2", s.in("loop1"));
  s.outer.symlink("loop1", s.in("loop2"));
  s.outer.symlink("self/x", s.in("self"));
  // A chain of 41 links (one more than the 40 expansions allowed) and one of 40.
  for (int i = 0; i < 41; ++i)
    s.outer.symlink(i == 40 ? "file" : "long" + std::to_string(i + 1),
                    s.in("long" + std::to_string(i)));
  Wasi w(s.config());

  // wasmtime's nofollow_errors: a final symlink is not followed without symlink_follow.
  CHECK(w.open(kPreopenFd, "flink", 0, kFileRights) == err(E::Loop));
  uint32_t r = w.open(kPreopenFd, "dlink", kOflagDirectory, right::kDirectory);
  CHECK((r == err(E::Loop) || r == err(E::NotDir)));
  uint32_t fd = 0;
  REQUIRE(w.open(kPreopenFd, "flink", 0, kFileRights, &fd, kFollow) == 0);
  REQUIRE(w.open(kPreopenFd, "dlink", kOflagDirectory, right::kDirectory, &fd, kFollow) == 0);
  CHECK(w.open(kPreopenFd, "flink", kOflagDirectory, right::kDirectory, nullptr, kFollow) ==
        err(E::NotDir));
  // A trailing slash follows the link (POSIX), so a directory link opens.
  REQUIRE(w.open(kPreopenFd, "dlink/", 0, right::kDirectory, &fd) == 0);

  // wasmtime's dangling_symlink.
  CHECK(w.open(kPreopenFd, "dangling", 0, kFileRights) == err(E::Loop));
  r = w.open(kPreopenFd, "dangling", kOflagDirectory, right::kDirectory);
  CHECK((r == err(E::Loop) || r == err(E::NotDir)));
  CHECK(w.open(kPreopenFd, "dangling", 0, kFileRights, nullptr, kFollow) == err(E::NoEnt));
  // O_CREAT without follow must not create through the link; with follow it creates the
  // target, inside the sandbox.
  CHECK(w.open(kPreopenFd, "dangling", kOflagCreat, kFileRights) == err(E::Loop));
  CHECK(!s.outer.exists(s.in("nowhere")));
  REQUIRE(w.open(kPreopenFd, "dangling", kOflagCreat, kFileRights, &fd, kFollow) == 0);
  CHECK(s.outer.exists(s.in("nowhere")));
  CHECK(w.open(kPreopenFd, "flink", kOflagCreat | kOflagExcl, kFileRights) == err(E::Exist));

  // Loops.
  for (const char* path : {"loop1", "loop1/x", "self", "long0"}) {
    CAPTURE(path);
    CHECK(w.open(kPreopenFd, path, 0, kFileRights, nullptr, kFollow) == err(E::Loop));
    CHECK(w.stat(kPreopenFd, path, kFollow) == err(E::Loop));
  }
  REQUIRE(w.open(kPreopenFd, "long1", 0, kFileRights, &fd, kFollow) == 0);  // 40 expansions
  CHECK(w.open(kPreopenFd, "loop1/x", 0, kFileRights) == err(E::Loop));   // intermediate

  // Hostile lengths: longer than PATH_MAX is nametoolong; beyond memory traps.
  std::string long_path(5000, 'a');
  CHECK(w.open(kPreopenFd, long_path, 0, kFileRights) == err(E::NameTooLong));
  Trap t = w.call_raw("path_open", {kPreopenFd, 0, kPath, 0xFFFFFFFFu, 0, kFileRights, 0, 0, kOut},
                      nullptr);
  CHECK(t.code == TrapCode::MemoryOutOfBounds);
  CHECK(w.open(kPreopenFd, "", 0, kFileRights) == err(E::NoEnt));
}

TEST_CASE("wasi sandbox: a directory swapped for a symlink outside does not move an open fd") {
  Sandbox s;
  Wasi w(s.config());
  uint32_t a = 0;
  REQUIRE(w.open(kPreopenFd, "a", kOflagDirectory, right::kDirectory, &a, 0, 0,
                 right::kDirectoryInheriting) == 0);
  // The host moves the directory away and plants a symlink to the outside under its name.
  REQUIRE(::rename((s.outer / s.in("a")).c_str(), (s.outer / s.in("a_moved")).c_str()) == 0);
  s.outer.symlink(s.outer.path, s.in("a"));
  uint32_t fd = 0;
  REQUIRE(w.open(a, "inside", 0, kFileRights, &fd) == 0);  // still the original directory
  std::string got;
  REQUIRE(w.read(fd, 100, &got) == 0);
  CHECK(got == "inside");
  CHECK(w.open(a, "../secret", 0, kFileRights) == err(E::Perm));
  // Through the preopen, the planted name is an absolute symlink: refused.
  CHECK(w.open(kPreopenFd, "a/secret", 0, kFileRights) == err(E::Perm));
  CHECK(w.open(kPreopenFd, "a/secret", kOflagCreat | kOflagTrunc, kFileRights, nullptr,
               kFollow) == err(E::Perm));
  CHECK(s.secret_intact());
}
