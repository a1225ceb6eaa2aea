// The embedding API's Linker: host functions (typed ones arrive here through typed.h as raw cell
// callbacks), definitions by name, and instantiation with link errors and traps kept apart.
#include "runtime/api/api_internal.h"

namespace zwasm::api {

using detail::Access;
using detail::to_internal;
using detail::to_public;

Linker::Linker(Store& store)
    : store_(&Access::state(store)), linker_(std::make_unique<zwasm::Linker>()) {}
Linker::~Linker() = default;
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;

Func Linker::define_raw(std::string_view module, std::string_view name, FuncType type,
                        detail::RawHostFunc callback) {
  // The runtime's host-call convention (runtime/store/function.h): cells in, cells out, a Trap
  // back. An exception the callback throws becomes a host trap in the runtime's host-call thunk.
  auto host = [callback = std::move(callback)](zwasm::HostCall& call, const zwasm::Cell* args,
                                               zwasm::Cell* results) -> zwasm::Trap {
    Caller caller = Access::make_caller(call.caller);
    callback(caller, args, results);
    if (const auto& message = Access::trap_message(caller)) return detail::host_trap(*message);
    return {};
  };
  zwasm::Function* f = linker_->define_func(store_->store, std::string(module),
                                            std::string(name), to_internal(type), std::move(host));
  return Access::wrap<Func>(f);
}

Func Linker::func(std::string_view module, std::string_view name, FuncType type,
                  HostFunc callback) {
  std::string display = std::string(module) + "." + std::string(name);
  auto raw = [type, callback = std::move(callback), display = std::move(display)](
                 Caller& caller, const uint64_t* args, uint64_t* results) {
    // Read every argument before writing a result: the cell buffers alias.
    std::vector<Value> in;
    in.reserve(type.params.size());
    uint32_t at = 0;
    for (ValType t : type.params) {
      at = detail::place_value(at, t);
      in.push_back(Value::from_bits(t, args[at], t == ValType::V128 ? args[at + 1] : 0));
      at += detail::cells_of(t);
    }
    std::vector<Value> out;
    out.reserve(type.results.size());
    for (ValType t : type.results) out.push_back(Value::from_bits(t, 0, 0));
    callback(caller, in, out);
    if (caller.trapped()) return;
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i].type() != type.results[i]) {
        caller.trap("host function " + display + " returned a " +
                    std::string(to_string(out[i].type())) + " as result " + std::to_string(i) +
                    ", expected " + std::string(to_string(type.results[i])));
        return;
      }
    }
    at = 0;
    for (const Value& v : out) {
      at = detail::place_value(at, v.type());
      results[at] = v.bits();
      if (v.type() == ValType::V128) results[at + 1] = v.high_bits();
      at += detail::cells_of(v.type());
    }
  };
  return define_raw(module, name, std::move(type), std::move(raw));
}

void Linker::define(std::string_view module, std::string_view name, const Func& item) {
  linker_->define(std::string(module), std::string(name), zwasm::Extern::func(Access::raw(item)));
}
void Linker::define(std::string_view module, std::string_view name, const Memory& item) {
  linker_->define(std::string(module), std::string(name),
                  zwasm::Extern::memory(Access::raw(item)));
}
void Linker::define(std::string_view module, std::string_view name, const Global& item) {
  linker_->define(std::string(module), std::string(name),
                  zwasm::Extern::global(Access::raw(item)));
}
void Linker::define(std::string_view module, std::string_view name, const Table& item) {
  linker_->define(std::string(module), std::string(name), zwasm::Extern::table(Access::raw(item)));
}

void Linker::define_instance(std::string_view module, const Instance& instance) {
  linker_->define_instance(std::string(module), *Access::raw(instance));
}

Result<Instance, InstantiationError> Linker::instantiate(const Module& module) {
  zwasm::InstantiateResult r = linker_->instantiate(store_->store, Access::raw(module));
  InstantiationError failure;
  if (r.error) {
    failure.kind = InstantiationError::Kind::Link;
    failure.link = to_public(*r.error);
    return failure;
  }
  if (!r.trap.ok()) {
    failure.kind = InstantiationError::Kind::Trap;
    failure.trap = to_public(std::move(r.trap));
    return failure;
  }
  return Access::wrap<Instance>(r.instance);
}

}  // namespace zwasm::api
