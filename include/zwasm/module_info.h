// What a module declares, as plain data: Module::info() (zwasm.h) returns a ModuleInfo. For
// tools and diagnostics, e.g. `zwasm inspect`; running a module needs none of it. Included by
// zwasm.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zwasm/zwasm.h"

namespace zwasm::api {

/// Where an imported item comes from: its import's two names.
struct ImportName {
  std::string module;  ///< the import's module name, e.g. "env"
  std::string name;    ///< the import's item name
};

/// A constant expression (spec 3.3.10), as a defined global's initialiser. In WebAssembly 2.0 it
/// is one instruction.
struct ConstExpr {
  /// The instruction.
  enum class Kind : uint8_t {
    Const,      ///< i32/i64/f32/f64/v128.const: `value` holds the constant
    RefNull,    ///< ref.null: `value` is the null reference of its type
    RefFunc,    ///< ref.func `index`
    GlobalGet,  ///< global.get `index` (an imported global)
  };
  Kind kind = Kind::Const;  ///< which instruction
  Value value;              ///< Const and RefNull: the value it produces
  uint32_t index = 0;       ///< RefFunc: a function index; GlobalGet: a global index
  /// The instruction in the text format (spec 6.5): "i32.const -1", "f64.const 3.5",
  /// "v128.const i64x2 0x... 0x..." (low half first), "ref.null func", "ref.func 2",
  /// "global.get 0". Integers print signed; floats with enough digits to read back the same
  /// value (C's %.9g and %.17g: "inf", "nan"). Kept here, not in a tool, because the spelling is
  /// the text format's, the same for every embedder.
  std::string to_string() const;
};

/// A function of a module's function index space.
struct FuncInfo {
  FuncType type;                     ///< its type
  std::string name;                  ///< from the name section, else "func[N]" (as Func::name)
  std::optional<ImportName> import;  ///< the import it comes from; nullopt when defined here
};

/// A table of a module's table index space.
struct TableInfo {
  TableType type;                    ///< element type and declared limits
  std::optional<ImportName> import;  ///< the import it comes from; nullopt when defined here
};

/// A memory of a module's memory index space.
struct MemoryInfo {
  MemoryType type;                   ///< declared limits, in pages
  std::optional<ImportName> import;  ///< the import it comes from; nullopt when defined here
};

/// A global of a module's global index space.
struct GlobalInfo {
  GlobalType type;                   ///< value type and mutability
  std::optional<ImportName> import;  ///< the import it comes from; nullopt when defined here
  std::optional<ConstExpr> init;     ///< a defined global's initialiser; nullopt when imported
};

/// A custom section (spec 5.5.3).
struct CustomSectionInfo {
  std::string name;  ///< its name, e.g. "name" or "producers"
  size_t size = 0;   ///< the size of its contents (after the name), in bytes
};

/// Everything a module declares (Module::info()). Each index space lists the imported items
/// first, in import order, then the module's own (spec 2.5.1), so an item's position in its
/// vector is its index, the one ImportType::index, ExportType::index and `start` name.
struct ModuleInfo {
  std::string name;                 ///< the module name from the name section, or ""
  std::vector<FuncType> types;      ///< the type section, in order
  std::vector<FuncInfo> functions;  ///< the function index space
  std::vector<TableInfo> tables;    ///< the table index space
  std::vector<MemoryInfo> memories; ///< the memory index space
  std::vector<GlobalInfo> globals;  ///< the global index space
  std::vector<ImportType> imports;  ///< the imports, in declaration order (as Module::imports)
  std::vector<ExportType> exports;  ///< the exports, in declaration order (as Module::exports)
  std::optional<uint32_t> start;    ///< the start function's index, if there is one
  uint32_t element_segments = 0;    ///< the number of element segments
  uint32_t data_segments = 0;       ///< the number of data segments
  std::vector<CustomSectionInfo> custom_sections;  ///< in the order they appear in the binary
};

}  // namespace zwasm::api
