// The wasi_snapshot_preview1 ABI: errno values, rights, flags and the byte layouts of the
// records guests pass by pointer. The reference is the preview1 witx
// (WebAssembly/WASI legacy/preview1/witx/typenames.witx); numbering follows its declaration order.
#pragma once

#include <bit>
#include <cstdint>

namespace zwasm::wasi {

static_assert(std::endian::native == std::endian::little,
              "guest records are little-endian and are copied byte for byte");

// $errno (u16): all 77 values, in witx order.
enum class Errno : uint16_t {
  Success = 0, TooBig = 1, Acces = 2, AddrInUse = 3, AddrNotAvail = 4, AfNoSupport = 5,
  Again = 6, Already = 7, Badf = 8, BadMsg = 9, Busy = 10, Canceled = 11, Child = 12,
  ConnAborted = 13, ConnRefused = 14, ConnReset = 15, Deadlk = 16, DestAddrReq = 17, Dom = 18,
  Dquot = 19, Exist = 20, Fault = 21, Fbig = 22, HostUnreach = 23, Idrm = 24, Ilseq = 25,
  InProgress = 26, Intr = 27, Inval = 28, Io = 29, IsConn = 30, IsDir = 31, Loop = 32,
  Mfile = 33, Mlink = 34, MsgSize = 35, Multihop = 36, NameTooLong = 37, NetDown = 38,
  NetReset = 39, NetUnreach = 40, Nfile = 41, NoBufs = 42, NoDev = 43, NoEnt = 44, NoExec = 45,
  NoLck = 46, NoLink = 47, NoMem = 48, NoMsg = 49, NoProtoOpt = 50, NoSpc = 51, NoSys = 52,
  NotConn = 53, NotDir = 54, NotEmpty = 55, NotRecoverable = 56, NotSock = 57, NotSup = 58,
  NoTty = 59, Nxio = 60, Overflow = 61, OwnerDead = 62, Perm = 63, Pipe = 64, Proto = 65,
  ProtoNoSupport = 66, ProtoType = 67, Range = 68, Rofs = 69, Spipe = 70, Srch = 71, Stale = 72,
  TimedOut = 73, TxtBsy = 74, Xdev = 75, NotCapable = 76,

  // Not errnos: internal outcomes that make the call trap instead of returning. The witx
  // pointer rules (legacy/tools/witx-docs.md "Pointers") say a function shall trap on an
  // out-of-bounds or misaligned pointer it dereferences; wasmtime does so too.
  TrapOutOfBounds = 0xFFFF,
  TrapMisaligned = 0xFFFE,
};
constexpr int kErrnoCount = 77;

inline bool is_trap(Errno e) { return e == Errno::TrapOutOfBounds || e == Errno::TrapMisaligned; }

// Propagates a non-success Errno (including the trap outcomes).
#define ZW_WASI_TRY(expr)                                                 \
  do {                                                                    \
    ::zwasm::wasi::Errno zw_wasi_e_ = (expr);                             \
    if (zw_wasi_e_ != ::zwasm::wasi::Errno::Success) return zw_wasi_e_;   \
  } while (0)

// Maps a host errno (errno.h) to its WASI value; unknown values become Io.
Errno errno_from_host(int host_errno);

// $rights (u64 flags).
namespace right {
constexpr uint64_t kFdDatasync = 1ull << 0;
constexpr uint64_t kFdRead = 1ull << 1;
constexpr uint64_t kFdSeek = 1ull << 2;
constexpr uint64_t kFdFdstatSetFlags = 1ull << 3;
constexpr uint64_t kFdSync = 1ull << 4;
constexpr uint64_t kFdTell = 1ull << 5;
constexpr uint64_t kFdWrite = 1ull << 6;
constexpr uint64_t kFdAdvise = 1ull << 7;
constexpr uint64_t kFdAllocate = 1ull << 8;
constexpr uint64_t kPathCreateDirectory = 1ull << 9;
constexpr uint64_t kPathCreateFile = 1ull << 10;
constexpr uint64_t kPathLinkSource = 1ull << 11;
constexpr uint64_t kPathLinkTarget = 1ull << 12;
constexpr uint64_t kPathOpen = 1ull << 13;
constexpr uint64_t kFdReaddir = 1ull << 14;
constexpr uint64_t kPathReadlink = 1ull << 15;
constexpr uint64_t kPathRenameSource = 1ull << 16;
constexpr uint64_t kPathRenameTarget = 1ull << 17;
constexpr uint64_t kPathFilestatGet = 1ull << 18;
constexpr uint64_t kPathFilestatSetSize = 1ull << 19;
constexpr uint64_t kPathFilestatSetTimes = 1ull << 20;
constexpr uint64_t kFdFilestatGet = 1ull << 21;
constexpr uint64_t kFdFilestatSetSize = 1ull << 22;
constexpr uint64_t kFdFilestatSetTimes = 1ull << 23;
constexpr uint64_t kPathSymlink = 1ull << 24;
constexpr uint64_t kPathRemoveDirectory = 1ull << 25;
constexpr uint64_t kPathUnlinkFile = 1ull << 26;
constexpr uint64_t kPollFdReadwrite = 1ull << 27;
constexpr uint64_t kSockShutdown = 1ull << 28;
constexpr uint64_t kSockAccept = 1ull << 29;
constexpr uint64_t kAll = (1ull << 30) - 1;

// The rights that mean something for each kind of descriptor (the sets uvwasi and the old
// wasi-common use). A new descriptor's base rights are cut down to its kind's set.
constexpr uint64_t kRegularFile = kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync |
                                  kFdTell | kFdWrite | kFdAdvise | kFdAllocate | kFdFilestatGet |
                                  kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
constexpr uint64_t kDirectory =
    kFdFdstatSetFlags | kFdSync | kFdAdvise | kPathCreateDirectory | kPathCreateFile |
    kPathLinkSource | kPathLinkTarget | kPathOpen | kFdReaddir | kPathReadlink |
    kPathRenameSource | kPathRenameTarget | kPathFilestatGet | kPathFilestatSetSize |
    kPathFilestatSetTimes | kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink |
    kPathRemoveDirectory | kPathUnlinkFile;
constexpr uint64_t kDirectoryInheriting = kDirectory | kRegularFile;
constexpr uint64_t kSocket = kFdRead | kFdWrite | kFdFdstatSetFlags | kFdFilestatGet |
                             kPollFdReadwrite | kSockShutdown | kSockAccept;
// Character devices, pipes and anything else that is not a file, directory or socket: the
// host decides what works (lseek on a pipe answers ESPIPE, as it would natively).
constexpr uint64_t kStream = kFdRead | kFdWrite | kFdSeek | kFdTell | kFdFdstatSetFlags |
                             kFdSync | kFdDatasync | kFdAdvise | kFdFilestatGet |
                             kFdFilestatSetTimes | kPollFdReadwrite;
}  // namespace right

// $filetype (u8).
enum class Filetype : uint8_t {
  Unknown = 0, BlockDevice = 1, CharacterDevice = 2, Directory = 3, RegularFile = 4,
  SocketDgram = 5, SocketStream = 6, SymbolicLink = 7,
};

// $fdflags (u16).
constexpr uint16_t kFdflagAppend = 1 << 0;
constexpr uint16_t kFdflagDsync = 1 << 1;
constexpr uint16_t kFdflagNonblock = 1 << 2;
constexpr uint16_t kFdflagRsync = 1 << 3;
constexpr uint16_t kFdflagSync = 1 << 4;
constexpr uint32_t kFdflagsAll = 0x1F;

// $oflags (u16).
constexpr uint32_t kOflagCreat = 1 << 0;
constexpr uint32_t kOflagDirectory = 1 << 1;
constexpr uint32_t kOflagExcl = 1 << 2;
constexpr uint32_t kOflagTrunc = 1 << 3;
constexpr uint32_t kOflagsAll = 0xF;

// $lookupflags (u32).
constexpr uint32_t kLookupSymlinkFollow = 1 << 0;

// $fstflags (u16).
constexpr uint32_t kFstAtim = 1 << 0;
constexpr uint32_t kFstAtimNow = 1 << 1;
constexpr uint32_t kFstMtim = 1 << 2;
constexpr uint32_t kFstMtimNow = 1 << 3;
constexpr uint32_t kFstflagsAll = 0xF;

// $whence (u8), $advice (u8), $clockid (u32), $eventtype (u8).
enum Whence : uint32_t { kWhenceSet = 0, kWhenceCur = 1, kWhenceEnd = 2 };
constexpr uint32_t kAdviceMax = 5;  // normal, sequential, random, willneed, dontneed, noreuse
enum ClockId : uint32_t {
  kClockRealtime = 0, kClockMonotonic = 1, kClockProcessCputime = 2, kClockThreadCputime = 3,
};
enum EventType : uint8_t { kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2 };
constexpr uint16_t kSubclockAbstime = 1 << 0;   // $subclockflags
constexpr uint16_t kEventFdReadwriteHangup = 1;  // $eventrwflags

// Socket flags: $riflags, $roflags, $siflags (no flags defined), $sdflags.
constexpr uint32_t kRiflagRecvPeek = 1 << 0;
constexpr uint32_t kRiflagRecvWaitall = 1 << 1;
constexpr uint16_t kRoflagRecvDataTruncated = 1 << 0;
constexpr uint32_t kSdflagRd = 1 << 0;
constexpr uint32_t kSdflagWr = 1 << 1;

// Record layouts (C layout of the witx records on wasm32): offsets, sizes, alignments.
namespace layout {
// $iovec / $ciovec: buf u32 @0, buf_len u32 @4.
constexpr uint32_t kIovecSize = 8, kIovecAlign = 4;
// $fdstat: fs_filetype u8 @0, fs_flags u16 @2, fs_rights_base u64 @8, fs_rights_inheriting @16.
constexpr uint32_t kFdstatSize = 24, kFdstatAlign = 8;
// $filestat: dev @0, ino @8, filetype u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56.
constexpr uint32_t kFilestatSize = 64, kFilestatAlign = 8;
// $dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20; the name follows.
constexpr uint32_t kDirentSize = 24;
// $prestat: tag u8 @0 (0 = dir), pr_name_len u32 @4.
constexpr uint32_t kPrestatSize = 8, kPrestatAlign = 4;
// $subscription: userdata u64 @0, tag u8 @8, then @16 either $subscription_clock
// (id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40) or fd u32 @16.
constexpr uint32_t kSubscriptionSize = 48, kSubscriptionAlign = 8;
// $event: userdata u64 @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24.
constexpr uint32_t kEventSize = 32, kEventAlign = 8;
}  // namespace layout

}  // namespace zwasm::wasi
