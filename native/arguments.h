// Argument checks for the Node-API layer.
//
// Each reader validates one argument, throws a TypeError (wrong kind) or RangeError (bad value)
// naming it, and returns false; the caller then returns at once (REQUIRE). No C++ exceptions.
#pragma once

#include <napi.h>

#include <cmath>

#include "gradient.h"

namespace ndgradient {

#define REQUIRE(check)                  \
  do {                                  \
    if (!(check)) return env.Undefined(); \
  } while (0)

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1

inline bool throwType(Napi::Env env, const std::string& message) {
  Napi::TypeError::New(env, "ndgradient: " + message).ThrowAsJavaScriptException();
  return false;
}

inline bool throwRange(Napi::Env env, const std::string& message) {
  Napi::RangeError::New(env, "ndgradient: " + message).ThrowAsJavaScriptException();
  return false;
}

// An integer-valued number in [min, max] (both within ±(2^53 - 1)).
inline bool readInteger(Napi::Env env, Napi::Value value, const std::string& name, double min,
                        double max, index_t* out) {
  if (!value.IsNumber()) return throwType(env, name + " must be a number");
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!(std::floor(number) == number) || number < min || number > max) {
    return throwRange(env, name + " must be an integer from " + std::to_string(static_cast<index_t>(min)) +
                               " to " + std::to_string(static_cast<index_t>(max)));
  }
  *out = static_cast<index_t>(number);
  return true;
}

// A JS array of `ndim` integers in [min, max]; ndim = -1 accepts 1..kMaxDims entries and sets it.
// Reading an element may run JS (a getter), so callers read every array before taking any
// TypedArray's data pointer.
inline bool readIndexArray(Napi::Env env, Napi::Value value, const std::string& name, double min,
                           int* ndim, index_t* out) {
  if (!value.IsArray()) return throwType(env, name + " must be an array of integers");
  Napi::Array array = value.As<Napi::Array>();
  const uint32_t length = array.Length();
  if (*ndim < 0 && (length < 1 || length > static_cast<uint32_t>(kMaxDims))) {
    return throwRange(env, name + " must have 1 to " + std::to_string(kMaxDims) + " entries");
  }
  if (*ndim >= 0 && length != static_cast<uint32_t>(*ndim)) {
    return throwRange(env, name + " must have " + std::to_string(*ndim) + " entries");
  }
  for (uint32_t i = 0; i < length; ++i) {
    Napi::Value entry;
    if (!array.Get(i).UnwrapTo(&entry)) return false;  // a getter threw: its error is pending
    if (!readInteger(env, entry, name + "[" + std::to_string(i) + "]", min, kMaxSafeInteger, &out[i])) {
      return false;
    }
  }
  *ndim = static_cast<int>(length);
  return true;
}

// What the binding needs of a TypedArray: type, element 0 and length. Runs no JS.
struct TypedArrayInfo {
  napi_typedarray_type type;
  void* data;
  index_t length;
};

inline bool readTypedArray(Napi::Env env, Napi::Value value, const std::string& name,
                           TypedArrayInfo* info) {
  if (!value.IsTypedArray()) return throwType(env, name + " must be a TypedArray");
  size_t length = 0;
  napi_value buffer;
  size_t byteOffset;
  // `data` already points at element 0 (byteOffset applied). A detached view, or a fixed-length
  // view of a resizable buffer that shrank below it, reports length 0: nothing can be read.
  if (napi_get_typedarray_info(env, value, &info->type, &length, &info->data, &buffer, &byteOffset) != napi_ok) {
    return throwType(env, name + " must be a TypedArray");
  }
  info->length = static_cast<index_t>(length);
  return true;
}

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
    case DType::Float64: case DType::Int64: case DType::Uint64: return 8;
    case DType::Float32: case DType::Int32: case DType::Uint32: return 4;
    case DType::Int16: case DType::Uint16: return 2;
    default: return 1;
  }
}

}  // namespace ndgradient
