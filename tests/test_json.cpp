// Unit tests for the spec runner's JSON reader and value rules (spec/json.*, spec/values.*).
//
// The spec runner's sources are built into the zwasm-spec executable only, so the two
// self-contained parts under test are compiled into this test binary directly.
#include <doctest/doctest.h>

#include <string>

#include "spec/json.h"
#include "spec/values.h"

using zwasm::V128;
using zwasm::ValType;
using zwasm::Value;
using namespace zwasm::spec;
namespace json = zwasm::json;

namespace {

json::Value parse_ok(std::string_view text) {
  auto r = json::parse(text);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().describe()));
  return *r;
}

std::string parse_string_ok(std::string_view text) {
  json::Value v = parse_ok(text);
  REQUIRE(v.is_string());
  return v.as_string();
}

Expected expected_ok(std::string_view text) {
  auto e = parse_expected(parse_ok(text));
  REQUIRE_MESSAGE(e.ok(), (e.ok() ? std::string() : e.error().describe()));
  return *e;
}

Value value_ok(std::string_view text) {
  auto v = parse_value(parse_ok(text));
  REQUIRE_MESSAGE(v.ok(), (v.ok() ? std::string() : v.error().describe()));
  return *v;
}

}  // namespace

TEST_CASE("json: a command line of the suite's shape") {
  json::Value doc = parse_ok(R"({"source_filename": "i32.wast",
 "commands": [
  {"type": "module", "line": 3, "filename": "i32.0.wasm"},
  {"type": "assert_return", "line": 37, "action": {"type": "invoke", "field": "add", "args": [{"type": "i32", "value": "1"}, {"type": "i32", "value": "1"}]}, "expected": [{"type": "i32", "value": "2"}]}]}
)");
  REQUIRE(doc.is_object());
  CHECK(*doc.find_string("source_filename") == "i32.wast");
  const json::Value* commands = doc.find("commands");
  REQUIRE(commands);
  REQUIRE(commands->as_array().size() == 2);

  const json::Value& module = commands->as_array()[0];
  CHECK(module.as_object().size() == 3);
  CHECK(module.as_object()[0].key == "type");  // members keep document order
  CHECK(module.as_object()[2].key == "filename");
  CHECK(module.find("line")->as_uint64() == 3u);

  const json::Value& assert_return = commands->as_array()[1];
  CHECK(*assert_return.find_string("type") == "assert_return");
  const json::Value* action = assert_return.find("action");
  REQUIRE(action);
  CHECK(*action->find_string("field") == "add");
  CHECK(action->find("args")->as_array().size() == 2);
  CHECK(*action->find("args")->as_array()[1].find_string("value") == "1");
  CHECK(assert_return.find("missing") == nullptr);
  CHECK(assert_return.find_string("line") == nullptr);  // a number, not a string
}

TEST_CASE("json: literals, numbers and nested arrays") {
  json::Value v = parse_ok(" [true, false, null, -0, 1.5e3, 0.25, [[1, [2]], []], {}] ");
  const auto& a = v.as_array();
  REQUIRE(a.size() == 8);
  CHECK(a[0].is_bool());
  CHECK(a[0].as_bool());
  CHECK_FALSE(a[1].as_bool());
  CHECK(a[2].is_null());
  CHECK(a[3].as_number() == 0.0);
  CHECK(a[3].as_uint64() == std::nullopt);  // "-0" is not a plain unsigned integer
  CHECK(a[4].as_number() == 1500.0);
  CHECK(a[4].number_text() == "1.5e3");
  CHECK(a[5].as_number() == 0.25);
  REQUIRE(a[6].as_array().size() == 2);
  CHECK(a[6].as_array()[0].as_array()[1].as_array()[0].as_uint64() == 2u);
  CHECK(a[6].as_array()[1].as_array().empty());
  CHECK(a[7].is_object());
  CHECK(a[7].as_object().empty());

  CHECK(parse_ok("18446744073709551615").as_uint64() == UINT64_MAX);
  CHECK(parse_ok("18446744073709551616").as_uint64() == std::nullopt);
  CHECK(parse_ok("1.0").as_uint64() == std::nullopt);
}

TEST_CASE("json: string escapes") {
  CHECK(parse_string_ok(R"("a\"b\\c\/d")") == "a\"b\\c/d");
  CHECK(parse_string_ok(R"("\b\f\n\r\t")") == "\b\f\n\r\t");
  CHECK(parse_string_ok(R"("\u0000\u0001\u001f")") == std::string("\0\x01\x1f", 3));
  // The names.wast field "~!@#$%^&*()_+`-={}|[]\\:\";'<>?,./ " as wast2json writes it.
  CHECK(parse_string_ok(R"("~!@#$%^&*()_+`-={}|[]\u005c:\u0022;'<>?,./ ")") ==
        "~!@#$%^&*()_+`-={}|[]\\:\";'<>?,./ ");
  CHECK(parse_string_ok(R"("\u00e9")") == "\xC3\xA9");      // U+00E9, 2-byte UTF-8
  CHECK(parse_string_ok(R"("\u20AC")") == "\xE2\x82\xAC");  // U+20AC, 3-byte UTF-8
  // U+1F600 as a surrogate pair, 4-byte UTF-8.
  CHECK(parse_string_ok(R"("\ud83d\ude00")") == "\xF0\x9F\x98\x80");
  CHECK(parse_string_ok(R"("\uDBFF\uDFFF")") == "\xF4\x8F\xBF\xBF");  // U+10FFFF
  // Raw UTF-8 passes through unchanged.
  CHECK(parse_string_ok("\"\xE2\x82\xAC\"") == "\xE2\x82\xAC");
}

TEST_CASE("json: malformed input is an error with an offset") {
  auto fails_at = [](std::string_view text, size_t offset) {
    auto r = json::parse(text);
    REQUIRE_FALSE(r.ok());
    CHECK_MESSAGE(r.error().offset == offset, r.error().describe());
  };
  fails_at("", 0);
  fails_at("[1, 2", 5);
  fails_at("[1, 2,]", 6);
  fails_at("{\"a\" 1}", 5);
  fails_at("{\"a\": 1,}", 8);
  fails_at("{1: 2}", 1);
  fails_at("\"abc", 4);
  fails_at("\"a\nb\"", 2);         // raw control character
  fails_at(R"("\x")", 1);          // unknown escape
  fails_at(R"("\u12G4")", 5);      // bad hex digit
  fails_at(R"("\ud800")", 1);      // high surrogate alone
  fails_at(R"("\ud800\u0041")", 1);
  fails_at(R"("\udc00")", 1);      // low surrogate alone
  fails_at("01", 1);               // leading zero
  fails_at("1.", 2);
  fails_at("1e", 2);
  fails_at("-", 1);
  fails_at("tru", 0);
  fails_at("[1] x", 4);
  fails_at("nul", 0);

  // Nesting is bounded instead of recursing without limit.
  std::string deep(300, '[');
  deep += std::string(300, ']');
  CHECK_FALSE(json::parse(deep).ok());
  CHECK(json::parse(deep, 400).ok());
}

TEST_CASE("values: scalar arguments are bit patterns") {
  Value v = value_ok(R"({"type": "i32", "value": "4294967295"})");
  CHECK(v.type == ValType::I32);
  CHECK(v.lo == 0xFFFFFFFFu);
  v = value_ok(R"({"type": "i64", "value": "9223372036854775808"})");
  CHECK(v.type == ValType::I64);
  CHECK(v.lo == 0x8000000000000000ull);
  v = value_ok(R"({"type": "f32", "value": "2143289344"})");  // 0x7fc00000
  CHECK(v.type == ValType::F32);
  CHECK(v.lo == 0x7FC00000u);
  v = value_ok(R"({"type": "f64", "value": "9221120237041090560"})");  // 0x7ff8000000000000
  CHECK(v.lo == 0x7FF8000000000000ull);
  v = value_ok(R"({"type": "i32", "value": "-1"})");  // two's complement accepted
  CHECK(v.lo == 0xFFFFFFFFu);

  CHECK_FALSE(parse_value(parse_ok(R"({"type": "i32", "value": "4294967296"})")).ok());
  CHECK_FALSE(parse_value(parse_ok(R"({"type": "i64", "value": "18446744073709551616"})")).ok());
  CHECK_FALSE(parse_value(parse_ok(R"({"type": "i32", "value": "12a"})")).ok());
  CHECK_FALSE(parse_value(parse_ok(R"({"type": "i32"})")).ok());
  CHECK_FALSE(parse_value(parse_ok(R"({"type": "f32", "value": "nan:canonical"})")).ok());
  CHECK_FALSE(parse_value(parse_ok(R"({"type": "i31", "value": "0"})")).ok());
}

TEST_CASE("values: v128 arguments from lanes, little-endian") {
  Value v = value_ok(R"({"type": "v128", "lane_type": "i16", "value": ["1", "65535", "0", "0", "0", "0", "0", "258"]})");
  REQUIRE(v.type == ValType::V128);
  V128 b = v.as_v128();
  CHECK(b.bytes[0] == 1);
  CHECK(b.bytes[1] == 0);
  CHECK(b.bytes[2] == 0xFF);
  CHECK(b.bytes[3] == 0xFF);
  CHECK(b.bytes[14] == 0x02);
  CHECK(b.bytes[15] == 0x01);

  v = value_ok(R"({"type": "v128", "lane_type": "i64", "value": ["1", "18446744073709551615"]})");
  CHECK(v.lo == 1u);
  CHECK(v.hi == UINT64_MAX);

  v = value_ok(R"({"type": "v128", "lane_type": "i8", "value": ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "255"]})");
  CHECK(v.lo == 0x0706050403020100ull);
  CHECK(v.hi == 0xFF0E0D0C0B0A0908ull);

  // Wrong lane count or an out-of-range lane is an error.
  CHECK_FALSE(parse_value(parse_ok(R"({"type": "v128", "lane_type": "i32", "value": ["1", "2", "3"]})")).ok());
  CHECK_FALSE(parse_value(parse_ok(R"({"type": "v128", "lane_type": "i8", "value": ["256", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]})")).ok());
}

TEST_CASE("values: references") {
  Value v = value_ok(R"({"type": "externref", "value": "0"})");
  CHECK(v.type == ValType::ExternRef);
  CHECK(v.lo == 1u);  // ref.extern n is the host word n + 1
  v = value_ok(R"({"type": "externref", "value": "null"})");
  CHECK(v.lo == zwasm::kNullRef);
  v = value_ok(R"({"type": "funcref", "value": "null"})");
  CHECK(v.type == ValType::FuncRef);
  CHECK(v.lo == zwasm::kNullRef);
  CHECK_FALSE(parse_value(parse_ok(R"({"type": "funcref", "value": "3"})")).ok());

  Expected e = expected_ok(R"({"type": "externref", "value": "1"})");
  CHECK(matches(e, Value::ref(ValType::ExternRef, 2)));
  CHECK_FALSE(matches(e, Value::ref(ValType::ExternRef, 1)));
  CHECK_FALSE(matches(e, Value::ref(ValType::ExternRef, zwasm::kNullRef)));
  CHECK_FALSE(matches(e, Value::ref(ValType::FuncRef, 2)));  // type must match too

  e = expected_ok(R"({"type": "externref", "value": "null"})");
  CHECK(matches(e, Value::ref(ValType::ExternRef, zwasm::kNullRef)));
  CHECK_FALSE(matches(e, Value::ref(ValType::ExternRef, 1)));

  e = expected_ok(R"({"type": "funcref", "value": "0"})");  // a number: any non-null funcref
  CHECK(matches(e, Value::ref(ValType::FuncRef, 0x1234)));
  CHECK_FALSE(matches(e, Value::ref(ValType::FuncRef, zwasm::kNullRef)));

  e = expected_ok(R"({"type": "funcref"})");  // no value: any funcref
  CHECK(matches(e, Value::ref(ValType::FuncRef, zwasm::kNullRef)));
  CHECK(matches(e, Value::ref(ValType::FuncRef, 7)));
  CHECK_FALSE(matches(e, Value::ref(ValType::ExternRef, 7)));
}

TEST_CASE("values: scalars compare by bit pattern") {
  Expected e = expected_ok(R"({"type": "f32", "value": "0"})");
  CHECK(matches(e, Value::f32_bits(0)));
  CHECK_FALSE(matches(e, Value::f32_bits(0x80000000u)));  // -0 is not +0
  CHECK_FALSE(matches(e, Value::i32(0)));                 // the type matters

  e = expected_ok(R"({"type": "f64", "value": "9221120237041090561"})");  // a NaN payload
  CHECK(matches(e, Value::f64_bits(0x7FF8000000000001ull)));
  CHECK_FALSE(matches(e, Value::f64_bits(0x7FF8000000000000ull)));

  e = expected_ok(R"({"type": "i32", "value": "4294967295"})");
  CHECK(matches(e, Value::i32(0xFFFFFFFFu)));
  CHECK_FALSE(matches(e, Value::i32(0x7FFFFFFFu)));

  e = expected_ok(R"({"type": "i64", "value": "1"})");
  CHECK(matches(e, Value::i64(1)));
  CHECK_FALSE(matches(e, Value::i64(0x100000001ull)));
}

TEST_CASE("values: NaN patterns (spec 4.3.3)") {
  CHECK(is_canonical_nan32(0x7FC00000u));
  CHECK(is_canonical_nan32(0xFFC00000u));   // either sign
  CHECK_FALSE(is_canonical_nan32(0x7FC00001u));
  CHECK_FALSE(is_canonical_nan32(0x7F800000u));  // infinity
  CHECK(is_arithmetic_nan32(0x7FC00000u));
  CHECK(is_arithmetic_nan32(0xFFC00001u));
  CHECK(is_arithmetic_nan32(0x7FFFFFFFu));
  CHECK_FALSE(is_arithmetic_nan32(0x7FA00000u));  // signalling: quiet bit clear
  CHECK_FALSE(is_arithmetic_nan32(0x3FC00000u));  // exponent not all ones

  CHECK(is_canonical_nan64(0x7FF8000000000000ull));
  CHECK(is_canonical_nan64(0xFFF8000000000000ull));
  CHECK_FALSE(is_canonical_nan64(0x7FF8000000000001ull));
  CHECK(is_arithmetic_nan64(0x7FF8000000000001ull));
  CHECK(is_arithmetic_nan64(0xFFFFFFFFFFFFFFFFull));
  CHECK_FALSE(is_arithmetic_nan64(0x7FF4000000000000ull));
  CHECK_FALSE(is_arithmetic_nan64(0x7FF0000000000000ull));  // infinity

  Expected canonical = expected_ok(R"({"type": "f32", "value": "nan:canonical"})");
  CHECK(matches(canonical, Value::f32_bits(0xFFC00000u)));
  CHECK_FALSE(matches(canonical, Value::f32_bits(0x7FC00001u)));
  CHECK_FALSE(matches(canonical, Value::f64_bits(0x7FF8000000000000ull)));  // wrong type

  Expected arithmetic = expected_ok(R"({"type": "f64", "value": "nan:arithmetic"})");
  CHECK(matches(arithmetic, Value::f64_bits(0x7FF8000000000001ull)));
  CHECK_FALSE(matches(arithmetic, Value::f64_bits(0x7FF0000000000001ull)));
  CHECK_FALSE(matches(arithmetic, Value::f64_bits(0x3FF0000000000000ull)));  // 1.0

  // NaN patterns make no sense for integers.
  CHECK_FALSE(parse_expected(parse_ok(R"({"type": "i32", "value": "nan:canonical"})")).ok());
}

TEST_CASE("values: v128 expectations per lane") {
  Expected e = expected_ok(R"({"type": "v128", "lane_type": "f32", "value": ["nan:canonical", "nan:arithmetic", "1065353216", "0"]})");
  V128 b{};
  set_lane(b, LaneType::F32, 0, 0xFFC00000u);  // canonical
  set_lane(b, LaneType::F32, 1, 0x7FC00123u);  // arithmetic
  set_lane(b, LaneType::F32, 2, 0x3F800000u);  // 1.0
  set_lane(b, LaneType::F32, 3, 0);
  CHECK(matches(e, Value::v128(b)));

  V128 wrong = b;
  set_lane(wrong, LaneType::F32, 0, 0x7FC00001u);  // arithmetic, not canonical
  CHECK_FALSE(matches(e, Value::v128(wrong)));
  wrong = b;
  set_lane(wrong, LaneType::F32, 1, 0x7F800001u);  // signalling NaN
  CHECK_FALSE(matches(e, Value::v128(wrong)));
  wrong = b;
  set_lane(wrong, LaneType::F32, 3, 0x80000000u);  // -0 in the last lane
  CHECK_FALSE(matches(e, Value::v128(wrong)));
  CHECK_FALSE(matches(e, Value::i32(0)));

  Expected d = expected_ok(R"({"type": "v128", "lane_type": "f64", "value": ["nan:arithmetic", "4607182418800017408"]})");
  V128 c{};
  set_lane(c, LaneType::F64, 0, 0xFFF8000000000000ull);
  set_lane(c, LaneType::F64, 1, 0x3FF0000000000000ull);  // 1.0
  CHECK(matches(d, Value::v128(c)));
  set_lane(c, LaneType::F64, 1, 0x3FF0000000000001ull);
  CHECK_FALSE(matches(d, Value::v128(c)));

  // Integer lanes: the same 128 bits read as i8 lanes.
  Expected i8 = expected_ok(R"({"type": "v128", "lane_type": "i8", "value": ["255", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "128"]})");
  V128 bytes{};
  bytes.bytes[0] = 0xFF;
  bytes.bytes[15] = 0x80;
  CHECK(matches(i8, Value::v128(bytes)));
  bytes.bytes[7] = 1;
  CHECK_FALSE(matches(i8, Value::v128(bytes)));
}

TEST_CASE("values: either alternatives") {
  Expected e = expected_ok(R"({"type": "either", "values": [{"type": "i32", "value": "1"}, {"type": "i32", "value": "2"}]})");
  CHECK(matches(e, Value::i32(1)));
  CHECK(matches(e, Value::i32(2)));
  CHECK_FALSE(matches(e, Value::i32(3)));
}

TEST_CASE("values: descriptions") {
  CHECK(describe_value(Value::i32(0xFFFFFFFFu)) == "i32:4294967295 (-1)");
  CHECK(describe_value(Value::i32(42)) == "i32:42");
  CHECK(describe_value(Value::f32_bits(0x3FC00000u)) == "f32:1.5 (0x3fc00000)");
  CHECK(describe_value(Value::f32_bits(0xFFC00000u)) == "f32:-nan:0xffc00000");
  CHECK(describe_value(Value::ref(ValType::ExternRef, 3)) == "externref:2");
  CHECK(describe_value(Value::ref(ValType::FuncRef, 0)) == "funcref:null");
  V128 b{};
  set_lane(b, LaneType::I32, 0, 1);
  set_lane(b, LaneType::I32, 3, 4);
  CHECK(describe_value(Value::v128(b), LaneType::I32) == "v128 i32x4:1 0 0 4");
  CHECK(describe_expected(expected_ok(R"({"type": "f64", "value": "nan:canonical"})")) ==
        "f64:nan:canonical");
  CHECK(describe_expected(expected_ok(R"({"type": "externref", "value": "null"})")) ==
        "externref:null");
}
