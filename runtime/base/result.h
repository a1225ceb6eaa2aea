// Result<T>: the error vocabulary of every fallible step before execution (decode, validate, link,
// instantiate). Execution failures are Traps (trap.h), never Errors.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace zwasm {

// A load/validate/link failure. `offset` is the byte offset in the module binary, when known.
struct Error {
  static constexpr size_t kNoOffset = static_cast<size_t>(-1);
  std::string message;
  size_t offset = kNoOffset;

  std::string describe() const {
    if (offset == kNoOffset) return message;
    return message + " (at byte offset " + std::to_string(offset) + ")";
  }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error e) : err_(std::move(e)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return err_; }

 private:
  Error err_;
  bool ok_ = true;
};

inline Error make_error(std::string message, size_t offset = Error::kNoOffset) {
  return Error{std::move(message), offset};
}

}  // namespace zwasm

// Propagates the error of a Result-returning expression.
#define ZW_TRY(expr)                                  \
  do {                                                \
    auto zw_try_r_ = (expr);                          \
    if (!zw_try_r_.ok()) return zw_try_r_.error();    \
  } while (0)
