// The module reader's driver: the two passes, tokens and indices, and the binary's assembly.
#include "runtime/text/module_reader.h"

#include <algorithm>

#include "runtime/text/literals.h"
#include "runtime/text/wat.h"

namespace zwasm::text {

std::vector<uint8_t> ModuleReader::read(bool bare, std::string* name) {
  if (!bare) {
    expect_lparen();
    expect_keyword("module");
    // Scripts' "(module definition $id? ...)" (3.0's script syntax) is the same module.
    if (allow_definition_ && peek().is_keyword("definition")) next();
    if (auto id = accept_id()) module_name_ = *id;
    if (name) *name = module_name_;
    // "(module $id? binary "bytes"*)": the module's binary itself, as wasmtime's reader takes
    // it ("(module quote ...)" belongs to scripts: spec/wast.cpp).
    if (peek().is_keyword("binary")) {
      next();
      std::string bytes = read_strings();
      expect_rparen();
      return std::vector<uint8_t>(bytes.begin(), bytes.end());
    }
  }
  // "(@custom ...)" annotations are module fields here (annotations proposal); every other
  // annotation stays a comment.
  struct KeepCustom {
    Lexer& lexer;
    explicit KeepCustom(Lexer& l) : lexer(l) { lexer.keep_custom_annotations(true); }
    ~KeepCustom() { lexer.keep_custom_annotations(false); }
  } keep_custom(lex_);
  Lexer::State fields = lex_.save();
  scan_fields();

  // Explicit types first: every typeuse in the module may refer to them, and implicit types are
  // appended after them (spec 6.6.3).
  Lexer::State end = lex_.save();
  types_.resize(space(Space::Type).count);
  for (const auto& [at, index] : type_fields_) {
    lex_.restore(at);
    read_type_field(index);
  }
  for (uint32_t i = 0; i < types_.size(); ++i) type_indices_.emplace(types_[i], i);  // smallest
  lex_.restore(fields);
  for (;;) {
    Token t = peek();
    if (t.is(TokenKind::RParen) || t.is(TokenKind::Eof)) break;
    expect_lparen();
    Token keyword = next();
    if (keyword.is_keyword("type")) {
      skip_form();
      continue;
    }
    if (keyword.text == "@custom") {
      read_custom();
      continue;
    }
    read_field(keyword);
  }
  lex_.restore(end);
  if (!bare) expect_rparen();
  else if (!peek().is(TokenKind::Eof)) fail_expected(peek(), "a module field");
  return assemble();
}

uint64_t ModuleReader::read_u64(const char* what) {
  Token t = next();
  if (!t.is(TokenKind::Atom)) fail_expected(t, what);
  auto v = parse_unsigned(t.text, 64);
  if (!v) fail(t, "malformed or out-of-range " + std::string(what) + " \"" + std::string(t.text) + "\"");
  return *v;
}

// --- indices ------------------------------------------------------------------------------

void ModuleReader::define(Space s, const std::optional<std::string>& id, const Token& at) {
  IndexSpace& sp = space(s);
  if (id && !sp.ids.emplace(*id, sp.count).second)
    fail(at, std::string("duplicate ") + sp.what + " $" + *id);
  ++sp.count;
}

uint32_t ModuleReader::resolve(const Token& t, Space s) {
  IndexSpace& sp = space(s);
  if (t.is(TokenKind::Id)) {
    auto it = sp.ids.find(id_name(t.text));
    if (it == sp.ids.end()) fail(t, std::string("unknown ") + sp.what + " " + std::string(t.text));
    return it->second;
  }
  if (!t.is(TokenKind::Atom)) fail_expected(t, std::string("a ") + sp.what + " index");
  auto v = parse_unsigned(t.text, 32);
  if (!v) fail_expected(t, std::string("a ") + sp.what + " index");
  return uint32_t(*v);
}

uint32_t ModuleReader::read_index(Space s) { return resolve(next(), s); }

std::optional<uint32_t> ModuleReader::accept_index(Space s) {
  if (!peek_index()) return std::nullopt;
  return read_index(s);
}

// --- assembly -----------------------------------------------------------------------------

std::vector<uint8_t> ModuleReader::assemble() {
  BinaryWriter out;
  out.append("\0asm\1\0\0\0", 8);
  // Custom sections from "(@custom ...)", placed before or after a section (which need not be
  // there: the place is where it would be).
  auto customs = [&](uint8_t anchor, bool before) {
    for (const CustomSection& c : customs_) {
      if (c.anchor != anchor || c.before != before) continue;
      BinaryWriter body;
      body.name(c.name);
      body.append(c.bytes);
      out.section(0, body);
    }
  };
  auto section = [&](uint8_t id, uint32_t count, const BinaryWriter& body, bool counted = true) {
    customs(id, true);
    if (count > 0) {
      BinaryWriter s;
      if (counted) s.u32(count);
      s.append(body);
      out.section(id, s);
    }
    customs(id, false);
  };
  customs(CustomSection::kFirst, true);
  BinaryWriter types;
  for (const FuncSig& sig : types_) {
    types.u8(0x60);
    types.u32(uint32_t(sig.params.size()));
    for (const EncodedType& t : sig.params) types.append(t);
    types.u32(uint32_t(sig.results.size()));
    for (const EncodedType& t : sig.results) types.append(t);
  }
  section(1, uint32_t(types_.size()), types);
  section(2, num_imports_, imports_);
  section(3, num_functions_, functions_);
  section(4, num_tables_, tables_);
  section(5, num_memories_, memories_);
  section(13, num_tags_, tags_);
  section(6, num_globals_, globals_);
  section(7, num_exports_, exports_);
  section(8, has_start_ ? 1 : 0, start_, /*counted=*/false);
  section(9, num_elems_, elems_);
  BinaryWriter data_count;
  data_count.u32(num_datas_);
  section(12, uses_data_count_ ? 1 : 0, data_count, /*counted=*/false);
  section(10, num_functions_, codes_);
  section(11, num_datas_, datas_);

  // The name section (spec 7.4.1, and the extended name section's subsections for the other
  // index spaces): every identifier, as wasmtime's reader writes them, so traps and stack
  // traces name functions and tools print the names the source used.
  BinaryWriter names;
  if (!module_name_.empty()) {
    BinaryWriter sub;
    sub.name(module_name_);
    names.section(0, sub);
  }
  auto name_map = [&](uint8_t subsection, Space s) {
    const IndexSpace& sp = space(s);
    if (sp.ids.empty()) return;
    std::vector<std::pair<uint32_t, std::string_view>> sorted;
    for (const auto& [id, index] : sp.ids) sorted.push_back({index, id});
    std::sort(sorted.begin(), sorted.end());
    BinaryWriter sub;
    sub.u32(uint32_t(sorted.size()));
    for (auto& [index, name] : sorted) {
      sub.u32(index);
      sub.name(name);
    }
    names.section(subsection, sub);
  };
  name_map(1, Space::Func);
  if (!local_names_.empty()) {
    BinaryWriter sub;
    sub.u32(uint32_t(local_names_.size()));
    for (const auto& [func, locals] : local_names_) {
      sub.u32(func);
      sub.u32(uint32_t(locals.size()));
      for (const auto& [index, name] : locals) {
        sub.u32(index);
        sub.name(name);
      }
    }
    names.section(2, sub);
  }
  name_map(4, Space::Type);
  name_map(5, Space::Table);
  name_map(6, Space::Memory);
  name_map(7, Space::Global);
  name_map(8, Space::Elem);
  name_map(9, Space::Data);
  name_map(11, Space::Tag);
  if (!names.empty()) {
    BinaryWriter section;
    section.name("name");
    section.append(names);
    out.section(0, section);
  }
  customs(CustomSection::kLast, false);
  return std::move(out.bytes());
}

}  // namespace zwasm::text
