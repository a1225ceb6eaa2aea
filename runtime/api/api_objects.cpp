// The embedding API's handles to store objects: memories, globals, tables, functions,
// instances, and the Caller a host function sees.
#include <algorithm>
#include <cstring>

#include "runtime/api/api_internal.h"

namespace zwasm::api {

using detail::Access;
using detail::invalid_call;
using detail::to_internal;
using detail::to_public;

// ---- Memory ------------------------------------------------------------------------------------

MemoryType Memory::type() const { return MemoryType{to_public(raw_->type().limits)}; }
uint64_t Memory::size() const { return raw_->size_bytes(); }
uint64_t Memory::pages() const { return raw_->pages(); }

Result<uint64_t> Memory::grow(uint64_t delta_pages) const {
  int64_t old_pages = raw_->grow(delta_pages);
  if (old_pages < 0) {
    return Error{"cannot grow memory of " + std::to_string(raw_->pages()) + " pages by " +
                 std::to_string(delta_pages) + " pages"};
  }
  return uint64_t(old_pages);
}

Result<std::span<uint8_t>> Memory::view(uint64_t offset, uint64_t length) const {
  // Phrased so that no sum can overflow: hostile offsets and lengths are any 64-bit values.
  const uint64_t size = raw_->size_bytes();
  if (offset > size || length > size - offset) {
    return Error{"out of bounds memory access: " + std::to_string(length) + " bytes at offset " +
                 std::to_string(offset) + ", memory size " + std::to_string(size)};
  }
  return std::span<uint8_t>(raw_->base() + offset, size_t(length));
}

Result<void> Memory::read(uint64_t offset, std::span<uint8_t> out) const {
  auto bytes = view(offset, out.size());
  if (!bytes.ok()) return bytes.error();
  if (!out.empty()) std::memcpy(out.data(), bytes->data(), out.size());
  return {};
}

Result<void> Memory::write(uint64_t offset, std::span<const uint8_t> in) const {
  auto bytes = view(offset, in.size());
  if (!bytes.ok()) return bytes.error();
  if (!in.empty()) std::memmove(bytes->data(), in.data(), in.size());  // `in` may be a view too
  return {};
}

Result<std::string> Memory::read_string(uint64_t offset, uint64_t length) const {
  auto bytes = view(offset, length);
  if (!bytes.ok()) return bytes.error();
  return std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size());
}

// ---- Global ------------------------------------------------------------------------------------

GlobalType Global::type() const { return GlobalType{to_public(raw_->type.type), raw_->type.mut}; }
Value Global::get() const { return to_public(raw_->get()); }

Result<void> Global::set(const Value& value) const {
  // Only mutable globals change (spec 4.4.4 global.set; the embedding's global_write, spec 7.1.7).
  if (!raw_->type.mut) return Error{"cannot set an immutable global"};
  if (value.type() != to_public(raw_->type.type)) {
    return Error{"cannot set a global of type " + std::string(to_string(type().type)) +
                 " to a value of type " + std::string(to_string(value.type()))};
  }
  raw_->set(to_internal(value));
  return {};
}

// ---- Table -------------------------------------------------------------------------------------

TableType Table::type() const {
  return TableType{to_public(raw_->elem_type()), to_public(raw_->type().limits)};
}
uint32_t Table::size() const { return raw_->size(); }

namespace {

Error table_out_of_bounds(uint32_t index, uint32_t size) {
  return Error{"out of bounds table access: index " + std::to_string(index) + ", table size " +
               std::to_string(size)};
}

Result<void> check_elem(const zwasm::Table& table, const Value& value) {
  if (value.type() != to_public(table.elem_type())) {
    return Error{"a table of " + std::string(to_string(to_public(table.elem_type()))) +
                 " cannot hold a value of type " + std::string(to_string(value.type()))};
  }
  return {};
}

}  // namespace

Result<Value> Table::get(uint32_t index) const {
  if (index >= raw_->size()) return table_out_of_bounds(index, raw_->size());
  return Value::from_bits(to_public(raw_->elem_type()), raw_->get(index));
}

Result<void> Table::set(uint32_t index, const Value& value) const {
  if (auto ok = check_elem(*raw_, value); !ok.ok()) return ok;
  if (index >= raw_->size()) return table_out_of_bounds(index, raw_->size());
  raw_->set(index, value.bits());
  return {};
}

Result<uint32_t> Table::grow(uint32_t delta, const Value& init) const {
  if (auto ok = check_elem(*raw_, init); !ok.ok()) return ok.error();
  int64_t old_size = raw_->grow(delta, init.bits());
  if (old_size < 0) {
    return Error{"cannot grow table of " + std::to_string(raw_->size()) + " elements by " +
                 std::to_string(delta)};
  }
  return uint32_t(old_size);
}

// ---- Func --------------------------------------------------------------------------------------

FuncType Func::type() const { return to_public(*raw_->type); }
std::string Func::name() const { return raw_->display_name(); }

Result<void, Trap> Func::invoke(std::span<const Value> args, std::vector<Value>& results) const {
  // `args` may view `results` (invoke(name, &v, &v)): read all of it before touching results.
  const zwasm::FuncType& type = *raw_->type;
  if (args.size() != type.params.size()) {
    return invalid_call("function " + name() + " takes " + std::to_string(type.params.size()) +
                        " arguments, got " + std::to_string(args.size()));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (to_internal(args[i].type()) != type.params[i]) {
      return invalid_call("function " + name() + ": argument " + std::to_string(i) + " has type " +
                          std::string(to_string(args[i].type())) + ", expected " +
                          zwasm::valtype_name(type.params[i]));
    }
  }
  // Arguments in, results out, in one cell buffer: on the stack unless the function is wide.
  constexpr size_t kStackCells = 16;
  const size_t cells_needed = std::max<size_t>({raw_->param_cells, raw_->result_cells, 1});
  uint64_t stack_cells[kStackCells];
  std::vector<uint64_t> heap_cells;
  uint64_t* cells = stack_cells;
  if (cells_needed > kStackCells) {
    heap_cells.resize(cells_needed);
    cells = heap_cells.data();
  }
  uint32_t at = 0;
  for (const Value& v : args) {
    at = detail::place_value(at, v.type());
    cells[at] = v.bits();
    if (v.type() == ValType::V128) cells[at + 1] = v.high_bits();
    at += detail::cells_of(v.type());
  }
  zwasm::Trap trap = zwasm::execute(raw_, cells);
  results.clear();
  if (!trap.ok()) return to_public(std::move(trap));
  results.reserve(type.results.size());
  at = 0;
  for (zwasm::ValType t : type.results) {
    at = zwasm::place_value(at, t);
    bool v128 = t == zwasm::ValType::V128;
    results.push_back(Value::from_bits(to_public(t), cells[at], v128 ? cells[at + 1] : 0));
    at += zwasm::cells_of(t);
  }
  return {};
}

namespace detail {

namespace {

// A plain loop: signatures are a few types long, shorter than a memcmp call's set-up.
bool same_types(const std::vector<zwasm::ValType>& actual, const ValType* expected, size_t n) {
  if (actual.size() != n) return false;
  for (size_t i = 0; i < n; ++i)
    if (to_public(actual[i]) != expected[i]) return false;
  return true;
}

}  // namespace

bool has_signature(const zwasm::Function* func, const ValType* params, size_t num_params,
                   const ValType* results, size_t num_results) {
  return same_types(func->type->params, params, num_params) &&
         same_types(func->type->results, results, num_results);
}

std::optional<Trap> call_cells(zwasm::Function* func, uint64_t* cells) {
  if (zwasm::call_from_host(func, cells)) [[likely]] return std::nullopt;
  return to_public(zwasm::take_trap(func->store->exec()));
}

Trap signature_mismatch(const zwasm::Function* func, const ValType* params, size_t num_params,
                        const ValType* results, size_t num_results) {
  FuncType expected{std::vector<ValType>(params, params + num_params),
                    std::vector<ValType>(results, results + num_results)};
  return invalid_call("function " + func->display_name() + " has type " +
                      to_public(*func->type).to_string() + ", called as " + expected.to_string());
}

}  // namespace detail

// ---- Instance ----------------------------------------------------------------------------------

namespace {

std::optional<zwasm::Extern> find_export(const zwasm::Instance& inst, std::string_view name,
                                         zwasm::ExternKind kind) {
  auto ext = inst.find_export(name);
  if (!ext || ext->kind != kind) return std::nullopt;
  return ext;
}

}  // namespace

std::optional<Func> Instance::func(std::string_view name) const {
  auto ext = find_export(*raw_, name, zwasm::ExternKind::Func);
  if (!ext) return std::nullopt;
  return Access::wrap<Func>(ext->as_func());
}

std::optional<Memory> Instance::memory(std::string_view name) const {
  auto ext = find_export(*raw_, name, zwasm::ExternKind::Memory);
  if (!ext) return std::nullopt;
  return Access::wrap<Memory>(ext->as_memory());
}

std::optional<Global> Instance::global(std::string_view name) const {
  auto ext = find_export(*raw_, name, zwasm::ExternKind::Global);
  if (!ext) return std::nullopt;
  return Access::wrap<Global>(ext->as_global());
}

std::optional<Table> Instance::table(std::string_view name) const {
  auto ext = find_export(*raw_, name, zwasm::ExternKind::Table);
  if (!ext) return std::nullopt;
  return Access::wrap<Table>(ext->as_table());
}

std::vector<ExportType> Instance::exports() const { return module().exports(); }

Module Instance::module() const { return Access::wrap_module(raw_->module); }

Result<void, Trap> Instance::invoke(std::string_view name, const std::vector<Value>* args,
                                    std::vector<Value>* results) const {
  std::vector<Value> discarded;
  std::span<const Value> in;
  if (args) in = *args;
  return invoke(name, in, results ? *results : discarded);
}

Result<void, Trap> Instance::invoke(std::string_view name, std::span<const Value> args,
                                    std::vector<Value>& results) const {
  std::optional<Func> f = func(name);
  if (!f) return invalid_call("no exported function named \"" + std::string(name) + "\"");
  return f->invoke(args, results);
}

// ---- Caller ------------------------------------------------------------------------------------

std::optional<Instance> Caller::instance() const {
  if (!instance_) return std::nullopt;
  return Access::wrap<Instance>(instance_);
}

std::optional<Memory> Caller::memory() const {
  if (!instance_ || instance_->memories.empty()) return std::nullopt;
  return Access::wrap<Memory>(instance_->memories[0]);
}

void Caller::trap(std::string message) {
  trap_message_ = message.empty() ? std::string("host function trapped") : std::move(message);
}

}  // namespace zwasm::api
