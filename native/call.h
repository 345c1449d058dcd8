// One call's arguments, parsed and checked: shared by the sync and async entry points.
#pragma once

#include <napi.h>

#include "gradient.h"
#include "layout.h"

namespace ndgradient {

// Everything parsed from one call's arguments.
struct Call {
  double params[layout::kMaxParams];  // the packed parameters, copied once (layout.h)
  GradientRequest request;
  index_t shape[kMaxDims];
  index_t outShape[kMaxDims];  // the shape, with a chunk's positions along its axis
  index_t strides[kMaxDims];
  index_t outStrides[kMaxDims][kMaxDims];
  bool fresh[kMaxDims];
  size_t outputBytes[kMaxDims];
  index_t count;          // elements of the input view
  int requestedThreads;  // 0: automatic
};

// Parses and checks gradient(input, params, ...arrays) — the first `argumentCount` arguments of
// info — into *call (params: layout.h). On failure a TypeError or RangeError is pending and it
// returns false. Runs no JS.
bool parseCall(const Napi::CallbackInfo& info, size_t argumentCount, Call* call);

// Resolves the thread count and advises huge pages on fresh outputs (before their first write):
// just before computing.
void prepareToCompute(Call* call);

}  // namespace ndgradient
