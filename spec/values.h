// Spec-script values: reading argument and expected-result values from their JSON form
// (wast2json: {"type": "i32", "value": "<unsigned decimal bits>"}, v128 as lanes, references as
// "null" or a number), comparing results against expectations, and printing both.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/base/types.h"
#include "spec/json.h"

namespace zwasm::spec {

// The lane shape a v128 is written in; scalars use the lane type of the same name.
enum class LaneType : uint8_t { I8, I16, I32, I64, F32, F64 };

uint32_t lane_bits(LaneType t);                       // 8 .. 64
uint32_t lane_count(LaneType t);                      // lanes in a v128
const char* lane_type_name(LaneType t);               // "i8" .. "f64"
uint64_t get_lane(const V128& v, LaneType t, uint32_t lane);
void set_lane(V128& v, LaneType t, uint32_t lane, uint64_t bits);

// Host value convention for externref: the spec's `ref.extern n` is the word n + 1 (0 is null).
constexpr RefWord extern_ref_word(uint64_t n) { return n + 1; }

// Float NaN classes (spec 4.3.3): a canonical NaN has only the top mantissa bit set (either
// sign); an arithmetic NaN has at least the top mantissa bit set.
bool is_canonical_nan32(uint32_t bits);
bool is_arithmetic_nan32(uint32_t bits);
bool is_canonical_nan64(uint64_t bits);
bool is_arithmetic_nan64(uint64_t bits);

// What one scalar, one v128 lane, or one reference must be.
struct LaneExpectation {
  enum class Kind : uint8_t {
    Exact,          // bit pattern equality (references: the exact word)
    CanonicalNan,   // "nan:canonical"
    ArithmeticNan,  // "nan:arithmetic"
    NonNullRef,     // a funcref given as a number: any non-null reference
    Any,            // the value was omitted: any value of the type
  };
  Kind kind = Kind::Exact;
  uint64_t bits = 0;
};

// One expected result. `alternatives` is used by the 3.0 "either" form (any one may match);
// otherwise `type`, `lane_type` and `lanes` (1 lane for scalars and references) describe it.
struct Expected {
  ValType type = ValType::I32;
  LaneType lane_type = LaneType::I32;
  std::vector<LaneExpectation> lanes;
  std::vector<Expected> alternatives;
};

// Reads a value type name ("i32", ..., "funcref", "externref").
Result<ValType> parse_valtype(const std::string& name);

// Reads an argument value (also used for constants): exact bits only.
Result<Value> parse_value(const json::Value& v);
Result<std::vector<Value>> parse_values(const json::Value* array);

// Reads an expected result, with NaN patterns and "any" where the suite allows them.
Result<Expected> parse_expected(const json::Value& v);
Result<std::vector<Expected>> parse_expected_list(const json::Value* array);

bool matches(const Expected& expected, const Value& actual);

// Human-readable forms, e.g. "i32:42", "f32:1.5 (0x3fc00000)", "v128 i32x4:1 2 3 4".
// A v128 is printed in `shape` lanes.
std::string describe_value(const Value& v, LaneType shape = LaneType::I32);
std::string describe_values(const std::vector<Value>& vs);
std::string describe_expected(const Expected& e);
// Results printed in the shapes of their expectations (v128 lanes as the script wrote them).
std::string describe_results(const std::vector<Value>& actual,
                             const std::vector<Expected>& expected);

}  // namespace zwasm::spec
