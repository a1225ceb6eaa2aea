// Typed host functions and typed calls: the wasm function type is deduced from C++ signatures
// through ValueTraits (int32_t/uint32_t <-> i32, int64_t/uint64_t <-> i64, float <-> f32,
// double <-> f64; a std::tuple of them is a multi-value result). Included by zwasm.h.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "zwasm/zwasm.h"

namespace zwasm::api::detail {

// ---- Results: void, one value, or a tuple ------------------------------------------------------

// kTypes has a trailing placeholder so it is never an empty array; kCount is the real count.
template <class R>
struct ResultTypes {
  static_assert(ValueTraits<R>::supported,
                "zwasm: a result must be void, int32_t, uint32_t, int64_t, uint64_t, float, "
                "double, or a std::tuple of those");
  static constexpr ValType kTypes[] = {ValueTraits<R>::type, ValType::I32};
  static constexpr size_t kCount = 1;
  static std::vector<ValType> types() { return {ValueTraits<R>::type}; }
  static void write(const R& r, uint64_t* cells) { cells[0] = ValueTraits<R>::to_bits(r); }
  static R read(const uint64_t* cells) { return ValueTraits<R>::from_bits(cells[0]); }
};

template <>
struct ResultTypes<void> {
  static constexpr ValType kTypes[] = {ValType::I32};
  static constexpr size_t kCount = 0;
  static std::vector<ValType> types() { return {}; }
};

template <class... T>
struct ResultTypes<std::tuple<T...>> {
  static_assert((ValueTraits<T>::supported && ...),
                "zwasm: every tuple element must be int32_t, uint32_t, int64_t, uint64_t, "
                "float or double");
  static constexpr ValType kTypes[] = {ValueTraits<T>::type..., ValType::I32};
  static constexpr size_t kCount = sizeof...(T);
  static std::vector<ValType> types() { return {ValueTraits<T>::type...}; }
  static void write(const std::tuple<T...>& r, uint64_t* cells) {
    write_each(r, cells, std::index_sequence_for<T...>{});
  }
  static std::tuple<T...> read(const uint64_t* cells) {
    return read_each(cells, std::index_sequence_for<T...>{});
  }

 private:
  template <size_t... I>
  static void write_each(const std::tuple<T...>& r, uint64_t* cells, std::index_sequence<I...>) {
    ((cells[I] = ValueTraits<T>::to_bits(std::get<I>(r))), ...);
  }
  template <size_t... I>
  static std::tuple<T...> read_each(const uint64_t* cells, std::index_sequence<I...>) {
    return std::tuple<T...>{ValueTraits<T>::from_bits(cells[I])...};
  }
};

// ---- The signature of a callable ---------------------------------------------------------------

template <class R, class... A>
struct Signature {
  using result = R;
  using args = std::tuple<A...>;
};

// Lambdas and other function objects: the signature of their (single, non-template) operator().
template <class F, class = void>
struct CallableTraits {
  static_assert(sizeof(F) == 0,
                "zwasm: a typed host function must be a function pointer or a callable with one "
                "non-template operator() (use the FuncType + HostFunc form otherwise)");
};
template <class F>
struct CallableTraits<F, std::void_t<decltype(&F::operator())>>
    : CallableTraits<decltype(&F::operator())> {};
template <class R, class... A>
struct CallableTraits<R (*)(A...)> : Signature<R, A...> {};
template <class R, class... A>
struct CallableTraits<R (*)(A...) noexcept> : Signature<R, A...> {};
template <class R, class C, class... A>
struct CallableTraits<R (C::*)(A...)> : Signature<R, A...> {};
template <class R, class C, class... A>
struct CallableTraits<R (C::*)(A...) const> : Signature<R, A...> {};
template <class R, class C, class... A>
struct CallableTraits<R (C::*)(A...) noexcept> : Signature<R, A...> {};
template <class R, class C, class... A>
struct CallableTraits<R (C::*)(A...) const noexcept> : Signature<R, A...> {};

// ---- Binding a typed callable to the cell calling convention ----------------------------------

template <class P>
using Param = std::remove_cvref_t<P>;

// Parameters without a leading Caller&.
template <class R, class ParamTuple, bool kTakesCaller>
struct HostBindingImpl;

template <class R, class... P, bool kTakesCaller>
struct HostBindingImpl<R, std::tuple<P...>, kTakesCaller> {
  static_assert((ValueTraits<Param<P>>::supported && ...),
                "zwasm: host function parameters must be int32_t, uint32_t, int64_t, uint64_t, "
                "float or double (optionally preceded by zwasm::api::Caller&)");
  static_assert(((!std::is_reference_v<P> || std::is_const_v<std::remove_reference_t<P>>) && ...),
                "zwasm: host function parameters are values: take them by value or const&");

  static FuncType type() { return FuncType{{ValueTraits<Param<P>>::type...}, ResultTypes<R>::types()}; }

  template <class F>
  static void invoke(F& f, Caller& caller, const uint64_t* args, uint64_t* results) {
    invoke_with(f, caller, args, results, std::index_sequence_for<P...>{});
  }

 private:
  template <class F, size_t... I>
  static void invoke_with(F& f, Caller& caller, [[maybe_unused]] const uint64_t* args,
                          [[maybe_unused]] uint64_t* results, std::index_sequence<I...>) {
    // Read every argument before any result is written: the two buffers may alias.
    std::tuple<Param<P>...> params{ValueTraits<Param<P>>::from_bits(args[I])...};
    auto call = [&]() -> R {
      if constexpr (kTakesCaller) {
        return f(caller, std::get<I>(params)...);
      } else {
        return f(std::get<I>(params)...);
      }
    };
    if constexpr (std::is_void_v<R>) {
      call();
    } else {
      R r = call();
      if (!caller.trapped()) ResultTypes<R>::write(r, results);
    }
  }
};

template <class R, class Args>
struct HostBinding : HostBindingImpl<R, Args, false> {};
template <class R, class... P>
struct HostBinding<R, std::tuple<Caller&, P...>> : HostBindingImpl<R, std::tuple<P...>, true> {};

}  // namespace zwasm::api::detail

namespace zwasm::api {

template <class F>
Func Linker::func(std::string_view module, std::string_view name, F callback) {
  using Traits = detail::CallableTraits<std::decay_t<F>>;
  using Binding = detail::HostBinding<typename Traits::result, typename Traits::args>;
  return define_raw(module, name, Binding::type(),
                    [callback = std::move(callback)](Caller& caller, const uint64_t* args,
                                                     uint64_t* results) mutable {
                      Binding::invoke(callback, caller, args, results);
                    });
}

// A typed call allocates nothing: the signature is compared with compile-time type lists, and
// arguments and results travel in a cell array on the stack.
template <class R, class... Args>
Result<R, Trap> Func::call(Args... args) const {
  static_assert((ValueTraits<Args>::supported && ...),
                "zwasm: call arguments must be int32_t, uint32_t, int64_t, uint64_t, float or "
                "double (cast literals, e.g. int64_t{1})");
  using Results = detail::ResultTypes<R>;
  static constexpr ValType kParams[] = {ValueTraits<Args>::type..., ValType::I32};
  if (!detail::has_signature(raw_, kParams, sizeof...(Args), Results::kTypes, Results::kCount))
    return detail::signature_mismatch(raw_, kParams, sizeof...(Args), Results::kTypes,
                                      Results::kCount);
  constexpr size_t kCells = std::max<size_t>({sizeof...(Args), Results::kCount, 1});
  uint64_t cells[kCells] = {ValueTraits<Args>::to_bits(args)...};
  if (std::optional<Trap> trap = detail::call_cells(raw_, cells)) return std::move(*trap);
  if constexpr (std::is_void_v<R>) {
    return {};
  } else {
    return Results::read(cells);
  }
}

template <class R, class... Args>
Result<R, Trap> Instance::call(std::string_view name, Args... args) const {
  std::optional<Func> f = func(name);
  if (!f) return detail::invalid_call("no exported function named \"" + std::string(name) + "\"");
  return f->template call<R>(args...);
}

}  // namespace zwasm::api
