// Spec-script values: parsing, matching and printing. See values.h.
#include "spec/values.h"

#include <cinttypes>
#include <cstdarg>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace zwasm::spec {

// ---- Lanes -------------------------------------------------------------------------------------

uint32_t lane_bits(LaneType t) {
  switch (t) {
    case LaneType::I8: return 8;
    case LaneType::I16: return 16;
    case LaneType::I32:
    case LaneType::F32: return 32;
    case LaneType::I64:
    case LaneType::F64: return 64;
  }
  return 32;
}

uint32_t lane_count(LaneType t) { return 128 / lane_bits(t); }

const char* lane_type_name(LaneType t) {
  switch (t) {
    case LaneType::I8: return "i8";
    case LaneType::I16: return "i16";
    case LaneType::I32: return "i32";
    case LaneType::I64: return "i64";
    case LaneType::F32: return "f32";
    case LaneType::F64: return "f64";
  }
  return "?";
}

namespace {

bool is_float_lane(LaneType t) { return t == LaneType::F32 || t == LaneType::F64; }

uint64_t width_mask(uint32_t bits) { return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1; }

Result<LaneType> parse_lane_type(const std::string& name) {
  if (name == "i8") return LaneType::I8;
  if (name == "i16") return LaneType::I16;
  if (name == "i32") return LaneType::I32;
  if (name == "i64") return LaneType::I64;
  if (name == "f32") return LaneType::F32;
  if (name == "f64") return LaneType::F64;
  return make_error("unknown v128 lane type \"" + name + "\"");
}

// The lane type a scalar of type `t` is compared in (references compare as whole words).
LaneType scalar_lane_type(ValType t) {
  switch (t) {
    case ValType::I32: return LaneType::I32;
    case ValType::F32: return LaneType::F32;
    case ValType::F64: return LaneType::F64;
    default: return LaneType::I64;
  }
}

// Reads a decimal bit pattern of `bits` width. wast2json writes unsigned decimals; a leading
// '-' (two's complement) is accepted too, as other converters write signed lanes.
Result<uint64_t> parse_bits(const std::string& text, uint32_t bits) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  if (i == text.size()) return make_error("invalid number \"" + text + "\"");
  uint64_t magnitude = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return make_error("invalid number \"" + text + "\"");
    uint64_t digit = uint64_t(c - '0');
    if (magnitude > (~uint64_t(0) - digit) / 10)
      return make_error("number \"" + text + "\" does not fit in 64 bits");
    magnitude = magnitude * 10 + digit;
  }
  const uint64_t mask = width_mask(bits);
  if (negative) {
    // The most negative value of the width is 2^(bits-1).
    uint64_t limit = uint64_t(1) << (bits - 1);
    if (magnitude > limit)
      return make_error("number \"" + text + "\" does not fit in " + std::to_string(bits) + " bits");
    return (~magnitude + 1) & mask;
  }
  if (magnitude > mask)
    return make_error("number \"" + text + "\" does not fit in " + std::to_string(bits) + " bits");
  return magnitude;
}

// A scalar's "value" member as text: wast2json uses strings; plain JSON integers are accepted.
Result<std::string> value_text(const json::Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_number() && v.as_uint64()) return v.number_text();
  return make_error(std::string("expected a string value, got a ") + json::kind_name(v.kind()));
}

Result<LaneExpectation> parse_lane_expectation(const json::Value& v, LaneType lane) {
  auto text_or = value_text(v);
  if (!text_or) return text_or.error();
  const std::string& text = *text_or;
  LaneExpectation e;
  if (text == "nan:canonical" || text == "nan:arithmetic") {
    if (!is_float_lane(lane))
      return make_error(text + " is only meaningful for floats, not " + lane_type_name(lane));
    e.kind = text == "nan:canonical" ? LaneExpectation::Kind::CanonicalNan
                                     : LaneExpectation::Kind::ArithmeticNan;
    return e;
  }
  auto bits = parse_bits(text, lane_bits(lane));
  if (!bits) return bits.error();
  e.kind = LaneExpectation::Kind::Exact;
  e.bits = *bits;
  return e;
}

bool lane_matches(const LaneExpectation& e, uint64_t bits, LaneType lane) {
  switch (e.kind) {
    case LaneExpectation::Kind::Exact: return bits == e.bits;
    case LaneExpectation::Kind::CanonicalNan:
      return lane_bits(lane) == 32 ? is_canonical_nan32(uint32_t(bits)) : is_canonical_nan64(bits);
    case LaneExpectation::Kind::ArithmeticNan:
      return lane_bits(lane) == 32 ? is_arithmetic_nan32(uint32_t(bits))
                                   : is_arithmetic_nan64(bits);
    case LaneExpectation::Kind::NonNullRef: return bits != kNullRef;
    case LaneExpectation::Kind::Any: return true;
  }
  return false;
}

std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char* fmt, ...) {
  char buf[128];
  va_list args;
  va_start(args, fmt);
  vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  return buf;
}

std::string describe_float_bits(uint64_t bits, LaneType lane) {
  if (lane == LaneType::F32) {
    uint32_t b = uint32_t(bits);
    float f;
    std::memcpy(&f, &b, 4);
    if (std::isnan(f)) return format("%snan:0x%08" PRIx32, std::signbit(f) ? "-" : "", b);
    return format("%.9g (0x%08" PRIx32 ")", double(f), b);
  }
  double d;
  std::memcpy(&d, &bits, 8);
  if (std::isnan(d)) return format("%snan:0x%016" PRIx64, std::signbit(d) ? "-" : "", bits);
  return format("%.17g (0x%016" PRIx64 ")", d, bits);
}

// A lane or scalar of integer width `bits`: unsigned, plus the signed reading when it differs.
std::string describe_int_bits(uint64_t value, uint32_t bits) {
  std::string s = std::to_string(value);
  uint64_t sign = uint64_t(1) << (bits - 1);
  if (value & sign) {
    int64_t as_signed = int64_t(value | ~width_mask(bits));
    s += " (" + std::to_string(as_signed) + ")";
  }
  return s;
}

std::string describe_lane_bits(uint64_t bits, LaneType lane) {
  if (is_float_lane(lane)) return describe_float_bits(bits, lane);
  return describe_int_bits(bits, lane_bits(lane));
}

std::string describe_lane_expectation(const LaneExpectation& e, LaneType lane) {
  switch (e.kind) {
    case LaneExpectation::Kind::Exact: return describe_lane_bits(e.bits, lane);
    case LaneExpectation::Kind::CanonicalNan: return "nan:canonical";
    case LaneExpectation::Kind::ArithmeticNan: return "nan:arithmetic";
    case LaneExpectation::Kind::NonNullRef: return "non-null";
    case LaneExpectation::Kind::Any: return "any";
  }
  return "?";
}

std::string describe_ref(ValType type, RefWord word) {
  std::string s = valtype_name(type);
  if (word == kNullRef) return s + ":null";
  if (type == ValType::ExternRef) return s + ":" + std::to_string(word - 1);
  return s + ":non-null";
}

}  // namespace

uint64_t get_lane(const V128& v, LaneType t, uint32_t lane) {
  uint32_t size = lane_bits(t) / 8;
  uint64_t bits = 0;
  std::memcpy(&bits, v.bytes + lane * size, size);  // little-endian lanes (spec 4.3.1)
  return bits;
}

void set_lane(V128& v, LaneType t, uint32_t lane, uint64_t bits) {
  uint32_t size = lane_bits(t) / 8;
  std::memcpy(v.bytes + lane * size, &bits, size);
}

bool is_canonical_nan32(uint32_t bits) { return (bits & 0x7FFFFFFFu) == 0x7FC00000u; }
bool is_arithmetic_nan32(uint32_t bits) { return (bits & 0x7FC00000u) == 0x7FC00000u; }
bool is_canonical_nan64(uint64_t bits) {
  return (bits & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull;
}
bool is_arithmetic_nan64(uint64_t bits) {
  return (bits & 0x7FF8000000000000ull) == 0x7FF8000000000000ull;
}

// ---- Parsing -----------------------------------------------------------------------------------

Result<ValType> parse_valtype(const std::string& name) {
  if (name == "i32") return ValType::I32;
  if (name == "i64") return ValType::I64;
  if (name == "f32") return ValType::F32;
  if (name == "f64") return ValType::F64;
  if (name == "v128") return ValType::V128;
  if (name == "funcref") return ValType::FuncRef;
  if (name == "externref") return ValType::ExternRef;
  return make_error("unsupported value type \"" + name + "\"");
}

Result<Value> parse_value(const json::Value& v) {
  const std::string* type_name_text = v.find_string("type");
  if (!type_name_text) return make_error("value without a \"type\"");
  auto type = parse_valtype(*type_name_text);
  if (!type) return type.error();
  const json::Value* value = v.find("value");
  if (!value) return make_error(*type_name_text + " argument without a \"value\"");

  switch (*type) {
    case ValType::I32:
    case ValType::I64:
    case ValType::F32:
    case ValType::F64: {
      auto text = value_text(*value);
      if (!text) return text.error();
      uint32_t bits = (*type == ValType::I32 || *type == ValType::F32) ? 32 : 64;
      auto parsed = parse_bits(*text, bits);
      if (!parsed) return parsed.error();
      return Value{*type, *parsed, 0};
    }
    case ValType::V128: {
      const std::string* lane_name = v.find_string("lane_type");
      if (!lane_name) return make_error("v128 value without a \"lane_type\"");
      auto lane = parse_lane_type(*lane_name);
      if (!lane) return lane.error();
      if (!value->is_array() || value->as_array().size() != lane_count(*lane))
        return make_error("v128 value needs " + std::to_string(lane_count(*lane)) + " " +
                          *lane_name + " lanes");
      V128 bytes{};
      for (uint32_t i = 0; i < lane_count(*lane); ++i) {
        auto text = value_text(value->as_array()[i]);
        if (!text) return text.error();
        auto parsed = parse_bits(*text, lane_bits(*lane));
        if (!parsed) return parsed.error();
        set_lane(bytes, *lane, i, *parsed);
      }
      return Value::v128(bytes);
    }
    case ValType::FuncRef:
    case ValType::ExternRef: {
      auto text = value_text(*value);
      if (!text) return text.error();
      if (*text == "null") return Value::ref(*type, kNullRef);
      if (*type == ValType::FuncRef)
        return make_error("a funcref argument can only be null, got \"" + *text + "\"");
      auto n = parse_bits(*text, 64);
      if (!n) return n.error();
      if (*n == ~uint64_t(0)) return make_error("externref " + *text + " is out of range");
      return Value::ref(*type, extern_ref_word(*n));
    }
  }
  return make_error("unsupported value type \"" + *type_name_text + "\"");
}

Result<std::vector<Value>> parse_values(const json::Value* array) {
  std::vector<Value> out;
  if (!array) return out;
  if (!array->is_array()) return make_error("expected an array of values");
  for (const json::Value& item : array->as_array()) {
    auto v = parse_value(item);
    if (!v) return v.error();
    out.push_back(*v);
  }
  return out;
}

Result<Expected> parse_expected(const json::Value& v) {
  const std::string* type_name_text = v.find_string("type");
  if (!type_name_text) return make_error("expected value without a \"type\"");
  Expected e;

  if (*type_name_text == "either") {
    const json::Value* values = v.find("values");
    if (!values || !values->is_array() || values->as_array().empty())
      return make_error("\"either\" needs a non-empty \"values\" array");
    for (const json::Value& alt : values->as_array()) {
      auto parsed = parse_expected(alt);
      if (!parsed) return parsed.error();
      e.alternatives.push_back(std::move(*parsed));
    }
    return e;
  }

  auto type = parse_valtype(*type_name_text);
  if (!type) return type.error();
  e.type = *type;
  const json::Value* value = v.find("value");

  switch (*type) {
    case ValType::I32:
    case ValType::I64:
    case ValType::F32:
    case ValType::F64: {
      e.lane_type = scalar_lane_type(*type);
      if (!value) {
        e.lanes.push_back({LaneExpectation::Kind::Any, 0});
        return e;
      }
      auto lane = parse_lane_expectation(*value, e.lane_type);
      if (!lane) return lane.error();
      e.lanes.push_back(*lane);
      return e;
    }
    case ValType::V128: {
      const std::string* lane_name = v.find_string("lane_type");
      if (!lane_name) return make_error("v128 value without a \"lane_type\"");
      auto lane = parse_lane_type(*lane_name);
      if (!lane) return lane.error();
      e.lane_type = *lane;
      if (!value) {
        e.lanes.assign(lane_count(*lane), {LaneExpectation::Kind::Any, 0});
        return e;
      }
      if (!value->is_array() || value->as_array().size() != lane_count(*lane))
        return make_error("v128 value needs " + std::to_string(lane_count(*lane)) + " " +
                          *lane_name + " lanes");
      for (const json::Value& item : value->as_array()) {
        auto parsed = parse_lane_expectation(item, *lane);
        if (!parsed) return parsed.error();
        e.lanes.push_back(*parsed);
      }
      return e;
    }
    case ValType::FuncRef:
    case ValType::ExternRef: {
      e.lane_type = LaneType::I64;
      if (!value) {
        e.lanes.push_back({LaneExpectation::Kind::Any, 0});
        return e;
      }
      auto text = value_text(*value);
      if (!text) return text.error();
      if (*text == "null") {
        e.lanes.push_back({LaneExpectation::Kind::Exact, kNullRef});
        return e;
      }
      auto n = parse_bits(*text, 64);
      if (!n) return n.error();
      if (*type == ValType::FuncRef) {
        // A function reference has no host number: any non-null reference matches.
        e.lanes.push_back({LaneExpectation::Kind::NonNullRef, 0});
      } else {
        if (*n == ~uint64_t(0)) return make_error("externref " + *text + " is out of range");
        e.lanes.push_back({LaneExpectation::Kind::Exact, extern_ref_word(*n)});
      }
      return e;
    }
  }
  return make_error("unsupported value type \"" + *type_name_text + "\"");
}

Result<std::vector<Expected>> parse_expected_list(const json::Value* array) {
  std::vector<Expected> out;
  if (!array) return out;
  if (!array->is_array()) return make_error("expected an array of values");
  for (const json::Value& item : array->as_array()) {
    auto e = parse_expected(item);
    if (!e) return e.error();
    out.push_back(std::move(*e));
  }
  return out;
}

// ---- Matching ----------------------------------------------------------------------------------

bool matches(const Expected& expected, const Value& actual) {
  if (!expected.alternatives.empty()) {
    for (const Expected& alt : expected.alternatives) {
      if (matches(alt, actual)) return true;
    }
    return false;
  }
  if (actual.type != expected.type) return false;
  if (expected.type == ValType::V128) {
    V128 v = actual.as_v128();
    if (expected.lanes.size() != lane_count(expected.lane_type)) return false;
    for (uint32_t i = 0; i < expected.lanes.size(); ++i) {
      if (!lane_matches(expected.lanes[i], get_lane(v, expected.lane_type, i), expected.lane_type))
        return false;
    }
    return true;
  }
  if (expected.lanes.size() != 1) return false;
  uint64_t bits = actual.lo & width_mask(lane_bits(expected.lane_type));
  return lane_matches(expected.lanes[0], bits, expected.lane_type);
}

// ---- Printing ----------------------------------------------------------------------------------

std::string describe_value(const Value& v, LaneType shape) {
  switch (v.type) {
    case ValType::I32: return "i32:" + describe_int_bits(v.lo & 0xFFFFFFFFu, 32);
    case ValType::I64: return "i64:" + describe_int_bits(v.lo, 64);
    case ValType::F32: return "f32:" + describe_float_bits(v.lo & 0xFFFFFFFFu, LaneType::F32);
    case ValType::F64: return "f64:" + describe_float_bits(v.lo, LaneType::F64);
    case ValType::V128: {
      V128 bytes = v.as_v128();
      std::string s = std::string("v128 ") + lane_type_name(shape) + "x" +
                      std::to_string(lane_count(shape)) + ":";
      for (uint32_t i = 0; i < lane_count(shape); ++i) {
        s += i ? " " : "";
        s += describe_lane_bits(get_lane(bytes, shape, i), shape);
      }
      return s;
    }
    case ValType::FuncRef:
    case ValType::ExternRef: return describe_ref(v.type, v.lo);
  }
  return "?";
}

std::string describe_values(const std::vector<Value>& vs) {
  std::string s;
  for (size_t i = 0; i < vs.size(); ++i) {
    if (i) s += ", ";
    s += describe_value(vs[i]);
  }
  return s;
}

std::string describe_expected(const Expected& e) {
  if (!e.alternatives.empty()) {
    std::string s = "either(";
    for (size_t i = 0; i < e.alternatives.size(); ++i) {
      if (i) s += " | ";
      s += describe_expected(e.alternatives[i]);
    }
    return s + ")";
  }
  if (e.type == ValType::V128) {
    std::string s = std::string("v128 ") + lane_type_name(e.lane_type) + "x" +
                    std::to_string(lane_count(e.lane_type)) + ":";
    for (size_t i = 0; i < e.lanes.size(); ++i) {
      s += i ? " " : "";
      s += describe_lane_expectation(e.lanes[i], e.lane_type);
    }
    return s;
  }
  if (e.lanes.size() != 1) return std::string(valtype_name(e.type)) + ":?";
  if (is_ref(e.type) && e.lanes[0].kind == LaneExpectation::Kind::Exact)
    return describe_ref(e.type, e.lanes[0].bits);
  return std::string(valtype_name(e.type)) + ":" +
         describe_lane_expectation(e.lanes[0], e.lane_type);
}

std::string describe_results(const std::vector<Value>& actual,
                             const std::vector<Expected>& expected) {
  std::string s;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (i) s += ", ";
    LaneType shape = LaneType::I32;
    if (i < expected.size() && expected[i].alternatives.empty() &&
        expected[i].type == ValType::V128)
      shape = expected[i].lane_type;
    s += describe_value(actual[i], shape);
  }
  return s;
}

}  // namespace zwasm::spec
