// Binary decoder: preamble, section framing and order, names and UTF-8, hostile counts
// (spec 5.5.2, 5.5.3, 5.5.15, 5.5.16, 5.2.4). Entry-level section contents are in
// test_decoder_sections.cpp.
#include <doctest/doctest.h>

#include "runtime/wasm/decoder.h"
#include "tests/decoder_test_util.h"

using namespace zwasm;
using namespace zwasm::test;

TEST_CASE("decoder: the empty module") {
  auto r = decode_module(module({}));
  REQUIRE(r.ok());
  const Module& m = **r;
  CHECK(m.types.empty());
  CHECK(m.total_funcs() == 0);
  CHECK_FALSE(m.start.has_value());
  CHECK_FALSE(m.data_count.has_value());
  CHECK(m.bytes.size() == 8);
}

TEST_CASE("decoder: preamble errors") {
  CHECK(fails_with({}, "unexpected end"));
  CHECK(fails_with({0x00, 0x61, 0x73}, "unexpected end"));
  CHECK(fails_with({0x00, 0x61, 0x73, 0x6D}, "unexpected end"));
  CHECK(fails_with({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00}, "unexpected end"));
  CHECK(fails_with({0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00}, "magic header not detected"));
  CHECK(fails_with({0xEF, 0xBB, 0xBF, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00},
                   "magic header not detected"));
  CHECK(fails_with({0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00}, "unknown binary version"));
  CHECK(fails_with({0x00, 0x61, 0x73, 0x6D, 0x00, 0x00, 0x00, 0x01}, "unknown binary version"));

  auto r = decode_module({0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x00, 0x00});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().offset == 4);
}

TEST_CASE("decoder: section ids") {
  CHECK(fails_with(module({Bytes{0x0D, 0x00}}), "malformed section id"));
  CHECK(fails_with(module({Bytes{0x7F, 0x00}}), "malformed section id"));
  // The id is a plain byte, not a LEB128: 0x80 is not a continuation of id 0.
  CHECK(fails_with(module({Bytes{0x80, 0x00, 0x00}}), "malformed section id"));
  auto r = decode_module(module({Bytes{0x0E, 0x01, 0x00}}));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().offset == 8);
}

TEST_CASE("decoder: section order and repetition") {
  const char* kOrder = "unexpected content after last section";
  // Every non-custom section in the required order, data count between element and code.
  auto ok = decode_module(module({
      type_section_void_to_void(),   // 1
      section(2, {0x00}),            // import
      one_function(),                // 3
      section(4, {0x00}),            // table
      section(5, {0x00}),            // memory
      section(6, {0x00}),            // global
      section(7, {0x00}),            // export
      section(8, {0x00}),            // start
      section(9, {0x00}),            // element
      section(12, {0x00}),           // data count
      one_empty_body(),              // 10
      section(11, {0x00}),           // data
  }));
  CHECK(ok.ok());
  CHECK(fails_with(module({section(2, {0x00}), section(1, {0x00})}), kOrder));
  CHECK(fails_with(module({section(1, {0x00}), section(1, {0x00})}), kOrder));
  CHECK(fails_with(module({section(10, {0x00}), section(12, {0x00})}), kOrder));
  CHECK(fails_with(module({section(12, {0x00}), section(9, {0x00})}), kOrder));
  CHECK(fails_with(module({section(11, {0x00}), section(10, {0x00})}), kOrder));
  CHECK(fails_with(module({section(12, {0x00}), section(12, {0x00})}), kOrder));
  // A repeated section is reported as such even when counts would disagree too.
  CHECK(fails_with(module({type_section_void_to_void(), section(3, {0x02, 0x00, 0x00}),
                           one_empty_body(), one_empty_body()}),
                   kOrder));
}

TEST_CASE("decoder: section sizes") {
  // One type declared, two given: content left over.
  CHECK(fails_with(module({section(1, {0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00})}),
                   "section size mismatch"));
  // Two declared, one given: the entry runs past the section.
  CHECK(fails_with(module({section(1, {0x02, 0x60, 0x00, 0x00})}), "unexpected end"));
  // A section claiming more bytes than the module has.
  CHECK(fails_with(module({Bytes{0x01, 0x07, 0x01, 0x60, 0x00, 0x00}}), "length out of bounds"));
  // The size itself truncated or malformed.
  CHECK(fails_with(module({Bytes{0x01}}), "unexpected end"));
  CHECK(fails_with(module({Bytes{0x01, 0x80}}), "unexpected end"));
  CHECK(fails_with(module({Bytes{0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}}),
                   "integer representation too long"));
  // A section ending inside an entry whose size is otherwise consistent with the module.
  auto r = decode_module(module({Bytes{0x01, 0x03, 0x01, 0x60, 0x00}, section(3, {0x00})}));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.rfind("unexpected end", 0) == 0);
  CHECK(r.error().offset == 13);  // where the read ran out: the end of the type section
}

TEST_CASE("decoder: custom sections anywhere, kept with their payload") {
  Bytes custom_a = section(0, cat({name("a custom section"), Bytes{'x', 'y', 'z'}}));
  Bytes custom_empty = section(0, name(""));
  auto r = decode_module(module({custom_a, type_section_void_to_void(), custom_empty,
                                 one_function(), custom_a, one_empty_body(), custom_a}));
  REQUIRE(r.ok());
  const Module& m = **r;
  REQUIRE(m.customs.size() == 4);
  CHECK(m.customs[0].name == "a custom section");
  CHECK(m.customs[0].data_size == 3);
  // header 8 + id 1 + size 1 + name (1 + 16) = 27
  CHECK(m.customs[0].data_offset == 27);
  CHECK(m.bytes[m.customs[0].data_offset] == 'x');
  CHECK(m.customs[1].name.empty());
  CHECK(m.customs[1].data_size == 0);

  // The name must fit inside the section.
  CHECK(fails_with(module({Bytes{0x00, 0x00}}), "unexpected end"));
  CHECK(fails_with(module({Bytes{0x00, 0x01, 0x05}}), "unexpected end"));
  // A custom section whose size is one short leaves its last payload byte to be read as
  // the next section id.
  CHECK(fails_with(module({Bytes{0x00, 0x01, 0x00, 0x41}}), "malformed section id"));
}

TEST_CASE("decoder: the name section") {
  Bytes names = cat({name("name"),
                     // module name subsection
                     section(0, name("mod")),
                     // function names: func 0 "first", func 1 "second"
                     section(1, cat({Bytes{0x02, 0x00}, name("first"), Bytes{0x01},
                                     name("second")})),
                     // local names: skipped
                     section(2, {0x00})});
  Bytes two_functions = section(3, {0x02, 0x00, 0x00});
  Bytes two_bodies = section(10, {0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B});
  auto r = decode_module(module({type_section_void_to_void(), two_functions, two_bodies,
                                 section(0, names)}));
  REQUIRE(r.ok());
  const Module& m = **r;
  CHECK(m.module_name == "mod");
  CHECK(m.func_names.size() == 2);
  CHECK(m.func_display_name(0) == "first");
  CHECK(m.func_display_name(1) == "second");
  CHECK(m.func_display_name(7) == "func[7]");
  CHECK(m.customs.size() == 1);

  SUBCASE("a malformed name section is ignored, not an error") {
    Bytes truncated = cat({name("name"), section(1, {0x05, 0x00})});        // 5 names, 0 given
    Bytes bad_utf8 = cat({name("name"), section(0, {0x01, 0xFF})});
    Bytes out_of_order = cat({name("name"), section(1, {0x00}), section(0, name("m"))});
    Bytes size_mismatch = cat({name("name"), section(0, cat({name("m"), Bytes{0x00}}))});
    Bytes sub_overrun = cat({name("name"), Bytes{0x00, 0x09, 0x01, 'm'}});
    for (const Bytes& payload : {truncated, bad_utf8, out_of_order, size_mismatch, sub_overrun}) {
      auto bad = decode_module(module({type_section_void_to_void(), one_function(),
                                       one_empty_body(), section(0, payload)}));
      REQUIRE(bad.ok());
      CHECK((*bad)->module_name.empty());
      CHECK((*bad)->func_names.empty());
      CHECK((*bad)->customs.size() == 1);
    }
  }
}

namespace {

// An import section with one global import named `field` (the utf8-import-field.wast shape).
Bytes import_with_field(const Bytes& field) {
  return module({section(2, cat({Bytes{0x01}, name("test"), uleb(field.size()), field,
                                 Bytes{0x03, 0x7F, 0x00}}))});
}

}  // namespace

TEST_CASE("decoder: names must be valid UTF-8") {
  const char* kUtf8 = "malformed UTF-8 encoding";
  // Well-formed: ASCII, 2-, 3- and 4-byte sequences at their boundaries.
  for (Bytes ok : {Bytes{'a', 'b'}, Bytes{0xC2, 0x80}, Bytes{0xDF, 0xBF}, Bytes{0xE0, 0xA0, 0x80},
                   Bytes{0xED, 0x9F, 0xBF}, Bytes{0xEE, 0x80, 0x80}, Bytes{0xEF, 0xBF, 0xBF},
                   Bytes{0xF0, 0x90, 0x80, 0x80}, Bytes{0xF4, 0x8F, 0xBF, 0xBF}, Bytes{0x00},
                   Bytes{0xEF, 0xBB, 0xBF}}) {
    CAPTURE(hex(ok));
    CHECK(decode_error(import_with_field(ok)) == "");
  }
  // Ill-formed.
  for (Bytes bad : {
           Bytes{0x80},                    // lone continuation byte
           Bytes{0xBF},
           Bytes{0xC0, 0x80},              // overlong U+0000
           Bytes{0xC1, 0xBF},              // overlong U+007F
           Bytes{0xE0, 0x80, 0x80},        // overlong 3-byte
           Bytes{0xE0, 0x9F, 0xBF},        // overlong U+07FF
           Bytes{0xF0, 0x8F, 0xBF, 0xBF},  // overlong U+FFFF
           Bytes{0xED, 0xA0, 0x80},        // surrogate U+D800
           Bytes{0xED, 0xBF, 0xBF},        // surrogate U+DFFF
           Bytes{0xF4, 0x90, 0x80, 0x80},  // U+110000
           Bytes{0xF5, 0x80, 0x80, 0x80},  // lead byte beyond U+10FFFF
           Bytes{0xFF},
           Bytes{0xC2},                    // truncated sequences
           Bytes{0xE2, 0x8C},
           Bytes{0xF0, 0x9F, 0x98},
           Bytes{0xC2, 0x41},              // continuation byte missing
           Bytes{0xE2, 0x28, 0xA1},
           Bytes{0xF0, 0x90, 0x28, 0xBC},
       }) {
    CAPTURE(hex(bad));
    CHECK(fails_with(import_with_field(bad), kUtf8));
  }
  // Custom section names and export names are checked too.
  CHECK(fails_with(module({section(0, {0x02, 0xC0, 0x80})}), kUtf8));
  CHECK(fails_with(module({section(7, {0x01, 0x01, 0xFF, 0x00, 0x00})}), kUtf8));
}

TEST_CASE("decoder: hostile counts fail fast without allocating") {
  const char* kEnd = "unexpected end";
  // Below DecodeLimits::max_vector_count, so the check against the remaining bytes decides.
  Bytes huge = uleb(5'000'000);
  Bytes max_u32 = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
    CAPTURE(int(id));
    CHECK(fails_with(module({section(id, huge)}), kEnd));
    auto r = decode_module(module({section(id, max_u32)}));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().offset == 10);  // the count
  }
  // Nested vectors: a function type's params, a name's length, an element segment's items,
  // a body's local runs, a data segment's bytes.
  CHECK(fails_with(module({section(1, cat({Bytes{0x01, 0x60}, huge}))}), kEnd));
  CHECK(fails_with(module({section(2, cat({Bytes{0x01}, max_u32}))}), kEnd));
  CHECK(fails_with(module({section(9, cat({Bytes{0x01, 0x01, 0x00}, huge}))}), kEnd));
  CHECK(fails_with(module({type_section_void_to_void(), one_function(),
                           section(10, cat({Bytes{0x01, 0x05}, huge, Bytes{0x0B}}))}),
                   kEnd));
  CHECK(fails_with(module({section(11, cat({Bytes{0x01, 0x01}, max_u32}))}), kEnd));
  // A code entry whose size exceeds its section.
  CHECK(fails_with(module({type_section_void_to_void(), one_function(),
                           section(10, cat({Bytes{0x01}, max_u32, Bytes{0x00, 0x0B}}))}),
                   kEnd));

  SUBCASE("the implementation limit on vector lengths") {
    DecodeLimits limits;
    limits.max_vector_count = 2;
    Bytes three_functions = section(3, {0x03, 0x00, 0x00, 0x00});
    CHECK(fails_with(module({type_section_void_to_void(), three_functions}), "vector length 3",
                     limits));
    // Byte vectors (names, data) are bounded by the input only.
    CHECK(decode_error(module({section(0, name("longer than two"))}), limits) == "");
  }
}
