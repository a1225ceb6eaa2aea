// decode_module: the module preamble and the section sequence (spec 5.5.2, 5.5.15, 5.5.16).
// The contents of each section are decoded in decoder_sections.cpp.
#include "runtime/wasm/decoder.h"

#include <cstring>
#include <string>

#include "runtime/wasm/decoder_internal.h"

namespace zwasm {

using namespace decoder_detail;

namespace {

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};  // "\0asm"
constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};

// Non-custom sections must appear at most once and in this order (spec 5.5.16); the data
// count section (id 12) sits between element and code. Returns 0 for custom sections.
int section_rank(uint8_t id) {
  switch (id) {
    case kTypeSection: return 1;
    case kImportSection: return 2;
    case kFunctionSection: return 3;
    case kTableSection: return 4;
    case kMemorySection: return 5;
    case kGlobalSection: return 6;
    case kExportSection: return 7;
    case kStartSection: return 8;
    case kElementSection: return 9;
    case kDataCountSection: return 10;
    case kCodeSection: return 11;
    case kDataSection: return 12;
    default: return 0;
  }
}

const char* section_name(uint8_t id) {
  switch (id) {
    case kCustomSection: return "custom";
    case kTypeSection: return "type";
    case kImportSection: return "import";
    case kFunctionSection: return "function";
    case kTableSection: return "table";
    case kMemorySection: return "memory";
    case kGlobalSection: return "global";
    case kExportSection: return "export";
    case kStartSection: return "start";
    case kElementSection: return "element";
    case kCodeSection: return "code";
    case kDataSection: return "data";
    case kDataCountSection: return "data count";
    default: return "unknown";
  }
}

using SectionDecoder = bool (*)(Reader&, Module&, const DecodeLimits&);

SectionDecoder section_decoder(uint8_t id) {
  switch (id) {
    case kTypeSection: return decode_type_section;
    case kImportSection: return decode_import_section;
    case kFunctionSection: return decode_function_section;
    case kTableSection: return decode_table_section;
    case kMemorySection: return decode_memory_section;
    case kGlobalSection: return decode_global_section;
    case kExportSection: return decode_export_section;
    case kStartSection: return decode_start_section;
    case kElementSection: return decode_element_section;
    case kCodeSection: return decode_code_section;
    case kDataSection: return decode_data_section;
    case kDataCountSection: return decode_data_count_section;
    default: return nullptr;
  }
}

// A section's reader is bounded by the section (and a code entry's by the entry), so running
// out of bytes there means a count or size disagrees with the content: say so, in the spec's
// words.
Error section_error(const Reader& section) {
  Error e = section.error();
  if (e.message == "unexpected end") e.message = "unexpected end of section or function";
  return e;
}

Result<void> decode_preamble(Reader& r) {
  const uint8_t* magic;
  if (!r.bytes(4, magic)) return r.error();
  if (std::memcmp(magic, kMagic, 4) != 0) return make_error("magic header not detected", 0);
  const uint8_t* version;
  if (!r.bytes(4, version)) return r.error();
  if (std::memcmp(version, kVersion, 4) != 0) return make_error("unknown binary version", 4);
  return {};
}

// custom ::= name byte* (spec 5.5.3). Only the name must be well-formed.
Result<void> decode_custom_section(Reader& section, const DecodeLimits& limits, Module& m,
                                   bool& seen_name_section) {
  CustomSection custom;
  if (!read_name(section, custom.name)) return section_error(section);
  custom.data_offset = section.offset();
  custom.data_size = section.remaining();
  // The first "name" section is decoded; its errors are ignored (it stays listed in customs).
  if (custom.name == "name" && !seen_name_section) {
    seen_name_section = true;
    decode_name_section(section.ptr(), section.remaining(), section.offset(), limits, m);
  }
  m.customs.push_back(std::move(custom));
  return {};
}

}  // namespace

Result<std::shared_ptr<Module>> decode_module(std::vector<uint8_t> bytes,
                                              const DecodeLimits& limits) {
  auto module = std::make_shared<Module>();
  Module& m = *module;
  m.bytes = std::move(bytes);  // never resized below: the offsets we record point into it
  Reader r(m.bytes.data(), m.bytes.size());
  ZW_TRY(decode_preamble(r));

  int last_rank = 0;
  bool seen_name_section = false;
  size_t function_section_offset = Error::kNoOffset;
  size_t code_section_offset = Error::kNoOffset;
  size_t data_count_offset = 0;
  while (!r.at_end()) {
    size_t section_start = r.offset();
    uint8_t id;
    uint32_t size;
    if (!r.u8(id)) return r.error();
    if (id > kDataCountSection) return make_error("malformed section id", section_start);
    if (!r.u32(size)) return r.error();
    size_t content_start = r.offset();
    if (size > r.remaining())
      return make_error("length out of bounds: " + std::string(section_name(id)) +
                            " section size " + std::to_string(size) + " exceeds the remaining " +
                            std::to_string(r.remaining()) + " bytes",
                        content_start);
    const uint8_t* content;
    if (!r.bytes(size, content)) return r.error();
    Reader section(content, size, content_start);

    if (id == kCustomSection) {
      ZW_TRY(decode_custom_section(section, limits, m, seen_name_section));
      continue;
    }
    int rank = section_rank(id);
    if (rank <= last_rank)
      return make_error("unexpected content after last section: " +
                            std::string(section_name(id)) + " section repeated or out of order",
                        section_start);
    last_rank = rank;
    if (id == kFunctionSection) function_section_offset = section_start;
    if (id == kCodeSection) code_section_offset = section_start;
    if (id == kDataCountSection) data_count_offset = section_start;

    if (!section_decoder(id)(section, m, limits)) return section_error(section);
    if (!section.at_end())
      return make_error("section size mismatch: " + std::string(section_name(id)) +
                            " section has " + std::to_string(section.remaining()) +
                            " bytes left over",
                        section.offset());
  }

  // Checked after all sections, so that a repeated section is reported as such (binary.wast).
  if (m.func_types.size() != m.codes.size())
    return make_error("function and code section have inconsistent lengths (" +
                          std::to_string(m.func_types.size()) + " functions, " +
                          std::to_string(m.codes.size()) + " bodies)",
                      code_section_offset != Error::kNoOffset ? code_section_offset
                                                              : function_section_offset);
  if (m.data_count && *m.data_count != m.datas.size())
    return make_error("data count and data section have inconsistent lengths (data count " +
                          std::to_string(*m.data_count) + ", " + std::to_string(m.datas.size()) +
                          " segments)",
                      data_count_offset);
  return module;
}

}  // namespace zwasm
