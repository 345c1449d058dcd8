// One call's arguments, parsed and checked: shared by the sync and async entry points.
#pragma once

#include <napi.h>

#include "gradient.h"

namespace ndgradient {

// The most packed parameters a call can have: the header, shape and strides of 64 dimensions, and
// 64 axes of 5 values and 64 output strides each.
constexpr int kMaxParams = 6 + 2 * kMaxDims + kMaxDims * (5 + kMaxDims);

// Everything parsed from one call's arguments.
struct Call {
  double params[kMaxParams];  // the packed parameters, copied once
  GradientRequest request;
  index_t shape[kMaxDims];
  index_t strides[kMaxDims];
  index_t outStrides[kMaxDims][kMaxDims];
  bool fresh[kMaxDims];
  size_t outputBytes[kMaxDims];
  index_t count;          // elements of the input view
  int requestedThreads;  // 0: automatic
};

// Parses and checks gradient(input, params, ...arrays) into *call (layout: see addon.cc). On
// failure a TypeError or RangeError is pending and it returns false. Runs no JS.
bool parseCall(const Napi::CallbackInfo& info, Call* call);

// Resolves the thread count and advises huge pages on fresh outputs (before their first write):
// just before computing.
void prepareToCompute(Call* call);

}  // namespace ndgradient
