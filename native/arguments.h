// Argument checks for the Node-API layer.
//
// Each reader validates one argument, throws a TypeError (wrong kind) or RangeError (bad value)
// naming it, and returns false; the caller then returns at once (REQUIRE). No C++ exceptions.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

#include "gradient.h"

namespace ndgradient {

#define REQUIRE(check)                    \
  do {                                    \
    if (!(check)) return env.Undefined(); \
  } while (0)

#if defined(__GNUC__)
#define NDGRADIENT_COLD __attribute__((noinline, cold))
#else
#define NDGRADIENT_COLD
#endif

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1

// numpy's message for an axis shorter than its edge order allows.
constexpr const char* kTooShortForEdgeOrder = "Shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required.";

// The byte range [first, last] an array spans; two overlap where they share a byte.
struct Span {
  std::uintptr_t first;
  std::uintptr_t last;
};

inline bool overlap(const Span& a, const Span& b) { return a.first <= b.last && b.first <= a.last; }

inline bool throwType(Napi::Env env, const std::string& message) {
  Napi::TypeError::New(env, "ndgradient: " + message).ThrowAsJavaScriptException();
  return false;
}

inline bool throwRange(Napi::Env env, const std::string& message) {
  Napi::RangeError::New(env, "ndgradient: " + message).ThrowAsJavaScriptException();
  return false;
}

// What the binding needs of a TypedArray: type, element 0 and length. Runs no JS.
struct TypedArrayInfo {
  napi_typedarray_type type;
  void* data;
  index_t length;
};

inline bool readTypedArray(Napi::Env env, Napi::Value value, const char* name, TypedArrayInfo* info) {
  // napi_get_typedarray_info itself refuses anything but a TypedArray (napi_invalid_arg): no
  // separate type test, one Node-API call less per array on every call.
  size_t length = 0;
  napi_value buffer;
  size_t byteOffset;
  // `data` already points at element 0 (byteOffset applied). A detached view, or a fixed-length
  // view of a resizable buffer that shrank below it, reports length 0: nothing can be read.
  if (napi_get_typedarray_info(env, value, &info->type, &length, &info->data, &buffer, &byteOffset) != napi_ok) {
    return throwType(env, std::string(name) + " must be a TypedArray");
  }
  info->length = static_cast<index_t>(length);
  return true;
}

// The packed numeric parameters of a call (native memory: a copy of the Float64Array), read at
// the positions native/layout.h names; every value is checked as it is read. Names are built
// into a message only when a check fails: the success path of a small call must cost next to
// nothing.
class ParamReader {
 public:
  ParamReader(Napi::Env env, const double* values, index_t length) : env_(env), values_(values), length_(length) {}

  // The value at `position`, an integer in [min, max]; `axis` >= 0 prefixes the name with the
  // axis entry.
  bool integer(const char* name, index_t position, double min, double max, index_t* out, int axis = -1) {
    double value = 0.0;
    if (!number(name, position, &value, axis)) return false;
    // In range first (NaN fails), then integral: a cast round trip, cheaper than floor() from libm
    // (baseline x86-64 has no rounding instruction) on every value of every call.
    if (!(value >= min && value <= max) || static_cast<double>(static_cast<index_t>(value)) != value) {
      return notAnInteger(name, min, max, value, axis);
    }
    *out = static_cast<index_t>(value);
    return true;
  }

  // The value at `position`, any number.
  bool number(const char* name, index_t position, double* out, int axis = -1) {
    if (position >= length_) return endsBefore(name, axis);
    *out = values_[position];
    return true;
  }

  static std::string label(const char* name, int axis) {
    return axis < 0 ? std::string(name) : "axis entry " + std::to_string(axis) + " " + name;
  }

 private:
  // The failures build their messages out of line, so that the checks above stay small enough to
  // inline into every call's parsing.
  NDGRADIENT_COLD bool notAnInteger(const char* name, double min, double max, double value, int axis) {
    return throwRange(env_, label(name, axis) + " must be an integer from " + std::to_string(static_cast<index_t>(min)) + " to " +
                                std::to_string(static_cast<index_t>(max)) + ", got " + std::to_string(value));
  }
  NDGRADIENT_COLD bool endsBefore(const char* name, int axis) { return throwRange(env_, "parameters end before " + label(name, axis)); }

  Napi::Env env_;
  const double* values_;
  index_t length_;
};

inline bool dtypeOf(napi_typedarray_type type, DType* dtype) {
  switch (type) {
    case napi_float64_array: *dtype = DType::Float64; return true;
    case napi_float32_array: *dtype = DType::Float32; return true;
    case napi_int8_array: *dtype = DType::Int8; return true;
    case napi_uint8_array: *dtype = DType::Uint8; return true;
    case napi_uint8_clamped_array: *dtype = DType::Uint8; return true;
    case napi_int16_array: *dtype = DType::Int16; return true;
    case napi_uint16_array: *dtype = DType::Uint16; return true;
    case napi_int32_array: *dtype = DType::Int32; return true;
    case napi_uint32_array: *dtype = DType::Uint32; return true;
    case napi_bigint64_array: *dtype = DType::Int64; return true;
    case napi_biguint64_array: *dtype = DType::Uint64; return true;
    default: return false;
  }
}

inline size_t elementSize(DType dtype) {
  switch (dtype) {
    case DType::Complex128: return 16;
    case DType::Float64: case DType::Int64: case DType::Uint64: case DType::Complex64: return 8;
    case DType::Float32: case DType::Int32: case DType::Uint32: return 4;
    case DType::Int16: case DType::Uint16: case DType::Float16: return 2;
    default: return 1;
  }
}

// numpy's name of an element type, for messages.
inline const char* dtypeName(DType dtype) {
  switch (dtype) {
    case DType::Float64: return "float64";
    case DType::Float32: return "float32";
    case DType::Int8: return "int8";
    case DType::Uint8: return "uint8";
    case DType::Int16: return "int16";
    case DType::Uint16: return "uint16";
    case DType::Int32: return "int32";
    case DType::Uint32: return "uint32";
    case DType::Int64: return "int64";
    case DType::Uint64: return "uint64";
    case DType::Complex128: return "complex128";
    case DType::Complex64: return "complex64";
    case DType::Float16: return "float16";
  }
  return "unknown";
}

// Complex data: interleaved (re, im) values, two TypedArray values an element.
inline bool isComplex(DType dtype) { return dtype == DType::Complex128 || dtype == DType::Complex64; }
inline index_t valuesPerElement(DType dtype) { return isComplex(dtype) ? 2 : 1; }

// The element type of the results (numpy's): the input's for float32, float16 and complex input,
// float64 for every other.
inline DType resultDType(DType dtype) {
  return dtype == DType::Float32 || dtype == DType::Float16 || isComplex(dtype) ? dtype : DType::Float64;
}

}  // namespace ndgradient
