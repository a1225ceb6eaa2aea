// `zwasm inspect`: a module's shape, as aligned tables or (--json) one JSON object.
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/json_writer.h"
#include "cli/load.h"

namespace zwasm::cli {

namespace {

// Names come from the module: show control characters escaped so a table stays one line each.
std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  return out;
}

std::string limits_text(const Limits& l) {
  std::string s = "min " + std::to_string(l.min);
  s += l.max ? ", max " + std::to_string(*l.max) : ", no max";
  return s;
}

std::string table_type_text(const TableType& t) {
  return std::string(valtype_name(t.elem)) + ", " + limits_text(t.limits);
}
std::string memory_type_text(const MemoryType& m) { return "pages " + limits_text(m.limits); }
std::string global_type_text(const GlobalType& g) {
  return g.mut ? std::string("mut ") + valtype_name(g.type) : std::string(valtype_name(g.type));
}

// The text-format spelling of a constant expression (spec 6.5.x), e.g. "i32.const -1".
std::string const_expr_text(const ConstExpr& e) {
  char buf[96];
  switch (e.kind) {
    case ConstExpr::Kind::I32:
      std::snprintf(buf, sizeof buf, "i32.const %" PRId32, int32_t(uint32_t(e.lo)));
      return buf;
    case ConstExpr::Kind::I64:
      std::snprintf(buf, sizeof buf, "i64.const %" PRId64, int64_t(e.lo));
      return buf;
    case ConstExpr::Kind::F32: {
      float f;
      uint32_t bits = uint32_t(e.lo);
      std::memcpy(&f, &bits, 4);
      std::snprintf(buf, sizeof buf, "f32.const %.9g", double(f));
      return buf;
    }
    case ConstExpr::Kind::F64: {
      double d;
      std::memcpy(&d, &e.lo, 8);
      std::snprintf(buf, sizeof buf, "f64.const %.17g", d);
      return buf;
    }
    case ConstExpr::Kind::V128:
      std::snprintf(buf, sizeof buf, "v128.const i64x2 0x%016" PRIx64 " 0x%016" PRIx64, e.lo, e.hi);
      return buf;
    case ConstExpr::Kind::RefNull:
      return e.type == ValType::ExternRef ? "ref.null extern" : "ref.null func";
    case ConstExpr::Kind::RefFunc: return "ref.func " + std::to_string(e.index);
    case ConstExpr::Kind::GlobalGet: return "global.get " + std::to_string(e.index);
  }
  return "?";
}

// The type of an import or export of `kind` at `index` in its index space, as text.
std::string extern_type_text(const Module& m, ExternKind kind, uint32_t index) {
  switch (kind) {
    case ExternKind::Func: return m.func_type(index).to_string();
    case ExternKind::Table: return table_type_text(m.table_type(index));
    case ExternKind::Memory: return memory_type_text(m.memory_type(index));
    case ExternKind::Global: return global_type_text(m.global_type(index));
  }
  return "?";
}

void write_valtypes(JsonWriter& j, const std::vector<ValType>& types) {
  j.begin_inline_array();
  for (ValType t : types) j.value(valtype_name(t));
  j.end_array();
}

void write_limits(JsonWriter& j, const Limits& l) {
  j.member("min", l.min);
  j.member("max", l.max);
}

// The type of an import or export as a JSON object whose members depend on the kind.
void write_extern_type(JsonWriter& j, const Module& m, ExternKind kind, uint32_t index) {
  j.begin_object();
  switch (kind) {
    case ExternKind::Func: {
      const FuncType& t = m.func_type(index);
      j.key("params");
      write_valtypes(j, t.params);
      j.key("results");
      write_valtypes(j, t.results);
      break;
    }
    case ExternKind::Table: {
      TableType t = m.table_type(index);
      j.member("element", valtype_name(t.elem));
      write_limits(j, t.limits);
      break;
    }
    case ExternKind::Memory: write_limits(j, m.memory_type(index).limits); break;
    case ExternKind::Global: {
      GlobalType g = m.global_type(index);
      j.member("type", valtype_name(g.type));
      j.member("mutable", g.mut);
      break;
    }
  }
  j.end_object();
}

// Each import with its index in its kind's index space (imports come first in each).
struct ImportRow {
  const Import* import;
  uint32_t index;
};

struct Imports {
  std::vector<ImportRow> rows;                  // in import order
  std::vector<const Import*> by_kind[4];        // per ExternKind, in index-space order

  explicit Imports(const Module& m) {
    for (const Import& imp : m.imports) {
      auto& list = by_kind[uint8_t(imp.kind)];
      rows.push_back({&imp, uint32_t(list.size())});
      list.push_back(&imp);
    }
  }
  // The import that provides item `index` of `kind`, or null for a defined item.
  const Import* find(ExternKind kind, uint32_t index) const {
    const auto& list = by_kind[uint8_t(kind)];
    return index < list.size() ? list[index] : nullptr;
  }
  // Where the item comes from: "defined", or "import MODULE.NAME".
  std::string origin(ExternKind kind, uint32_t index) const {
    const Import* imp = find(kind, index);
    if (!imp) return "defined";
    return "import " + printable(imp->module) + "." + printable(imp->name);
  }
};

// Prints rows as columns separated by two spaces, each as wide as its widest cell.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print() const {
    std::vector<size_t> width(rows_[0].size(), 0);
    for (const auto& row : rows_)
      for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    for (const auto& row : rows_) {
      std::string line = " ";
      for (size_t c = 0; c < row.size(); ++c) {
        line += ' ' + row[c];
        if (c + 1 < row.size()) line.append(width[c] - row[c].size() + 1, ' ');
      }
      std::printf("%s\n", line.c_str());
    }
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

void print_section_title(const char* title, size_t count) {
  std::printf("\n%s (%zu)%s\n", title, count, count == 0 ? ": none" : ":");
}

void print_text(const std::string& path, const Module& m) {
  const Imports imports(m);
  std::printf("module: %s\n", path.c_str());
  if (!m.module_name.empty()) std::printf("name: %s\n", printable(m.module_name).c_str());
  std::printf("types %zu, functions %u (%u imported), tables %u, memories %u, globals %u\n",
              m.types.size(), m.total_funcs(), m.num_imported_funcs, m.total_tables(),
              m.total_memories(), m.total_globals());
  std::printf("element segments %zu, data segments %zu, start function %s\n", m.elems.size(),
              m.datas.size(),
              m.start ? (std::to_string(*m.start) + " (" +
                         printable(m.func_display_name(*m.start)) + ")")
                            .c_str()
                      : "none");

  print_section_title("imports", m.imports.size());
  if (!m.imports.empty()) {
    TextTable t({"kind", "index", "module", "name", "type"});
    for (const ImportRow& r : imports.rows)
      t.add({extern_kind_name(r.import->kind), std::to_string(r.index), printable(r.import->module),
             printable(r.import->name), extern_type_text(m, r.import->kind, r.index)});
    t.print();
  }

  print_section_title("exports", m.exports.size());
  if (!m.exports.empty()) {
    TextTable t({"kind", "index", "name", "type"});
    for (const Export& e : m.exports)
      t.add({extern_kind_name(e.kind), std::to_string(e.index), printable(e.name),
             extern_type_text(m, e.kind, e.index)});
    t.print();
  }

  print_section_title("memories", m.total_memories());
  if (m.total_memories()) {
    TextTable t({"index", "min pages", "max pages", "origin"});
    for (uint32_t i = 0; i < m.total_memories(); ++i) {
      Limits l = m.memory_type(i).limits;
      t.add({std::to_string(i), std::to_string(l.min), l.max ? std::to_string(*l.max) : "none",
             imports.origin(ExternKind::Memory, i)});
    }
    t.print();
  }

  print_section_title("tables", m.total_tables());
  if (m.total_tables()) {
    TextTable t({"index", "element", "min", "max", "origin"});
    for (uint32_t i = 0; i < m.total_tables(); ++i) {
      TableType tt = m.table_type(i);
      t.add({std::to_string(i), valtype_name(tt.elem), std::to_string(tt.limits.min),
             tt.limits.max ? std::to_string(*tt.limits.max) : "none",
             imports.origin(ExternKind::Table, i)});
    }
    t.print();
  }

  print_section_title("globals", m.total_globals());
  if (m.total_globals()) {
    TextTable t({"index", "type", "init", "origin"});
    for (uint32_t i = 0; i < m.total_globals(); ++i) {
      bool imported = i < m.num_imported_globals;
      t.add({std::to_string(i), global_type_text(m.global_type(i)),
             imported ? "-" : const_expr_text(m.globals[i - m.num_imported_globals].init),
             imports.origin(ExternKind::Global, i)});
    }
    t.print();
  }

  print_section_title("custom sections", m.customs.size());
  if (!m.customs.empty()) {
    TextTable t({"name", "size"});
    for (const CustomSection& c : m.customs)
      t.add({printable(c.name), std::to_string(c.data_size)});
    t.print();
  }
}

void print_json(const std::string& path, const Module& m) {
  const Imports imports(m);
  JsonWriter j;
  j.begin_object();
  j.member("module", path);
  j.key("name");
  if (m.module_name.empty()) j.null();
  else j.value(m.module_name);

  j.key("counts");
  j.begin_object();
  j.member("types", m.types.size());
  j.member("functions", m.total_funcs());
  j.member("imported_functions", m.num_imported_funcs);
  j.member("tables", m.total_tables());
  j.member("memories", m.total_memories());
  j.member("globals", m.total_globals());
  j.member("element_segments", m.elems.size());
  j.member("data_segments", m.datas.size());
  j.member("custom_sections", m.customs.size());
  j.end_object();

  j.key("start");
  if (!m.start) {
    j.null();
  } else {
    j.begin_object();
    j.member("index", *m.start);
    j.member("name", m.func_display_name(*m.start));
    j.end_object();
  }

  j.key("imports");
  j.begin_array();
  for (const ImportRow& r : imports.rows) {
    j.begin_object();
    j.member("module", r.import->module);
    j.member("name", r.import->name);
    j.member("kind", extern_kind_name(r.import->kind));
    j.member("index", r.index);
    j.key("type");
    write_extern_type(j, m, r.import->kind, r.index);
    j.end_object();
  }
  j.end_array();

  j.key("exports");
  j.begin_array();
  for (const Export& e : m.exports) {
    j.begin_object();
    j.member("name", e.name);
    j.member("kind", extern_kind_name(e.kind));
    j.member("index", e.index);
    j.key("type");
    write_extern_type(j, m, e.kind, e.index);
    j.end_object();
  }
  j.end_array();

  // Memories, tables and globals: the whole index space, each naming its import if any.
  auto write_import_origin = [&](ExternKind kind, uint32_t i) {
    const Import* imp = imports.find(kind, i);
    j.key("import");
    if (!imp) {
      j.null();
      return;
    }
    j.begin_object();
    j.member("module", imp->module);
    j.member("name", imp->name);
    j.end_object();
  };

  j.key("memories");
  j.begin_array();
  for (uint32_t i = 0; i < m.total_memories(); ++i) {
    j.begin_object();
    j.member("index", i);
    write_limits(j, m.memory_type(i).limits);
    write_import_origin(ExternKind::Memory, i);
    j.end_object();
  }
  j.end_array();

  j.key("tables");
  j.begin_array();
  for (uint32_t i = 0; i < m.total_tables(); ++i) {
    TableType t = m.table_type(i);
    j.begin_object();
    j.member("index", i);
    j.member("element", valtype_name(t.elem));
    write_limits(j, t.limits);
    write_import_origin(ExternKind::Table, i);
    j.end_object();
  }
  j.end_array();

  j.key("globals");
  j.begin_array();
  for (uint32_t i = 0; i < m.total_globals(); ++i) {
    GlobalType g = m.global_type(i);
    j.begin_object();
    j.member("index", i);
    j.member("type", valtype_name(g.type));
    j.member("mutable", g.mut);
    j.key("init");
    if (i < m.num_imported_globals) j.null();
    else j.value(const_expr_text(m.globals[i - m.num_imported_globals].init));
    write_import_origin(ExternKind::Global, i);
    j.end_object();
  }
  j.end_array();

  j.key("custom_sections");
  j.begin_array();
  for (const CustomSection& c : m.customs) {
    j.begin_object();
    j.member("name", c.name);
    j.member("size", c.data_size);
    j.end_object();
  }
  j.end_array();

  j.end_object();
  std::fputs(j.str().c_str(), stdout);
}

}  // namespace

int inspect_command(const InspectOptions& opt) {
  auto loaded = load_module(opt.module_path);
  if (!loaded.ok()) return report_error(loaded.error().describe());
  if (opt.json) print_json(opt.module_path, **loaded);
  else print_text(opt.module_path, **loaded);
  return 0;
}

}  // namespace zwasm::cli
