// Numeric literals (spec 6.3.1 "Integers", 6.3.2 "Floating-Point"). The grammar is checked
// here; the conversion of a finite float is the C library's (strtof / strtod round correctly,
// to nearest, ties to even, for decimal and hex input alike).
#include "runtime/text/literals.h"

#include <bit>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <locale.h>
#include <string>

namespace zwasm::text {
namespace {

constexpr size_t kNone = std::string_view::npos;

int digit_value(char c, bool hex) {
  if (c >= '0' && c <= '9') return c - '0';
  if (!hex) return -1;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The end of the num (or hexnum) starting at s[i]: digits with single underscores between
// them, "digit ('_'? digit)*". kNone when there is no digit at i or an underscore is not
// followed by a digit ("1__0", "1_", "1_.5").
size_t digits_end(std::string_view s, size_t i, bool hex) {
  if (i >= s.size() || digit_value(s[i], hex) < 0) return kNone;
  for (++i; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (i + 1 == s.size() || digit_value(s[i + 1], hex) < 0) return kNone;
      ++i;
    } else if (digit_value(s[i], hex) < 0) {
      break;
    }
  }
  return i;
}

bool starts_hex(std::string_view s) { return s.size() >= 2 && s[0] == '0' && s[1] == 'x'; }

// The value of `s` when all of it is a num or "0x" hexnum (no sign): nullopt when it is not, or
// when the value exceeds 2^64 - 1.
std::optional<uint64_t> natural(std::string_view s) {
  bool hex = starts_hex(s);
  size_t start = hex ? 2 : 0;
  if (digits_end(s, start, hex) != s.size()) return std::nullopt;
  uint64_t base = hex ? 16 : 10;
  uint64_t value = 0;
  for (size_t i = start; i < s.size(); ++i) {
    if (s[i] == '_') continue;
    uint64_t d = uint64_t(digit_value(s[i], hex));
    if (value > (UINT64_MAX - d) / base) return std::nullopt;  // value * base + d overflows
    value = value * base + d;
  }
  return value;
}

// True when `s` (no sign) is a finite float of spec 6.3.2:
//   num ('.' frac?)? ([eE] sign? num)?  or  "0x" hexnum ('.' hexfrac?)? ([pP] sign? num)?
// The integer part is required (".5", "0x.8" are not literals); the exponent is decimal.
bool is_finite_float(std::string_view s) {
  bool hex = starts_hex(s);
  size_t i = digits_end(s, hex ? 2 : 0, hex);
  if (i == kNone) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i < s.size() && digit_value(s[i], hex) >= 0) i = digits_end(s, i, hex);
    if (i == kNone) return false;
  }
  if (i < s.size() && (s[i] == (hex ? 'p' : 'e') || s[i] == (hex ? 'P' : 'E'))) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    i = digits_end(s, i, false);
    if (i == kNone) return false;
  }
  return i == s.size();
}

// The "C" locale, so that '.' is the decimal point whatever setlocale() the embedder called.
locale_t c_locale() {
  static const locale_t locale = newlocale(LC_ALL_MASK, "C", locale_t(0));
  return locale;
}

float convert(const char* s, char** end, float) { return strtof_l(s, end, c_locale()); }
double convert(const char* s, char** end, double) { return strtod_l(s, end, c_locale()); }

// F is float or double, Bits its bit pattern's type.
template <class F, class Bits>
std::optional<Bits> parse_float(std::string_view text) {
  constexpr int kMantissaBits = std::numeric_limits<F>::digits - 1;  // 23 or 52
  constexpr Bits kSignBit = Bits(1) << (sizeof(Bits) * 8 - 1);
  constexpr Bits kMantissaMask = (Bits(1) << kMantissaBits) - 1;
  constexpr Bits kExponentMask = ~kSignBit & ~kMantissaMask;

  std::string_view body = text;
  Bits sign = 0;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    if (body[0] == '-') sign = kSignBit;
    body.remove_prefix(1);
  }
  if (body == "inf") return sign | kExponentMask;
  // The canonical NaN: only the top mantissa bit set (spec 4.3.3 "canonical NaN").
  if (body == "nan") return sign | kExponentMask | (Bits(1) << (kMantissaBits - 1));
  if (body.starts_with("nan:0x")) {
    // The payload is the whole mantissa; zero would be infinity (spec 6.3.2: 1 <= n < 2^M).
    std::optional<uint64_t> payload = natural(body.substr(4));
    if (!payload || *payload == 0 || *payload > kMantissaMask) return std::nullopt;
    return sign | kExponentMask | Bits(*payload);
  }
  if (!is_finite_float(body)) return std::nullopt;

  // strtof / strtod take the same syntax once the underscores are gone, the sign included (so
  // "-0" is negative zero). Converting straight to F matters: a double rounded again to float
  // could round twice. A NUL-terminated copy also keeps strto* inside the token.
  std::string digits;
  digits.reserve(text.size());
  for (char c : text)
    if (c != '_') digits += c;
  char* end = nullptr;
  F value = convert(digits.c_str(), &end, F{});
  if (end != digits.c_str() + digits.size()) return std::nullopt;
  // ERANGE is no help: it is set for results that underflow to a subnormal or zero, which are
  // fine, as well as for overflow. A finite literal must not round to infinity.
  if (std::isinf(value)) return std::nullopt;
  return std::bit_cast<Bits>(value);
}

}  // namespace

std::optional<uint64_t> parse_unsigned(std::string_view text, unsigned bits) {
  if (bits == 0 || bits > 64) return std::nullopt;
  std::optional<uint64_t> value = natural(text);
  if (!value || (bits < 64 && *value >> bits != 0)) return std::nullopt;
  return value;
}

// Spec 6.3.1: iN ::= uN | sN. A '-' allows magnitudes up to 2^(N-1); without a sign, or with
// '+', the range is uN's (the reference interpreter's reading: "+0xffffffff" is an i32).
std::optional<uint64_t> parse_int(std::string_view text, unsigned bits) {
  if (bits == 0 || bits > 64) return std::nullopt;
  uint64_t mask = bits == 64 ? UINT64_MAX : (uint64_t(1) << bits) - 1;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  std::optional<uint64_t> magnitude = natural(text);
  if (!magnitude) return std::nullopt;
  if (negative) {
    if (*magnitude > uint64_t(1) << (bits - 1)) return std::nullopt;
    return (0 - *magnitude) & mask;  // two's complement, zero-extended from N bits
  }
  if (*magnitude > mask) return std::nullopt;
  return magnitude;
}

std::optional<uint32_t> parse_f32(std::string_view text) {
  return parse_float<float, uint32_t>(text);
}

std::optional<uint64_t> parse_f64(std::string_view text) {
  return parse_float<double, uint64_t>(text);
}

}  // namespace zwasm::text
