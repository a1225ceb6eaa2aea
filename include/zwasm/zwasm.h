// zwasm's C++ embedding API: the one header an embedder includes.
//
//   #include <zwasm/zwasm.h>
//   namespace zw = zwasm::api;
//
//   zw::Store store;
//   auto module = zw::Module::from_file("fib.wasm");            // decode + validate
//   zw::Linker linker(store);
//   auto instance = linker.instantiate(*module);
//   auto fib = instance->call<int32_t>("fib", 35);              // Result<int32_t, Trap>
//
// Everything public lives in namespace zwasm::api (the runtime's internal types use the same
// names one level up, in namespace zwasm, and are only forward-declared here). Nothing throws:
// fallible operations return Result<T, Error> (load, link, memory access) or Result<T, Trap>
// (anything that runs wasm code).
//
// Threads: a Store and everything created in it (instances, functions, memories, globals,
// tables, linkers) is single-threaded: use it from one thread at a time. A Module is immutable
// once loaded and may be shared between Stores and threads.
//
// Lifetimes: Func, Memory, Global, Table and Instance are cheap handles to objects owned by
// their Store; they stay valid until the Store is destroyed (moving a Store keeps them valid).
// A Linker refers to its Store and must not outlive it. Handles, references and Values must
// only be used with the Store they came from.
#pragma once

#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <memory_resource>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

// The runtime objects behind the handles (defined in the runtime's internal headers, which
// embedders never include).
namespace zwasm {
struct Function;
struct ExecContext;
class Memory;
class Table;
struct Global;
struct Instance;
struct Module;
class Linker;
}  // namespace zwasm

namespace zwasm::api {

class Caller;
class Func;
struct ModuleInfo;  // zwasm/module_info.h

namespace detail {
struct Access;      // how the implementation reaches the handles' internals
struct StoreState;  // a Store's runtime objects
}  // namespace detail

// ---- Types (spec 2.3) --------------------------------------------------------------------------

/// A WebAssembly value type; the enumerators carry their binary encoding (spec 5.3.3).
enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

/// The text-format name of a value type: "i32", "funcref", ...
std::string_view to_string(ValType type);

/// The kind of an import or export.
enum class ExternKind : uint8_t { Func, Table, Memory, Global };

/// The text-format name of an extern kind: "func", "table", "memory", "global".
std::string_view to_string(ExternKind kind);

/// A function type: parameter and result types (multi-value allowed).
struct FuncType {
  std::vector<ValType> params;   ///< parameter types, in order
  std::vector<ValType> results;  ///< result types, in order
  /// Structural equality (spec 3.2.3).
  friend bool operator==(const FuncType&, const FuncType&) = default;
  /// E.g. "[i32 i32] -> [i64]".
  std::string to_string() const;
};

/// Size limits of a memory (in 64 KiB pages) or a table (in elements).
struct Limits {
  uint64_t min = 0;             ///< the minimum, or for a live object its current size
  std::optional<uint64_t> max;  ///< the maximum, if declared
  /// Equality of both bounds.
  friend bool operator==(const Limits&, const Limits&) = default;
};

/// A table type: element reference type and limits.
struct TableType {
  ValType elem = ValType::FuncRef;  ///< funcref or externref
  Limits limits;                    ///< in elements
  /// Equality of element type and limits.
  friend bool operator==(const TableType&, const TableType&) = default;
};

/// A memory type: limits in 64 KiB pages.
struct MemoryType {
  Limits limits;  ///< in 64 KiB pages
  /// Equality of limits.
  friend bool operator==(const MemoryType&, const MemoryType&) = default;
};

/// A global type: value type and mutability.
struct GlobalType {
  ValType type = ValType::I32;  ///< the value type
  bool mut = false;             ///< true for `(mut t)`
  /// Equality of value type and mutability.
  friend bool operator==(const GlobalType&, const GlobalType&) = default;
};

/// The type of an import or export: `kind` says which one of the other fields applies.
struct ExternType {
  ExternKind kind = ExternKind::Func;  ///< which field below is meaningful
  FuncType func;                       ///< kind == Func
  TableType table;                     ///< kind == Table
  MemoryType memory;                   ///< kind == Memory
  GlobalType global;                   ///< kind == Global
  /// E.g. "func [i32] -> [i32]", "memory 1 2", "global (mut i64)".
  std::string to_string() const;
};

/// One import of a module, in declaration order.
struct ImportType {
  std::string module;  ///< the module name, e.g. "env" or "wasi_snapshot_preview1"
  std::string name;    ///< the item name
  ExternType type;     ///< what must be supplied
  /// The item's index in its kind's index space (imports come first there, in import order,
  /// spec 2.5.1): the second imported function has index 1.
  uint32_t index = 0;
};

/// One export of a module, in declaration order.
struct ExportType {
  std::string name;    ///< the export name
  ExternType type;     ///< its type
  uint32_t index = 0;  ///< the exported item's index in its kind's index space (spec 2.5.1)
};

/// 16 bytes of a v128 value, lane 0 first (little-endian, spec 4.2.1).
struct V128 {
  uint8_t bytes[16] = {};  ///< the raw bytes
  /// Bytewise equality.
  friend bool operator==(const V128&, const V128&) = default;
};

// ---- Errors and traps --------------------------------------------------------------------------

/// A failure before execution: decoding, validation, linking, or a bad host-side request
/// (e.g. an out-of-bounds memory access from the host).
struct Error {
  /// `offset` value when no byte offset applies.
  static constexpr size_t kNoOffset = static_cast<size_t>(-1);
  std::string message;       ///< what went wrong
  size_t offset = kNoOffset;  ///< byte offset in the module binary, when known
  /// True when `offset` names a position in the module binary.
  bool has_offset() const { return offset != kNoOffset; }
  /// The message, with " (at byte offset N)" when the offset is known.
  std::string describe() const {
    return has_offset() ? message + " (at byte offset " + std::to_string(offset) + ")" : message;
  }
};

/// Why a call did not return normally.
enum class TrapKind : uint8_t {
  Unreachable,               ///< `unreachable` executed
  IntegerOverflow,           ///< e.g. i32.div_s INT_MIN / -1
  IntegerDivideByZero,       ///< integer division or remainder by zero
  InvalidConversion,         ///< float-to-int truncation of NaN or out of range
  MemoryOutOfBounds,         ///< linear-memory access out of bounds
  TableOutOfBounds,          ///< table access out of bounds
  UndefinedElement,          ///< call_indirect index beyond the table
  UninitializedElement,      ///< call_indirect through a null entry
  IndirectCallTypeMismatch,  ///< call_indirect signature mismatch
  NullReference,             ///< null reference where one is required
  CallStackExhausted,        ///< call depth or stack space exhausted
  HostTrap,                  ///< a host function trapped (Caller::trap) or failed
  Exit,                      ///< WASI proc_exit: a normal end with `exit_code`, not a failure
  OutOfFuel,                 ///< the store's fuel (StoreConfig::consume_fuel) ran out
  Interrupted,               ///< InterruptHandle::interrupt() ended it
  InvalidCall,               ///< rejected before running: unknown export, wrong arguments/results
};

/// A trap: wasm execution ended abnormally (spec 4.4.1), or an embedder call was rejected.
struct Trap {
  TrapKind kind = TrapKind::HostTrap;   ///< what happened
  std::string message;                  ///< the spec's wording, or the host function's message
  std::vector<std::string> backtrace;   ///< wasm function names, innermost first
  int exit_code = 0;                    ///< the status, when kind == Exit
  /// True for WASI proc_exit, which an embedder treats as a normal exit with `exit_code`.
  bool is_exit() const { return kind == TrapKind::Exit; }
  /// The message, naming the innermost function when known: "unreachable (in function f)".
  std::string describe() const {
    return backtrace.empty() ? message : message + " (in function " + backtrace.front() + ")";
  }
};

/// Either a value or an error `E`. Check ok() (or convert to bool) before value(); value() on
/// an error throws std::bad_variant_access, which is a bug in the caller.
template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  /// Success.
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  /// Failure.
  Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}
  /// True on success.
  bool ok() const { return v_.index() == 0; }
  /// Same as ok().
  explicit operator bool() const { return ok(); }
  /// The value (precondition: ok()).
  T& value() & { return std::get<0>(v_); }
  /// The value (precondition: ok()).
  const T& value() const& { return std::get<0>(v_); }
  /// The value, moved out (precondition: ok()).
  T&& value() && { return std::get<0>(std::move(v_)); }
  /// The value (precondition: ok()).
  T& operator*() & { return value(); }
  /// The value (precondition: ok()).
  const T& operator*() const& { return value(); }
  /// Member access to the value (precondition: ok()).
  T* operator->() { return &value(); }
  /// Member access to the value (precondition: ok()).
  const T* operator->() const { return &value(); }
  /// The value, or `fallback` on failure.
  T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }
  /// The error (precondition: !ok()).
  const E& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

/// Success without a value, or an error `E`.
template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  /// Success.
  Result() = default;
  /// Failure.
  Result(E error) : error_(std::move(error)) {}
  /// True on success.
  bool ok() const { return !error_.has_value(); }
  /// Same as ok().
  explicit operator bool() const { return ok(); }
  /// The error (precondition: !ok()).
  const E& error() const { return *error_; }

 private:
  std::optional<E> error_;
};

// ---- Values ------------------------------------------------------------------------------------

/// Maps the C++ types usable in typed calls and typed host functions to wasm value types:
/// int32_t/uint32_t <-> i32, int64_t/uint64_t <-> i64, float <-> f32, double <-> f64.
/// Wasm integers have no signedness; the C++ type only chooses how the bits are read.
template <class T>
struct ValueTraits {
  static constexpr bool supported = false;  ///< T is not a wasm value type
};
/// int32_t <-> i32.
template <>
struct ValueTraits<int32_t> {
  static constexpr bool supported = true;       ///< usable
  static constexpr ValType type = ValType::I32;  ///< its wasm type
  /// The value's cell bits (zero-extended).
  static uint64_t to_bits(int32_t v) { return uint32_t(v); }
  /// The value from cell bits.
  static int32_t from_bits(uint64_t b) { return int32_t(uint32_t(b)); }
};
/// uint32_t <-> i32.
template <>
struct ValueTraits<uint32_t> {
  static constexpr bool supported = true;       ///< usable
  static constexpr ValType type = ValType::I32;  ///< its wasm type
  /// The value's cell bits.
  static uint64_t to_bits(uint32_t v) { return v; }
  /// The value from cell bits.
  static uint32_t from_bits(uint64_t b) { return uint32_t(b); }
};
/// int64_t <-> i64.
template <>
struct ValueTraits<int64_t> {
  static constexpr bool supported = true;       ///< usable
  static constexpr ValType type = ValType::I64;  ///< its wasm type
  /// The value's cell bits.
  static uint64_t to_bits(int64_t v) { return uint64_t(v); }
  /// The value from cell bits.
  static int64_t from_bits(uint64_t b) { return int64_t(b); }
};
/// uint64_t <-> i64.
template <>
struct ValueTraits<uint64_t> {
  static constexpr bool supported = true;       ///< usable
  static constexpr ValType type = ValType::I64;  ///< its wasm type
  /// The value's cell bits.
  static uint64_t to_bits(uint64_t v) { return v; }
  /// The value from cell bits.
  static uint64_t from_bits(uint64_t b) { return b; }
};
/// float <-> f32 (bit-exact, NaN payloads preserved).
template <>
struct ValueTraits<float> {
  static constexpr bool supported = true;       ///< usable
  static constexpr ValType type = ValType::F32;  ///< its wasm type
  /// The value's cell bits.
  static uint64_t to_bits(float v) { return std::bit_cast<uint32_t>(v); }
  /// The value from cell bits.
  static float from_bits(uint64_t b) { return std::bit_cast<float>(uint32_t(b)); }
};
/// double <-> f64 (bit-exact, NaN payloads preserved).
template <>
struct ValueTraits<double> {
  static constexpr bool supported = true;       ///< usable
  static constexpr ValType type = ValType::F64;  ///< its wasm type
  /// The value's cell bits.
  static uint64_t to_bits(double v) { return std::bit_cast<uint64_t>(v); }
  /// The value from cell bits.
  static double from_bits(uint64_t b) { return std::bit_cast<double>(b); }
};

/// A typed wasm value. Numbers convert implicitly from their C++ types, so
/// `std::vector<Value> args{35}` is one i32 argument.
class Value {
 public:
  /// The i32 value 0.
  Value() = default;
  /// An i32.
  Value(int32_t v) : Value(ValType::I32, ValueTraits<int32_t>::to_bits(v)) {}
  /// An i32 (same bits as the int32_t of equal two's-complement pattern).
  Value(uint32_t v) : Value(ValType::I32, v) {}
  /// An i64.
  Value(int64_t v) : Value(ValType::I64, uint64_t(v)) {}
  /// An i64.
  Value(uint64_t v) : Value(ValType::I64, v) {}
  /// An f32.
  Value(float v) : Value(ValType::F32, ValueTraits<float>::to_bits(v)) {}
  /// An f64.
  Value(double v) : Value(ValType::F64, ValueTraits<double>::to_bits(v)) {}
  /// A v128.
  static Value v128(const V128& v);
  /// An externref holding an opaque host word; 0 is the null reference.
  static Value externref(uint64_t word) { return Value(ValType::ExternRef, word); }
  /// A funcref to `func` (of the same Store), or null.
  static Value funcref(const std::optional<Func>& func);
  /// The null reference of `ref_type` (FuncRef or ExternRef).
  static Value null(ValType ref_type) { return Value(ref_type, 0); }
  /// A value from raw bits (e.g. a NaN with a payload): `lo` holds the value (only its low 32
  /// bits count for i32/f32); `hi` the upper 8 bytes of a v128. A non-null funcref word must
  /// come from a funcref Value of the same Store.
  static Value from_bits(ValType type, uint64_t lo, uint64_t hi = 0);

  /// The value's type.
  ValType type() const { return type_; }
  /// The i32 as signed (precondition: type() == I32).
  int32_t as_i32() const { return int32_t(uint32_t(lo_)); }
  /// The i32 as unsigned (precondition: type() == I32).
  uint32_t as_u32() const { return uint32_t(lo_); }
  /// The i64 as signed (precondition: type() == I64).
  int64_t as_i64() const { return int64_t(lo_); }
  /// The i64 as unsigned (precondition: type() == I64).
  uint64_t as_u64() const { return lo_; }
  /// The f32 (precondition: type() == F32).
  float as_f32() const { return ValueTraits<float>::from_bits(lo_); }
  /// The f64 (precondition: type() == F64).
  double as_f64() const { return ValueTraits<double>::from_bits(lo_); }
  /// The v128 (precondition: type() == V128).
  V128 as_v128() const;
  /// The externref's host word, 0 for null (precondition: type() == ExternRef).
  uint64_t as_externref() const { return lo_; }
  /// The referenced function, or nullopt for null (precondition: type() == FuncRef).
  std::optional<Func> as_funcref() const;
  /// True for a null reference.
  bool is_null() const { return (type_ == ValType::FuncRef || type_ == ValType::ExternRef) && lo_ == 0; }
  /// The value read as a C++ type with ValueTraits (precondition: type() == ValueTraits<T>::type).
  template <class T>
  T as() const {
    static_assert(ValueTraits<T>::supported, "zwasm: not a wasm value type");
    return ValueTraits<T>::from_bits(lo_);
  }
  /// The low 8 bytes of the value's bits (all of them except for v128).
  uint64_t bits() const { return lo_; }
  /// The high 8 bytes of a v128 (0 for every other type).
  uint64_t high_bits() const { return hi_; }
  /// E.g. "i32:35", "f64:1.5", "funcref:null".
  std::string to_string() const;
  /// Bitwise equality of type and bits (so NaNs with equal payloads compare equal).
  friend bool operator==(const Value&, const Value&) = default;

 private:
  Value(ValType type, uint64_t lo, uint64_t hi = 0) : type_(type), lo_(lo), hi_(hi) {}
  ValType type_ = ValType::I32;
  uint64_t lo_ = 0;
  uint64_t hi_ = 0;
};

// ---- Store objects -----------------------------------------------------------------------------

/// A linear memory (spec 4.2.8). Every access is bounds-checked against the current size and
/// fails with an Error instead of touching memory outside it. Guest pointers are unsigned 32-bit
/// values: pass them as uint32_t (a negative int32_t widens to a huge offset and fails).
/// The memory never moves when it grows, so views stay valid for the Store's lifetime, but they
/// only cover the bytes that were in bounds when they were taken.
class Memory {
 public:
  /// The current type: limits.min is the current size in pages.
  MemoryType type() const;
  /// The current size in bytes.
  uint64_t size() const;
  /// The current size in 64 KiB pages.
  uint64_t pages() const;
  /// Grows by `delta_pages` (spec memory.grow); returns the old size in pages, or an error when
  /// the maximum (declared, or 65536 pages) would be exceeded or the host is out of memory.
  Result<uint64_t> grow(uint64_t delta_pages) const;
  /// A view of [offset, offset + length), or an error when any of it is out of bounds.
  Result<std::span<uint8_t>> view(uint64_t offset, uint64_t length) const;
  /// Copies [offset, offset + out.size()) into `out`, or fails without copying anything.
  Result<void> read(uint64_t offset, std::span<uint8_t> out) const;
  /// Copies `bytes` to [offset, offset + bytes.size()), or fails without writing anything.
  Result<void> write(uint64_t offset, std::span<const uint8_t> bytes) const;
  /// The bytes [offset, offset + length) as a string (any bytes; no UTF-8 check).
  Result<std::string> read_string(uint64_t offset, uint64_t length) const;
  /// Reads a little-endian scalar (integer or floating point) at `offset`.
  template <class T>
  Result<T> load(uint64_t offset) const {
    static_assert(std::is_arithmetic_v<T>, "zwasm: load reads integers and floats");
    static_assert(std::endian::native == std::endian::little, "zwasm needs a little-endian host");
    auto bytes = view(offset, sizeof(T));
    if (!bytes.ok()) return bytes.error();
    T value;
    std::memcpy(&value, bytes->data(), sizeof(T));
    return value;
  }
  /// Writes a little-endian scalar (integer or floating point) at `offset`.
  template <class T>
  Result<void> store(uint64_t offset, T value) const {
    static_assert(std::is_arithmetic_v<T>, "zwasm: store writes integers and floats");
    static_assert(std::endian::native == std::endian::little, "zwasm needs a little-endian host");
    auto bytes = view(offset, sizeof(T));
    if (!bytes.ok()) return bytes.error();
    std::memcpy(bytes->data(), &value, sizeof(T));
    return {};
  }
  /// True when both handles name the same memory.
  friend bool operator==(const Memory&, const Memory&) = default;

 private:
  friend struct detail::Access;
  explicit Memory(zwasm::Memory* raw) : raw_(raw) {}
  zwasm::Memory* raw_;
};

/// A global variable (spec 4.2.9).
class Global {
 public:
  /// Its value type and mutability.
  GlobalType type() const;
  /// The current value.
  Value get() const;
  /// Sets the value; fails for an immutable global (spec: only `(mut t)` globals change) or a
  /// value of another type.
  Result<void> set(const Value& value) const;
  /// True when both handles name the same global.
  friend bool operator==(const Global&, const Global&) = default;

 private:
  friend struct detail::Access;
  explicit Global(zwasm::Global* raw) : raw_(raw) {}
  zwasm::Global* raw_;
};

/// A table of references (spec 4.2.7).
class Table {
 public:
  /// Its element type and limits (limits.min is the current size).
  TableType type() const;
  /// The current number of elements.
  uint32_t size() const;
  /// The element at `index`, or an error when out of bounds.
  Result<Value> get(uint32_t index) const;
  /// Stores `value` (of the element type) at `index`, or fails when out of bounds.
  Result<void> set(uint32_t index, const Value& value) const;
  /// Grows by `delta` elements set to `init`; returns the old size, or fails past the maximum.
  Result<uint32_t> grow(uint32_t delta, const Value& init) const;
  /// True when both handles name the same table.
  friend bool operator==(const Table&, const Table&) = default;

 private:
  friend struct detail::Access;
  explicit Table(zwasm::Table* raw) : raw_(raw) {}
  zwasm::Table* raw_;
};

/// A function: a wasm function of some instance, or a host function.
class Func {
 public:
  /// Its type.
  FuncType type() const;
  /// Its name for diagnostics: the name section's, "func[N]", or "module.name" for host ones.
  std::string name() const;
  /// Calls it with `args` (checked against its parameter types); `results` receives its results
  /// (it may be the vector `args` views).
  Result<void, Trap> invoke(std::span<const Value> args, std::vector<Value>& results) const;
  /// Typed call: `f.call<int32_t>(35)`. R is void, a ValueTraits type, or a std::tuple of them
  /// (multi-value). The function's type must be exactly [Args...] -> [R...], else the call is
  /// rejected with TrapKind::InvalidCall before running.
  template <class R = void, class... Args>
  Result<R, Trap> call(Args... args) const;
  /// True when both handles name the same function.
  friend bool operator==(const Func&, const Func&) = default;

 private:
  friend struct detail::Access;
  explicit Func(zwasm::Function* raw) : raw_(raw) {}
  zwasm::Function* raw_;
};

/// A decoded and validated module. Immutable; copies share it, and it may be instantiated any
/// number of times in any Stores.
class Module {
 public:
  /// Decodes and validates a binary module. Errors carry the byte offset where they occur.
  static Result<Module> from_bytes(std::span<const uint8_t> bytes);
  /// Same, taking ownership of the bytes (no copy).
  static Result<Module> from_bytes(std::vector<uint8_t>&& bytes);
  /// Reads a module in the text format (.wat), then decodes and validates the binary it
  /// denotes. Text errors read "LINE:COL: what".
  static Result<Module> from_text(std::string_view text);
  /// Reads a .wasm or .wat file (a file not starting with the binary's "\0asm" is read as
  /// text, as wasmtime does), then decodes and validates it. Every error names the file:
  /// "PATH: what", with the byte offset of a decoding or validation error, or
  /// "PATH:LINE:COL: what" for a text error.
  static Result<Module> from_file(const std::string& path);
  /// Its imports, in declaration order.
  std::vector<ImportType> imports() const;
  /// Its exports, in declaration order.
  std::vector<ExportType> exports() const;
  /// The module name from the name section, or "".
  std::string name() const;
  /// Everything the module declares, index space by index space: functions, tables, memories
  /// and globals with their types and import origins, globals' initialisers, the start
  /// function, segment counts and custom sections (see zwasm/module_info.h). Built on each
  /// call; tools such as `zwasm inspect` read it.
  ModuleInfo info() const;

 private:
  friend struct detail::Access;
  explicit Module(std::shared_ptr<const zwasm::Module> raw) : raw_(std::move(raw)) {}
  std::shared_ptr<const zwasm::Module> raw_;
};

/// An instantiated module.
class Instance {
 public:
  /// The exported function `name`, if there is one.
  std::optional<Func> func(std::string_view name) const;
  /// The exported memory `name`, if there is one.
  std::optional<Memory> memory(std::string_view name) const;
  /// The exported global `name`, if there is one.
  std::optional<Global> global(std::string_view name) const;
  /// The exported table `name`, if there is one.
  std::optional<Table> table(std::string_view name) const;
  /// Its exports with their types, in declaration order.
  std::vector<ExportType> exports() const;
  /// The module it instantiates.
  Module module() const;
  /// Calls the exported function `name`. `args` may be null (no arguments); `results`, if not
  /// null, receives the results. An unknown export or mistyped arguments give
  /// TrapKind::InvalidCall without running anything.
  Result<void, Trap> invoke(std::string_view name, const std::vector<Value>* args,
                            std::vector<Value>* results) const;
  /// Same, with a span of arguments.
  Result<void, Trap> invoke(std::string_view name, std::span<const Value> args,
                            std::vector<Value>& results) const;
  /// Typed call of an export: `instance.call<int32_t>("fib", 35)` (see Func::call).
  template <class R = void, class... Args>
  Result<R, Trap> call(std::string_view name, Args... args) const;
  /// True when both handles name the same instance.
  friend bool operator==(const Instance&, const Instance&) = default;

 private:
  friend struct detail::Access;
  explicit Instance(zwasm::Instance* raw) : raw_(raw) {}
  zwasm::Instance* raw_;
};

// ---- Store -------------------------------------------------------------------------------------

/// The execution tier that runs a Store's wasm code.
enum class Engine : uint8_t {
  Auto,         ///< tiered: interpreted first; a function that gets hot is compiled, and a long
                ///< loop continues in compiled code (on-stack replacement). x86-64; elsewhere
                ///< the interpreter
  Interpreter,  ///< the register-IR interpreter only: starts at once, runs slower
  Jit,          ///< each function compiled to machine code before its first call (x86-64)
};

/// What a store's execution tiers have done (Store::stats()).
struct EngineStats {
  uint64_t functions_run = 0;       ///< wasm functions called at least once (translated to IR)
  uint64_t functions_compiled = 0;  ///< functions the JIT compiled (the others interpreted)
  uint64_t osr_entries = 0;         ///< interpreted calls continued in compiled code at a loop
  uint64_t code_bytes = 0;          ///< machine code emitted
  uint64_t ir_words = 0;            ///< register-IR words compiled
  uint64_t wasm_bytes = 0;          ///< bytes of the compiled functions' wasm bodies
  uint64_t hoisted = 0;             ///< IR instructions the JIT moved out of their loops
  uint64_t dead = 0;                ///< IR instructions the JIT left out (results never read)
  double compile_seconds = 0;       ///< time spent compiling
  /// Memory accesses that faulted without trapping and were redone on a slow path (an address
  /// the JIT computed without 32-bit wraparound that did wrap). Zero in a correct run.
  uint64_t slow_path_faults = 0;
  uint64_t unfolded = 0;            ///< functions whose address folds were switched off for them
};

/// Store configuration.
struct StoreConfig {
  /// The allocator for the store's own data structures: the storage of its functions, globals,
  /// tables (including their element arrays), instances and interned types, and the IR code of
  /// its functions. Null means std::pmr::get_default_resource(). It must outlive the Store.
  /// Linear memory is not allocated through it: a memory is an mmap reservation (8 GiB of
  /// address space on 64-bit hosts, committed as it grows) so that its base never moves.
  /// Some small internals (host callbacks, an instance's index vectors, decoded Modules, which
  /// are not tied to a Store) use the default heap.
  std::pmr::memory_resource* allocator = nullptr;
  /// The execution tier asked for (Store::engine() says which tier runs).
  Engine engine = Engine::Auto;
  /// Engine::Auto's tier-up budget, in register-IR words executed: a call charges the callee's
  /// size, a loop iteration the loop's, and a function is compiled once it has spent this much.
  /// 0: the environment variable ZWASM_JIT_THRESHOLD if set, else the default (20000).
  int32_t jit_threshold = 0;
  /// Count fuel: each function entry charges the function's size in register-IR words, each
  /// loop iteration the loop's size, the same on every engine, so a budget ends a guest at the
  /// same point whichever tier runs it. When the fuel runs out the guest traps
  /// (TrapKind::OutOfFuel). Store::set_fuel() gives the budget (none at first). Costs a
  /// subtraction and a branch per function entry and loop iteration.
  bool consume_fuel = false;
  /// Let InterruptHandle::interrupt() end running guests: compiled code then checks a flag at
  /// every function entry and loop iteration (the interpreter always does).
  bool interruptible = false;
  /// The most bytes a linear memory of this store may have (0: no limit beyond the module's
  /// own and 4 GiB). memory.grow beyond it yields -1, as the spec allows; a module whose
  /// memory starts larger fails to instantiate.
  uint64_t max_memory_bytes = 0;
  /// The most elements a table may have (0: no limit beyond the module's and 10,000,000);
  /// table.grow beyond it yields -1; a table that starts larger fails instantiation.
  uint64_t max_table_elements = 0;
  /// The stack a guest may use, counted from where the embedder calls into the store (0: the
  /// thread's own stack and zwasm's 32 MiB of interpreter frames): the native stack (compiled
  /// code's frames, host functions that call back into wasm), the interpreter's frames and its
  /// return records are each held to this many bytes. Deeper recursion traps
  /// (TrapKind::CallStackExhausted).
  uint64_t max_stack_bytes = 0;
};

/// Ends a store's running guest from any thread (Store::interrupt_handle()).
class InterruptHandle {
 public:
  /// The guest running in the store traps (TrapKind::Interrupted) at its next function entry or
  /// loop iteration; if none is running, the next call into the store traps at its start. The
  /// request is used up by the trap it causes. A guest blocked in a host call (WASI reading a
  /// pipe, opening a FIFO) is woken with a signal (SIGRTMIN + 5, whose handler zwasm installs
  /// then) and ends when the call returns. Needs StoreConfig::interruptible; valid while the
  /// store lives. Thread-safe.
  void interrupt() const;

 private:
  friend class Store;
  explicit InterruptHandle(zwasm::ExecContext* ctx) : ctx_(ctx) {}
  zwasm::ExecContext* ctx_;
};

/// Owns every runtime object: instances, functions, memories, tables, globals. They live until
/// the Store is destroyed. Single-threaded: use a Store from one thread at a time.
class Store {
 public:
  /// A store using `config`.
  explicit Store(StoreConfig config = {});
  /// Destroys every object of the store.
  ~Store();
  /// Moves the store; handles to its objects stay valid.
  Store(Store&&) noexcept;
  /// Moves the store; handles to its objects stay valid. A moved-from Store may only be
  /// destroyed or assigned to.
  Store& operator=(Store&&) noexcept;
  /// Not copyable: a store owns its objects.
  Store(const Store&) = delete;
  /// Not copyable: a store owns its objects.
  Store& operator=(const Store&) = delete;

  /// The allocator in use (StoreConfig::allocator or the default resource).
  std::pmr::memory_resource* allocator() const;
  /// The tier that runs this store's code: StoreConfig::engine resolved to what this build and
  /// machine have (the interpreter where the JIT does not exist).
  Engine engine() const;
  /// What its tiers have done so far.
  EngineStats stats() const;
  /// Sets the fuel left (StoreConfig::consume_fuel); a guest that needs more traps.
  void set_fuel(uint64_t fuel);
  /// The fuel left (0 once it ran out).
  uint64_t fuel() const;
  /// A handle that can interrupt this store's guests from another thread.
  InterruptHandle interrupt_handle() const;
  /// A new memory, e.g. to supply as an import.
  Result<Memory> create_memory(const MemoryType& type);
  /// A new global initialised to `init` (which must have the global's value type).
  Result<Global> create_global(const GlobalType& type, const Value& init);
  /// A new table with every element set to `init` (a reference of the element type).
  Result<Table> create_table(const TableType& type, const Value& init);

 private:
  friend struct detail::Access;
  std::unique_ptr<detail::StoreState> state_;
  Engine engine_ = Engine::Interpreter;
};

// ---- Host functions ----------------------------------------------------------------------------

/// What a host function sees of its caller. Valid only during the call.
class Caller {
 public:
  /// The calling instance; nullopt when the embedder called the host function directly.
  std::optional<Instance> instance() const;
  /// The calling instance's memory 0 (imported or defined, exported or not), if it has one.
  std::optional<Memory> memory() const;
  /// Makes the call trap with `message` once the host function returns (its results are then
  /// ignored). The trap unwinds the wasm caller and reaches the embedder as TrapKind::HostTrap.
  void trap(std::string message);
  /// True after trap().
  bool trapped() const { return trap_message_.has_value(); }

 private:
  friend struct detail::Access;
  explicit Caller(zwasm::Instance* instance) : instance_(instance) {}
  zwasm::Instance* instance_;
  std::optional<std::string> trap_message_;
};

/// An untyped host function: `args` has the parameter types; `results` comes filled with zero
/// values of the result types, to be overwritten with values of the same types.
using HostFunc =
    std::function<void(Caller& caller, std::span<const Value> args, std::span<Value> results)>;

namespace detail {
// The form every host function is registered in: arguments and results as 8-byte cells, one
// per value and two for a v128 (low half first, at an even cell: a padding cell precedes a
// v128 that would start at an odd one). `args` and `results` may alias.
using RawHostFunc = std::function<void(Caller& caller, const uint64_t* args, uint64_t* results)>;
// A TrapKind::InvalidCall trap with `message`.
Trap invalid_call(std::string message);
// The typed-call fast path (typed.h): true when `func`'s type is exactly params -> results.
bool has_signature(const zwasm::Function* func, const ValType* params, size_t num_params,
                   const ValType* results, size_t num_results);
// Runs `func` with its arguments in `cells` (one per value; the caller checked the signature)
// and leaves its results there; `cells` holds max(params, results) cells. Returns the trap, if
// one ended the call.
std::optional<Trap> call_cells(zwasm::Function* func, uint64_t* cells);
// The InvalidCall trap of a typed call whose C++ signature does not match `func`'s type.
Trap signature_mismatch(const zwasm::Function* func, const ValType* params, size_t num_params,
                        const ValType* results, size_t num_results);
}  // namespace detail

// ---- WASI --------------------------------------------------------------------------------------

/// A host directory made visible to a WASI guest.
struct WasiPreopen {
  std::string host_path;   ///< a directory on the host
  std::string guest_path;  ///< the name the guest sees, e.g. "." or "/data"
};

/// What a WASI (preview1) guest may see; nothing else of the host is reachable.
struct WasiConfig {
  std::vector<std::string> args;       ///< argv; args[0] is the program name
  std::vector<std::string> env;        ///< "KEY=VALUE" entries
  std::vector<WasiPreopen> preopens;   ///< guest fds 3, 4, ... in this order
  int stdin_fd = 0;   ///< host fd behind guest fd 0 (borrowed, not closed); negative: closed
  int stdout_fd = 1;  ///< host fd behind guest fd 1 (borrowed, not closed); negative: closed
  int stderr_fd = 2;  ///< host fd behind guest fd 2 (borrowed, not closed); negative: closed
  /// Host sockets (e.g. a listening TCP socket) the guest sees as the fds after the preopens,
  /// for sock_accept/recv/send/shutdown. Borrowed, not closed.
  std::vector<int> socket_fds;
};

// ---- Linking and instantiation -----------------------------------------------------------------

/// Why instantiation failed: a link error (nothing was created), or a trap while initialising
/// (an out-of-bounds segment or a trapping start function; spec 4.5.4).
struct InstantiationError {
  /// Which of the two.
  enum class Kind : uint8_t { Link, Trap };
  Kind kind = Kind::Link;  ///< which field below applies
  Error link;              ///< kind == Link: names the import, e.g. "unknown import: env.f (func)"
  Trap trap;               ///< kind == Trap
  /// One line for either kind.
  std::string describe() const {
    return kind == Kind::Link ? "link error: " + link.describe() : "trap: " + trap.describe();
  }
};

/// Resolves imports by (module, name) and instantiates modules in one Store. Definitions can be
/// host functions, WASI, items created in the Store, or all exports of an instance.
class Linker {
 public:
  /// A linker creating its host functions in `store`, which must outlive it.
  explicit Linker(Store& store);
  /// Drops the definitions (the objects defined stay in the Store).
  ~Linker();
  /// Moves the definitions.
  Linker(Linker&&) noexcept;
  /// Moves the definitions.
  Linker& operator=(Linker&&) noexcept;
  /// Not copyable.
  Linker(const Linker&) = delete;
  /// Not copyable.
  Linker& operator=(const Linker&) = delete;

  /// Defines a typed host function; its wasm type follows from the callable's signature
  /// (see ValueTraits), optionally taking `Caller&` first, and returning void, one value or a
  /// std::tuple (multi-value). E.g.
  ///   linker.func("env", "add", [](int32_t a, int32_t b) { return a + b; });
  ///   linker.func("env", "log", [](Caller& c, uint32_t ptr, uint32_t len) { ... });
  /// The callable must be copyable. Exceptions it throws become host traps.
  template <class F>
  Func func(std::string_view module, std::string_view name, F callback);
  /// Defines an untyped host function of type `type`. Exceptions it throws become host traps.
  Func func(std::string_view module, std::string_view name, FuncType type, HostFunc callback);
  /// Defines (or replaces) an item of the Store as module.name.
  void define(std::string_view module, std::string_view name, const Func& item);
  /// Defines (or replaces) an item of the Store as module.name.
  void define(std::string_view module, std::string_view name, const Memory& item);
  /// Defines (or replaces) an item of the Store as module.name.
  void define(std::string_view module, std::string_view name, const Global& item);
  /// Defines (or replaces) an item of the Store as module.name.
  void define(std::string_view module, std::string_view name, const Table& item);
  /// Makes every export of `instance` importable as module.<export name>.
  void define_instance(std::string_view module, const Instance& instance);
  /// Defines the WASI preview1 functions (module "wasi_snapshot_preview1") over `config`.
  /// Fails when a preopen cannot be opened as a directory. The WASI state lives as long as
  /// the Store. proc_exit(status) ends the guest with a Trap of kind Exit (status < 126; a
  /// larger status is a HostTrap, as in wasmtime).
  Result<void> define_wasi(const WasiConfig& config);
  /// True when module.name has a definition (of any kind), e.g. to name an import nothing
  /// supplies, with its type, before instantiate() fails on it.
  bool defines(std::string_view module, std::string_view name) const;
  /// Instantiates `module` against the definitions: imports are matched by name and checked
  /// against their declared types, then segments are initialised and the start function runs.
  Result<Instance, InstantiationError> instantiate(const Module& module);

 private:
  Func define_raw(std::string_view module, std::string_view name, FuncType type,
                  detail::RawHostFunc callback);
  detail::StoreState* store_;
  std::unique_ptr<zwasm::Linker> linker_;
};

// ---- The library -------------------------------------------------------------------------------

/// The binary module a text module (spec chapter 6: "(module ...)", or its fields alone)
/// denotes. Errors read "LINE:COL: what" and carry the byte offset in the text. Only the text
/// is checked here (syntax, identifiers, literals); Module::from_bytes validates the result.
Result<std::vector<uint8_t>> wat_to_wasm(std::string_view text);

/// zwasm's version, "MAJOR.MINOR.PATCH" (e.g. "0.1.0").
const char* version();

/// Sets what zwasm logs to stderr, one "[zwasm LEVEL] message" line each: verbosity 0 logs
/// warnings and errors, 1 adds info, 2 or more adds debug. The environment variable ZWASM_LOG
/// (trace, debug, info, warn, err, critical or off) overrides `verbosity`. zwasm logs through
/// spdlog: this makes its stderr logger "zwasm" spdlog's default logger. Call it again to change
/// the level; until it is called, spdlog's own default logger applies.
void set_log_verbosity(int verbosity);

}  // namespace zwasm::api

#include "zwasm/module_info.h"  // Module::info()'s description of a module
#include "zwasm/typed.h"  // the template definitions: typed host functions and typed calls
