// `zwasm inspect`: a module's shape, as aligned tables or (--json) one JSON object.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <zwasm/zwasm.h>

#include "commands.h"
#include "json_writer.h"
#include "load.h"

namespace zwasm::cli {

namespace zw = zwasm::api;

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

std::string limits_text(const zw::Limits& l) {
  std::string s = "min " + std::to_string(l.min);
  s += l.max ? ", max " + std::to_string(*l.max) : ", no max";
  return s;
}

std::string name_of(zw::ValType t) { return std::string(zw::to_string(t)); }
std::string name_of(zw::ExternKind k) { return std::string(zw::to_string(k)); }

std::string table_type_text(const zw::TableType& t) {
  return name_of(t.elem) + ", " + limits_text(t.limits);
}
std::string memory_type_text(const zw::MemoryType& m) { return "pages " + limits_text(m.limits); }
std::string global_type_text(const zw::GlobalType& g) {
  return g.mut ? "mut " + name_of(g.type) : name_of(g.type);
}

// The type of an import or export, as text.
std::string extern_type_text(const zw::ExternType& t) {
  switch (t.kind) {
    case zw::ExternKind::Func: return t.func.to_string();
    case zw::ExternKind::Table: return table_type_text(t.table);
    case zw::ExternKind::Memory: return memory_type_text(t.memory);
    case zw::ExternKind::Global: return global_type_text(t.global);
  }
  return "?";
}

// Where an item of an index space comes from: "defined", or "import MODULE.NAME".
std::string origin_text(const std::optional<zw::ImportName>& import) {
  if (!import) return "defined";
  return "import " + printable(import->module) + "." + printable(import->name);
}

// A global's initialiser as text (the API spells constant expressions in the text format).
std::string init_text(const zw::GlobalInfo& g) { return g.init ? g.init->to_string() : "-"; }

std::string max_text(const zw::Limits& l) { return l.max ? std::to_string(*l.max) : "none"; }

size_t imported_functions(const zw::ModuleInfo& m) {
  size_t n = 0;
  for (const zw::FuncInfo& f : m.functions) n += f.import.has_value();
  return n;
}

void write_valtypes(JsonWriter& j, const std::vector<zw::ValType>& types) {
  j.begin_inline_array();
  for (zw::ValType t : types) j.value(zw::to_string(t));
  j.end_array();
}

void write_limits(JsonWriter& j, const zw::Limits& l) {
  j.member("min", l.min);
  j.member("max", l.max);
}

// The type of an import or export as a JSON object whose members depend on the kind.
void write_extern_type(JsonWriter& j, const zw::ExternType& t) {
  j.begin_object();
  switch (t.kind) {
    case zw::ExternKind::Func:
      j.key("params");
      write_valtypes(j, t.func.params);
      j.key("results");
      write_valtypes(j, t.func.results);
      break;
    case zw::ExternKind::Table:
      j.member("element", zw::to_string(t.table.elem));
      write_limits(j, t.table.limits);
      break;
    case zw::ExternKind::Memory: write_limits(j, t.memory.limits); break;
    case zw::ExternKind::Global:
      j.member("type", zw::to_string(t.global.type));
      j.member("mutable", t.global.mut);
      break;
  }
  j.end_object();
}

// "import": {"module": ..., "name": ...}, or null for an item the module defines.
void write_import_origin(JsonWriter& j, const std::optional<zw::ImportName>& import) {
  j.key("import");
  if (!import) {
    j.null();
    return;
  }
  j.begin_object();
  j.member("module", import->module);
  j.member("name", import->name);
  j.end_object();
}

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

void print_text(const std::string& path, const zw::ModuleInfo& m) {
  std::printf("module: %s\n", path.c_str());
  if (!m.name.empty()) std::printf("name: %s\n", printable(m.name).c_str());
  std::printf("types %zu, functions %zu (%zu imported), tables %zu, memories %zu, globals %zu\n",
              m.types.size(), m.functions.size(), imported_functions(m), m.tables.size(),
              m.memories.size(), m.globals.size());
  std::string start = "none";
  if (m.start)
    start = std::to_string(*m.start) + " (" + printable(m.functions[*m.start].name) + ")";
  std::printf("element segments %u, data segments %u, start function %s\n", m.element_segments,
              m.data_segments, start.c_str());

  print_section_title("imports", m.imports.size());
  if (!m.imports.empty()) {
    TextTable t({"kind", "index", "module", "name", "type"});
    for (const zw::ImportType& imp : m.imports)
      t.add({name_of(imp.type.kind), std::to_string(imp.index), printable(imp.module),
             printable(imp.name), extern_type_text(imp.type)});
    t.print();
  }

  print_section_title("exports", m.exports.size());
  if (!m.exports.empty()) {
    TextTable t({"kind", "index", "name", "type"});
    for (const zw::ExportType& e : m.exports)
      t.add({name_of(e.type.kind), std::to_string(e.index), printable(e.name),
             extern_type_text(e.type)});
    t.print();
  }

  print_section_title("memories", m.memories.size());
  if (!m.memories.empty()) {
    TextTable t({"index", "min pages", "max pages", "origin"});
    for (size_t i = 0; i < m.memories.size(); ++i) {
      const zw::Limits& l = m.memories[i].type.limits;
      t.add({std::to_string(i), std::to_string(l.min), max_text(l),
             origin_text(m.memories[i].import)});
    }
    t.print();
  }

  print_section_title("tables", m.tables.size());
  if (!m.tables.empty()) {
    TextTable t({"index", "element", "min", "max", "origin"});
    for (size_t i = 0; i < m.tables.size(); ++i) {
      const zw::TableType& tt = m.tables[i].type;
      t.add({std::to_string(i), name_of(tt.elem), std::to_string(tt.limits.min),
             max_text(tt.limits), origin_text(m.tables[i].import)});
    }
    t.print();
  }

  print_section_title("globals", m.globals.size());
  if (!m.globals.empty()) {
    TextTable t({"index", "type", "init", "origin"});
    for (size_t i = 0; i < m.globals.size(); ++i) {
      const zw::GlobalInfo& g = m.globals[i];
      t.add({std::to_string(i), global_type_text(g.type), init_text(g), origin_text(g.import)});
    }
    t.print();
  }

  print_section_title("custom sections", m.custom_sections.size());
  if (!m.custom_sections.empty()) {
    TextTable t({"name", "size"});
    for (const zw::CustomSectionInfo& c : m.custom_sections)
      t.add({printable(c.name), std::to_string(c.size)});
    t.print();
  }
}

void print_json(const std::string& path, const zw::ModuleInfo& m) {
  JsonWriter j;
  j.begin_object();
  j.member("module", path);
  j.key("name");
  if (m.name.empty()) j.null();
  else j.value(m.name);

  j.key("counts");
  j.begin_object();
  j.member("types", m.types.size());
  j.member("functions", m.functions.size());
  j.member("imported_functions", imported_functions(m));
  j.member("tables", m.tables.size());
  j.member("memories", m.memories.size());
  j.member("globals", m.globals.size());
  j.member("element_segments", m.element_segments);
  j.member("data_segments", m.data_segments);
  j.member("custom_sections", m.custom_sections.size());
  j.end_object();

  j.key("start");
  if (!m.start) {
    j.null();
  } else {
    j.begin_object();
    j.member("index", *m.start);
    j.member("name", m.functions[*m.start].name);
    j.end_object();
  }

  j.key("imports");
  j.begin_array();
  for (const zw::ImportType& imp : m.imports) {
    j.begin_object();
    j.member("module", imp.module);
    j.member("name", imp.name);
    j.member("kind", zw::to_string(imp.type.kind));
    j.member("index", imp.index);
    j.key("type");
    write_extern_type(j, imp.type);
    j.end_object();
  }
  j.end_array();

  j.key("exports");
  j.begin_array();
  for (const zw::ExportType& e : m.exports) {
    j.begin_object();
    j.member("name", e.name);
    j.member("kind", zw::to_string(e.type.kind));
    j.member("index", e.index);
    j.key("type");
    write_extern_type(j, e.type);
    j.end_object();
  }
  j.end_array();

  // Memories, tables and globals: the whole index space, each naming its import if any.
  j.key("memories");
  j.begin_array();
  for (size_t i = 0; i < m.memories.size(); ++i) {
    j.begin_object();
    j.member("index", i);
    write_limits(j, m.memories[i].type.limits);
    write_import_origin(j, m.memories[i].import);
    j.end_object();
  }
  j.end_array();

  j.key("tables");
  j.begin_array();
  for (size_t i = 0; i < m.tables.size(); ++i) {
    j.begin_object();
    j.member("index", i);
    j.member("element", zw::to_string(m.tables[i].type.elem));
    write_limits(j, m.tables[i].type.limits);
    write_import_origin(j, m.tables[i].import);
    j.end_object();
  }
  j.end_array();

  j.key("globals");
  j.begin_array();
  for (size_t i = 0; i < m.globals.size(); ++i) {
    const zw::GlobalInfo& g = m.globals[i];
    j.begin_object();
    j.member("index", i);
    j.member("type", zw::to_string(g.type.type));
    j.member("mutable", g.type.mut);
    j.key("init");
    if (g.init) j.value(g.init->to_string());
    else j.null();
    write_import_origin(j, g.import);
    j.end_object();
  }
  j.end_array();

  j.key("custom_sections");
  j.begin_array();
  for (const zw::CustomSectionInfo& c : m.custom_sections) {
    j.begin_object();
    j.member("name", c.name);
    j.member("size", c.size);
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
  const zw::ModuleInfo info = loaded->info();
  if (opt.json) print_json(opt.module_path, info);
  else print_text(opt.module_path, info);
  return 0;
}

}  // namespace zwasm::cli
