// The embedding API (include/zwasm/zwasm.h): vocabulary types, values, modules and the store.
#include <charconv>
#include <climits>
#include <cstdlib>
#include <cstdio>
#include <cstring>

#include "runtime/api/api_internal.h"
#include "runtime/base/log.h"
#include "runtime/base/read_file.h"
#include "runtime/store/exec_stack.h"
#include "runtime/wasm/decoder.h"
#include "runtime/wasm/validator.h"

namespace zwasm::api {

using detail::Access;
using detail::to_internal;
using detail::to_public;

// Public and internal value types are converted by a cast: their encodings must agree.
static_assert(uint8_t(ValType::I32) == uint8_t(zwasm::ValType::I32));
static_assert(uint8_t(ValType::I64) == uint8_t(zwasm::ValType::I64));
static_assert(uint8_t(ValType::F32) == uint8_t(zwasm::ValType::F32));
static_assert(uint8_t(ValType::F64) == uint8_t(zwasm::ValType::F64));
static_assert(uint8_t(ValType::V128) == uint8_t(zwasm::ValType::V128));
static_assert(uint8_t(ValType::FuncRef) == uint8_t(zwasm::ValType::FuncRef));
static_assert(uint8_t(ValType::ExternRef) == uint8_t(zwasm::ValType::ExternRef));
static_assert(Error::kNoOffset == zwasm::Error::kNoOffset);

// ---- Conversions -------------------------------------------------------------------------------

namespace detail {

namespace {

template <class To, class From>
std::vector<To> convert_types(const std::vector<From>& types) {
  std::vector<To> out;
  out.reserve(types.size());
  for (From t : types) out.push_back(static_cast<To>(t));
  return out;
}

TrapKind kind_of(zwasm::TrapCode code) {
  switch (code) {
    case zwasm::TrapCode::Unreachable: return TrapKind::Unreachable;
    case zwasm::TrapCode::IntegerOverflow: return TrapKind::IntegerOverflow;
    case zwasm::TrapCode::IntegerDivideByZero: return TrapKind::IntegerDivideByZero;
    case zwasm::TrapCode::InvalidConversion: return TrapKind::InvalidConversion;
    case zwasm::TrapCode::MemoryOutOfBounds: return TrapKind::MemoryOutOfBounds;
    case zwasm::TrapCode::TableOutOfBounds: return TrapKind::TableOutOfBounds;
    case zwasm::TrapCode::UndefinedElement: return TrapKind::UndefinedElement;
    case zwasm::TrapCode::UninitializedElement: return TrapKind::UninitializedElement;
    case zwasm::TrapCode::IndirectCallTypeMismatch: return TrapKind::IndirectCallTypeMismatch;
    case zwasm::TrapCode::NullReference: return TrapKind::NullReference;
    case zwasm::TrapCode::CallStackExhausted: return TrapKind::CallStackExhausted;
    case zwasm::TrapCode::Exit: return TrapKind::Exit;
    case zwasm::TrapCode::OutOfFuel: return TrapKind::OutOfFuel;
    case zwasm::TrapCode::Interrupted: return TrapKind::Interrupted;
    case zwasm::TrapCode::None:  // not a trap; never converted
    case zwasm::TrapCode::HostTrap: break;
  }
  return TrapKind::HostTrap;
}

}  // namespace

zwasm::FuncType to_internal(const FuncType& type) {
  return zwasm::FuncType{convert_types<zwasm::ValType>(type.params),
                         convert_types<zwasm::ValType>(type.results)};
}

FuncType to_public(const zwasm::FuncType& type) {
  return FuncType{convert_types<ValType>(type.params), convert_types<ValType>(type.results)};
}

Limits to_public(const zwasm::Limits& limits) { return Limits{limits.min, limits.max}; }
zwasm::Limits to_internal(const Limits& limits) { return zwasm::Limits{limits.min, limits.max}; }
TableType to_public(const zwasm::TableType& type) {
  return TableType{to_public(type.elem), to_public(type.limits)};
}
MemoryType to_public(const zwasm::MemoryType& type) { return MemoryType{to_public(type.limits)}; }
GlobalType to_public(const zwasm::GlobalType& type) {
  return GlobalType{to_public(type.type), type.mut};
}

zwasm::Value to_internal(const Value& value) {
  return zwasm::Value{to_internal(value.type()), value.bits(), value.high_bits()};
}

Value to_public(const zwasm::Value& value) {
  return Value::from_bits(to_public(value.type), value.lo, value.hi);
}

Error to_public(const zwasm::Error& error) { return Error{error.message, error.offset}; }

Trap to_public(zwasm::Trap trap) {
  Trap out;
  out.kind = kind_of(trap.code);
  out.message = trap.text();
  out.backtrace = std::move(trap.backtrace);
  out.exit_code = trap.exit_code;
  return out;
}

zwasm::Trap host_trap(std::string message) {
  zwasm::Trap t;
  t.code = zwasm::TrapCode::HostTrap;
  t.message = std::move(message);
  return t;
}

Trap invalid_call(std::string message) {
  Trap t;
  t.kind = TrapKind::InvalidCall;
  t.message = std::move(message);
  return t;
}

}  // namespace detail

// ---- Types -------------------------------------------------------------------------------------

std::string_view to_string(ValType type) { return zwasm::valtype_name(to_internal(type)); }

std::string_view to_string(ExternKind kind) {
  return zwasm::extern_kind_name(static_cast<zwasm::ExternKind>(kind));
}
static_assert(uint8_t(ExternKind::Func) == uint8_t(zwasm::ExternKind::Func));
static_assert(uint8_t(ExternKind::Table) == uint8_t(zwasm::ExternKind::Table));
static_assert(uint8_t(ExternKind::Memory) == uint8_t(zwasm::ExternKind::Memory));
static_assert(uint8_t(ExternKind::Global) == uint8_t(zwasm::ExternKind::Global));

std::string FuncType::to_string() const { return to_internal(*this).to_string(); }

namespace {

std::string limits_text(const Limits& l) {
  std::string s = std::to_string(l.min);
  if (l.max) {
    s += ' ';
    s += std::to_string(*l.max);
  }
  return s;
}

ExternType extern_of(const FuncType& type) {
  ExternType t;
  t.kind = ExternKind::Func;
  t.func = type;
  return t;
}
ExternType extern_of(const zwasm::TableType& type) {
  ExternType t;
  t.kind = ExternKind::Table;
  t.table = to_public(type);
  return t;
}
ExternType extern_of(const zwasm::MemoryType& type) {
  ExternType t;
  t.kind = ExternKind::Memory;
  t.memory = to_public(type);
  return t;
}
ExternType extern_of(const zwasm::GlobalType& type) {
  ExternType t;
  t.kind = ExternKind::Global;
  t.global = to_public(type);
  return t;
}

}  // namespace

std::string ExternType::to_string() const {
  switch (kind) {
    case ExternKind::Func: return "func " + func.to_string();
    case ExternKind::Table:
      return "table " + limits_text(table.limits) + " " + std::string(api::to_string(table.elem));
    case ExternKind::Memory: return "memory " + limits_text(memory.limits);
    case ExternKind::Global: {
      std::string t(api::to_string(global.type));
      return "global " + (global.mut ? "(mut " + t + ")" : t);
    }
  }
  return "?";
}

// ---- Values ------------------------------------------------------------------------------------

Value Value::from_bits(ValType type, uint64_t lo, uint64_t hi) {
  // Same normalisation as the runtime's cells: 32-bit values are zero-extended, only v128 has
  // high bits.
  if (type == ValType::I32 || type == ValType::F32) lo &= 0xFFFFFFFFull;
  if (type != ValType::V128) hi = 0;
  return Value(type, lo, hi);
}

Value Value::v128(const V128& v) {
  uint64_t lo, hi;
  std::memcpy(&lo, v.bytes, 8);
  std::memcpy(&hi, v.bytes + 8, 8);
  return Value(ValType::V128, lo, hi);
}

V128 Value::as_v128() const {
  V128 v;
  std::memcpy(v.bytes, &lo_, 8);
  std::memcpy(v.bytes + 8, &hi_, 8);
  return v;
}

Value Value::funcref(const std::optional<Func>& func) {
  // A funcref cell holds the Function* (runtime/base/types.h).
  return Value(ValType::FuncRef, func ? reinterpret_cast<uint64_t>(Access::raw(*func)) : 0);
}

std::optional<Func> Value::as_funcref() const {
  if (type_ != ValType::FuncRef || lo_ == 0) return std::nullopt;
  return Access::wrap<Func>(reinterpret_cast<zwasm::Function*>(lo_));
}

namespace {

template <class T>
std::string shortest(T v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::string Value::to_string() const {
  std::string prefix = std::string(api::to_string(type_)) + ":";
  switch (type_) {
    case ValType::I32: return prefix + std::to_string(as_i32());
    case ValType::I64: return prefix + std::to_string(as_i64());
    case ValType::F32: return prefix + shortest(as_f32());
    case ValType::F64: return prefix + shortest(as_f64());
    case ValType::V128: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "0x%016llx%016llx", static_cast<unsigned long long>(hi_),
                    static_cast<unsigned long long>(lo_));
      return prefix + buf;
    }
    case ValType::FuncRef:
      return prefix + (lo_ == 0 ? "null" : reinterpret_cast<zwasm::Function*>(lo_)->display_name());
    case ValType::ExternRef: return prefix + (lo_ == 0 ? "null" : hex(lo_));
  }
  return prefix + "?";
}

// ---- Module ------------------------------------------------------------------------------------

Result<Module> Module::from_bytes(std::span<const uint8_t> bytes) {
  return from_bytes(std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

Result<Module> Module::from_bytes(std::vector<uint8_t>&& bytes) {
  auto decoded = zwasm::decode_module(std::move(bytes));
  if (!decoded.ok()) return to_public(decoded.error());
  if (auto valid = zwasm::validate_module(*decoded.value()); !valid.ok())
    return to_public(valid.error());
  return Module(std::move(decoded.value()));
}

Result<Module> Module::from_text(std::string_view text) {
  auto bytes = wat_to_wasm(text);
  if (!bytes.ok()) return Error{bytes.error().message};  // the position is in the message
  return from_bytes(std::move(bytes.value()));
}

namespace {

// The text format starts with "(" or a comment after whitespace; a binary with "\0asm". What is
// neither is read as a binary, whose decoder says why it is not one.
bool looks_like_text(const std::vector<uint8_t>& bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    uint8_t c = bytes[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '(' || (c == ';' && i + 1 < bytes.size() && bytes[i + 1] == ';');
  }
  return false;
}

}  // namespace

Result<Module> Module::from_file(const std::string& path) {
  auto bytes = zwasm::read_file(path);
  if (!bytes.ok()) return to_public(bytes.error());  // read_file's errors name the path
  bool text = looks_like_text(bytes.value());
  if (text) {
    std::string_view source(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    auto binary = wat_to_wasm(source);
    if (!binary.ok()) return Error{path + ":" + binary.error().message};  // PATH:LINE:COL: what
    bytes.value() = std::move(binary.value());
  }
  auto module = from_bytes(std::move(bytes.value()));
  if (!module.ok()) {
    // A validation error's offset is in the binary the text denotes, which no file holds.
    if (text) return Error{path + ": " + module.error().message};
    return Error{path + ": " + module.error().message, module.error().offset};
  }
  return module;
}

std::vector<ImportType> Module::imports() const {
  std::vector<ImportType> out;
  out.reserve(raw_->imports.size());
  uint32_t next_index[4] = {};  // per kind: imports take the first indices, in order
  for (const zwasm::Import& imp : raw_->imports) {
    ImportType t{imp.module, imp.name, {}, next_index[uint8_t(imp.kind)]++};
    switch (imp.kind) {
      case zwasm::ExternKind::Func: t.type = extern_of(to_public(raw_->types[imp.type_index])); break;
      case zwasm::ExternKind::Table: t.type = extern_of(imp.table); break;
      case zwasm::ExternKind::Memory: t.type = extern_of(imp.memory); break;
      case zwasm::ExternKind::Global: t.type = extern_of(imp.global); break;
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<ExportType> Module::exports() const {
  std::vector<ExportType> out;
  out.reserve(raw_->exports.size());
  for (const zwasm::Export& exp : raw_->exports) {
    ExportType t{exp.name, {}, exp.index};
    switch (exp.kind) {
      case zwasm::ExternKind::Func: t.type = extern_of(to_public(raw_->func_type(exp.index))); break;
      case zwasm::ExternKind::Table: t.type = extern_of(raw_->table_type(exp.index)); break;
      case zwasm::ExternKind::Memory: t.type = extern_of(raw_->memory_type(exp.index)); break;
      case zwasm::ExternKind::Global: t.type = extern_of(raw_->global_type(exp.index)); break;
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::string Module::name() const { return raw_->module_name; }

// ---- Store -------------------------------------------------------------------------------------

namespace {

// The tier-up budget: the configured one, else ZWASM_JIT_THRESHOLD, else the default.
int32_t jit_budget(int32_t configured) {
  if (configured > 0) return configured;
  if (const char* env = std::getenv("ZWASM_JIT_THRESHOLD")) {
    char* end = nullptr;
    long n = std::strtol(env, &end, 10);
    if (*env != 0 && *end == 0 && n > 0 && n <= INT32_MAX) return int32_t(n);
    spdlog::warn("ZWASM_JIT_THRESHOLD='{}' is not a positive number: ignored", env);
  }
  return jit::JitEngine::kDefaultBudget;
}

std::unique_ptr<jit::JitEngine> make_jit(const StoreConfig& config) {
  switch (config.engine) {
    case Engine::Interpreter: return nullptr;
    case Engine::Jit: return std::make_unique<jit::JitEngine>(interpreter_engine());
    case Engine::Auto:
      return std::make_unique<jit::JitEngine>(interpreter_engine(), jit::JitEngine::Mode::Tiered,
                                              jit_budget(config.jit_threshold));
  }
  return nullptr;
}

}  // namespace

Store::Store(StoreConfig config)
    : state_(std::make_unique<detail::StoreState>(
          config.allocator ? config.allocator : std::pmr::get_default_resource(),
          make_jit(config))),
      engine_(config.engine) {
  if (config.consume_fuel) state_->store.exec().flags.fetch_or(kPollFuel);
  zwasm::ObjectStore::ResourceLimits limits;
  if (config.max_memory_bytes) limits.memory_bytes = config.max_memory_bytes;
  if (config.max_table_elements) limits.table_elements = config.max_table_elements;
  limits.stack_bytes = config.max_stack_bytes;
  state_->store.set_limits(limits);
  if (state_->jit) state_->jit->set_polls({config.interruptible, config.consume_fuel});
}

void Store::set_fuel(uint64_t fuel) {
  state_->store.exec().fuel = int64_t(std::min<uint64_t>(fuel, INT64_MAX));
}

uint64_t Store::fuel() const { return uint64_t(std::max<int64_t>(state_->store.exec().fuel, 0)); }

InterruptHandle Store::interrupt_handle() const {
  return InterruptHandle(&state_->store.exec());
}

void InterruptHandle::interrupt() const { request_interrupt(*ctx_); }
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

std::pmr::memory_resource* Store::allocator() const { return state_->store.resource(); }
Engine Store::engine() const { return engine_; }

EngineStats Store::stats() const {
  EngineStats out;
  out.functions_run = state_->store.translated_functions();
  if (const jit::JitEngine* jit = state_->jit.get()) {
    jit::JitStats s = jit->stats();
    out.functions_compiled = s.compiled;
    out.osr_entries = s.osr_entries;
    out.code_bytes = s.code_bytes;
    out.ir_words = s.ir_words;
    out.wasm_bytes = s.wasm_bytes;
    out.hoisted = s.hoisted;
    out.dead = s.dead;
    out.compile_seconds = s.compile_seconds;
    out.slow_path_faults = s.slow_path_faults;
    out.unfolded = s.unfolded;
  }
  return out;
}

namespace {

Result<void> check_limits(const Limits& limits, uint64_t bound, const char* unit) {
  if (limits.max && *limits.max < limits.min)
    return Error{"size minimum must not be greater than maximum"};
  if (limits.min > bound)
    return Error{"size minimum " + std::to_string(limits.min) + " exceeds the limit of " +
                 std::to_string(bound) + " " + unit};
  return {};
}

bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }

}  // namespace

Result<Memory> Store::create_memory(const MemoryType& type) {
  if (auto ok = check_limits(type.limits, zwasm::kMaxPages32, "pages"); !ok.ok()) return ok.error();
  auto mem = state_->store.create_memory(zwasm::MemoryType{to_internal(type.limits)});
  if (!mem.ok()) return to_public(mem.error());
  return Access::wrap<Memory>(mem.value());
}

Result<Global> Store::create_global(const GlobalType& type, const Value& init) {
  if (init.type() != type.type) {
    return Error{"a global of type " + std::string(to_string(type.type)) +
                 " cannot be initialised with a value of type " +
                 std::string(to_string(init.type()))};
  }
  zwasm::GlobalType internal{to_internal(type.type), type.mut};
  return Access::wrap<Global>(state_->store.create_global(internal, to_internal(init)));
}

Result<Table> Store::create_table(const TableType& type, const Value& init) {
  if (!is_ref(type.elem)) return Error{"a table's element type must be funcref or externref"};
  if (init.type() != type.elem) {
    return Error{"a table of " + std::string(to_string(type.elem)) +
                 " cannot be filled with a value of type " + std::string(to_string(init.type()))};
  }
  if (auto ok = check_limits(type.limits, zwasm::Table::kMaxElements, "elements"); !ok.ok())
    return ok.error();
  zwasm::TableType internal{to_internal(type.elem), to_internal(type.limits)};
  auto table = state_->store.create_table(internal, init.bits());
  if (!table.ok()) return to_public(table.error());
  return Access::wrap<Table>(table.value());
}

}  // namespace zwasm::api
