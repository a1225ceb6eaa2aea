#include "runtime/store/linker.h"

namespace zwasm {

void Linker::define(const std::string& module, const std::string& name, Extern item) {
  items_[{module, name}] = item;
}

Function* Linker::define_func(ObjectStore& store, const std::string& module, const std::string& name,
                              FuncType type, HostCallback callback) {
  Function* f = store.create_host_function(std::move(type), std::move(callback), module + "." + name);
  define(module, name, Extern::func(f));
  return f;
}

void Linker::define_instance(const std::string& module, const Instance& instance) {
  for (const Export& exp : instance.module->exports) {
    if (auto item = instance.find_export(exp.name)) define(module, exp.name, *item);
  }
}

std::optional<Extern> Linker::find(const std::string& module, const std::string& name) const {
  auto it = items_.find(std::make_pair(module, name));
  if (it == items_.end()) return std::nullopt;
  return it->second;
}

InstantiateResult Linker::instantiate(ObjectStore& store, std::shared_ptr<const Module> module) const {
  std::vector<Extern> imports;
  imports.reserve(module->imports.size());
  for (const Import& imp : module->imports) {
    auto item = find(imp.module, imp.name);
    if (!item) {
      InstantiateResult r;
      r.error = Error{"unknown import: " + imp.module + "." + imp.name + " (" +
                          extern_kind_name(imp.kind) + ")",
                      imp.offset};
      return r;
    }
    imports.push_back(*item);
  }
  return zwasm::instantiate(store, std::move(module), imports);
}

}  // namespace zwasm
