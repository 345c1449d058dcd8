"""Large arrays for test/streaming.test.ts: outputs past 16 MiB an axis, where the native
kernels write the interior with streaming stores (native/streaming.h) and compute several axes
slab by slab (native/gradient.cc).

    python3 test/numpy/large.py DIRECTORY

writes, for each case, NAME.f (the input's bytes, C order), NAME.xJ (coordinates of the J-th
spacing argument, where it has them) and NAME.0, NAME.1 ... (numpy's gradients), and prints
the cases as JSON. The values are random with the awkward ones mixed in
(NaN, infinities, signed zeros, subnormals, huge magnitudes), so a lane computed wrong or not
at all shows in the bits.
"""
import json
import os
import sys

import numpy as np

rng = np.random.default_rng(20261203)


def values(shape, dtype):
    f = rng.standard_normal(shape).astype(dtype)
    flat = f.reshape(-1)
    info = np.finfo(dtype)
    awkward = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, info.tiny / 4, -info.tiny, info.max / 2, -info.max], dtype=dtype)
    at = rng.choice(flat.size, size=flat.size // 97, replace=False)
    flat[at] = awkward[rng.integers(0, awkward.size, at.size)]
    return f


def coordinates(n):
    return np.cumsum(rng.uniform(0.25, 1.75, n))


# name, shape, dtype, spacing per computed axis (a Python float: numpy's weak scalar; 'x':
# float64 coordinates), axis, edge order
cases = [
    ('1-d float64, step 1 (by reciprocal)', [2_200_001], 'float64', [1.0], None, 1),
    ('1-d float64, step 3 (divided)', [2_200_003], 'float64', [3.0], None, 1),
    ('1-d float32, step 0.5', [4_400_002], 'float32', [0.5], None, 1),
    ('1-d float32, step 0.7 (divided)', [4_400_001], 'float32', [0.7], None, 2),
    ('1-d float64, coordinates', [2_200_005], 'float64', ['x'], None, 2),
    ('1-d float32, float64 coordinates', [4_400_003], 'float32', ['x'], None, 1),
    ('2-d float64, both axes', [600, 3_601], 'float64', [1.0], None, 1),
    ('2-d float32, both axes, step 0.3', [1_201, 3_600], 'float32', [0.3], None, 1),
    ('2-d float64, both axes, coordinates, edge order 2', [601, 3_600], 'float64', ['x', 'x'], None, 2),
    ('2-d float64, steps 0.1 and 3, edge order 2', [3_600, 601], 'float64', [0.1, 3.0], None, 2),
    ('3-d float64, axis 1', [5, 450, 1_001], 'float64', [1.0], 1, 1),
    # short lanes: a few whole cache lines streamed between ordinarily stored ends and tails
    ('2-d float64, lanes of 130, axis 1', [16_200, 130], 'float64', [1.0], 1, 1),
    ('2-d float32, lanes of 260, axis 1, step 0.7', [16_200, 260], 'float32', [0.7], 1, 2),
    ('2-d float64, coordinate lanes of 600, axis 1', [3_500, 601], 'float64', ['x'], 1, 2),
    ('3-d float64, all axes', [40, 301, 299], 'float64', [1.0], None, 1),
    ('3-d float32, axes 0 and 2', [70, 299, 301], 'float32', [0.5, 'x'], [0, 2], 2),
]

directory = sys.argv[1]
listing = []
for k, (name, shape, dtype, spacing, axis, edge_order) in enumerate(cases):
    f = values(shape, dtype)
    stem = os.path.join(directory, str(k))
    f.tofile(stem + '.f')
    axes = list(range(len(shape))) if axis is None else [axis] if isinstance(axis, int) else axis
    args = []
    for j, s in enumerate(spacing):
        if s == 'x':
            x = coordinates(shape[axes[j]])
            x.tofile(f'{stem}.x{j}')
            args.append(x)
        else:
            args.append(s)
    with np.errstate(all='ignore'):
        result = np.gradient(f, *args, axis=axis, edge_order=edge_order)
    results = result if isinstance(result, (list, tuple)) else [result]
    for j, r in enumerate(results):
        assert r.dtype == f.dtype
        r.tofile(f'{stem}.{j}')
    listing.append({'name': name, 'stem': stem, 'shape': shape, 'dtype': dtype, 'spacing': spacing, 'axis': axis, 'edgeOrder': edge_order, 'results': len(results)})
print(json.dumps(listing))
