// Name-based import resolution (spec 4.5.4 step "resolve imports" is the embedder's job): a
// Linker maps (module, name) to external values, then instantiates modules against them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "runtime/store/store.h"

namespace zwasm {

class Linker {
 public:
  // Defines (or replaces) the item importable as module.name.
  void define(const std::string& module, const std::string& name, Extern item);
  // Creates a host function in `store` and defines it as module.name.
  Function* define_func(ObjectStore& store, const std::string& module, const std::string& name,
                        FuncType type, HostCallback callback);
  // Makes every export of `instance` importable under module name `module`.
  void define_instance(const std::string& module, const Instance& instance);

  std::optional<Extern> find(const std::string& module, const std::string& name) const;

  // Resolves `module`'s imports by name and instantiates it. An import with no definition is a
  // link error naming it ("unknown import: env.f"); a definition of the wrong kind or type is
  // the instantiate() error ("incompatible import type ...").
  InstantiateResult instantiate(ObjectStore& store, std::shared_ptr<const Module> module) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern, std::less<>> items_;
};

}  // namespace zwasm
