#!/usr/bin/env python3
"""numpy as the oracle: writes gradient cases with numpy's exact results for the JS tests.

    python3 test/numpy/oracle.py fixtures OUT.json            curated cases (deterministic)
    python3 test/numpy/oracle.py random OUT.json SEED COUNT   random cases for the differential test
    python3 test/numpy/oracle.py batch OUT.json IN.jsonl      cases made elsewhere, completed by numpy
    python3 test/numpy/oracle.py stencil-fixtures OUT.json    boundaries and accuracy orders (README: Boundaries and accuracy)
    python3 test/numpy/oracle.py stencil-random OUT.json SEED COUNT

Every array travels as base64 of its raw little-endian bytes, so NaN payloads, -0, infinities and
subnormals arrive bit for bit. An input is a view (shape, strides and offset in elements) over a
C-order base buffer, built here by numpy slicing, so the JS side reads the very same elements.
"""
import base64
import json
import sys
import warnings

import numpy as np

import reference
import stencil

# JS TypedArray dtypes -> numpy dtypes (Uint8ClampedArray reads as uint8).
NUMPY_DTYPE = {
    'float64': np.float64, 'float32': np.float32, 'int8': np.int8, 'uint8': np.uint8,
    'uint8c': np.uint8, 'int16': np.int16, 'uint16': np.uint16, 'int32': np.int32,
    'uint32': np.uint32, 'int64': np.int64, 'uint64': np.uint64,
    'complex128': np.complex128, 'complex64': np.complex64, 'float16': np.float16,
}
COMPLEX_DTYPES = ['complex128', 'complex64']
INTEGER_DTYPES = ['int8', 'uint8', 'uint8c', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64']
SPECIAL = [np.nan, np.inf, -np.inf, -0.0, 0.0, 1e308, -1e308, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300]


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array).astype(array.dtype.newbyteorder('<')).tobytes()).decode()


def group_of(dtype):
    return dtype if dtype in ('float64', 'float32', 'complex128', 'complex64', 'float16') else 'integer'


def encode_view(base, view, dtype):
    """The view as (base buffer, shape, strides, offset) in elements."""
    item = base.itemsize
    offset = (view.__array_interface__['data'][0] - base.__array_interface__['data'][0]) // item
    return {
        'dtype': dtype, 'buffer': b64(base), 'shape': list(view.shape),
        'strides': [s // item for s in view.strides], 'offset': int(offset),
    }


def encode_spacing(spacing):
    """spacing: ('number', float) | ('zerod', dtype, value) | ('coords', form, dtype, values)."""
    if spacing[0] == 'number':
        return {'type': 'number', 'value': b64(np.array([spacing[1]], np.float64))}
    if spacing[0] == 'zerod':
        return {'type': 'zerod', 'dtype': spacing[1], 'value': b64(np.array([spacing[2]], NUMPY_DTYPE[spacing[1]]))}
    _, form, dtype, values = spacing
    return {'type': 'coords', 'form': form, 'dtype': dtype, 'buffer': b64(np.asarray(values, NUMPY_DTYPE[dtype]))}


def numpy_spacing(spacing):
    """The same spacing as numpy sees it: a JS number is a Python float (a weak scalar)."""
    if spacing[0] == 'number':
        return float(spacing[1])
    if spacing[0] == 'zerod':
        return np.array(spacing[2], NUMPY_DTYPE[spacing[1]])
    _, form, dtype, values = spacing
    if form == 'list':
        return [float(v) for v in np.asarray(values, np.float64)]
    return np.asarray(values, NUMPY_DTYPE[dtype])


def plain_gradient(view, spacing, axis, edge_order):
    with warnings.catch_warnings(), np.errstate(all='ignore'):
        warnings.simplefilter('ignore')
        try:
            return np.gradient(view, *[numpy_spacing(s) for s in spacing], axis=axis, edge_order=edge_order)
        except ZeroDivisionError:
            # A Python float 0 makes numpy's edge-order-2 coefficients (-1.5 / h) raise. ndgradient
            # computes IEEE infinities instead (README): numpy's values for the same zero as a 0-d
            # array of the data's float type, which promotes exactly as the weak number does.
            zero = np.float16 if view.dtype == np.float16 else np.float32 if view.dtype in (np.float32, np.complex64) else np.float64
            return np.gradient(view, *[np.array(s[1], zero) if s[0] == 'number' else numpy_spacing(s) for s in spacing],
                               axis=axis, edge_order=edge_order)


def make_case(name, base, view, dtype, spacing, axis, edge_order, boundary=None, period=None, accuracy=2):
    """One case with numpy's result: np.gradient itself; with boundaries at accuracy 2, np.gradient
    on the padded array (README: Boundaries and accuracy); above accuracy 2, the independent reference (reference.py)."""
    if boundary is None and accuracy == 2:
        result = plain_gradient(view, spacing, axis, edge_order)
    else:
        axes = stencil.computed_axes(axis, view.ndim)
        ends = stencil.ends_per_axis(boundary, axes)
        periods = stencil.periods_per_axis(period, axes)
        spacings = [spacing[0]] * len(axes) if len(spacing) == 1 else spacing
        results = []
        for k, a in enumerate(axes):
            s = numpy_spacing(spacings[k]) if spacings else 1.0
            if accuracy == 2:
                results.append(stencil.padded_gradient(view, s, a, ends[k], periods[k], edge_order))
            else:
                results.append(reference.gradient_axis(view, s, a, ends[k], periods[k], accuracy))
        result = results[0] if len(axes) == 1 else tuple(results)  # numpy's rule: one axis, a bare array
    results = [result] if isinstance(result, np.ndarray) else list(result)
    case = {
        'name': name, 'group': group_of(dtype), 'input': encode_view(base, view, dtype),
        'spacing': [encode_spacing(s) for s in spacing], 'axis': axis, 'edgeOrder': edge_order,
        'single': isinstance(result, np.ndarray),
        'expected': [{'dtype': str(r.dtype), 'shape': list(r.shape), 'buffer': b64(r)} for r in results],
    }
    if boundary is not None:
        case['boundary'] = stencil.encode_boundary(boundary)
    if period is not None:
        case['period'] = period
    if accuracy != 2:
        case['accuracy'] = accuracy
    return case


# ---------------------------------------------------------------------------------------------
# Random cases

def random_values(rng, dtype, size):
    if dtype in COMPLEX_DTYPES:
        # Each part as a float's: specials (NaN, infinities, signed zeros) in either part.
        real = 'float64' if dtype == 'complex128' else 'float32'
        values = random_values(rng, real, size).astype(NUMPY_DTYPE[dtype])
        values.imag = random_values(rng, real, size)
        if rng.random() < 0.2:
            values.imag = 0.0 if rng.random() < 0.5 else -0.0
        return values
    if dtype in ('float64', 'float32', 'float16'):
        scale = 10.0 ** (rng.uniform(-3, 3) if dtype != 'float16' else rng.uniform(-2, 2))
        values = rng.standard_normal(size) * scale
        if rng.random() < 0.3:
            values = np.round(values)
        if rng.random() < 0.25:
            k = rng.integers(1, max(2, size // 4 + 1))
            values[rng.integers(0, size, k)] = rng.choice(SPECIAL, k)
        return values.astype(NUMPY_DTYPE[dtype])
    info = np.iinfo(NUMPY_DTYPE[dtype])
    if rng.random() < 0.5:
        return rng.integers(info.min, info.max, size, dtype=NUMPY_DTYPE[dtype], endpoint=True)
    low = max(info.min, -1000)
    return rng.integers(low, min(info.max, 1000), size, endpoint=True).astype(NUMPY_DTYPE[dtype])


def random_shape(rng, ndim, min_length):
    """Mostly small shapes; some with a wide dimension, so that the native walk takes whole rows
    (16+ elements) and row blocks (2048+)."""
    shape = [int(rng.integers(min_length, 8)) for _ in range(ndim)]
    if rng.random() < 0.3:
        wide = int(rng.integers(0, ndim))
        limit = 5000 if ndim <= 2 and rng.random() < 0.3 else 300
        shape[wide] = int(rng.integers(16, limit))
        # at most ~20 000 elements (before stepping), so that a run stays small
        others = int(np.prod(shape)) // shape[wide]
        shape[wide] = max(16, min(shape[wide], 20000 // others))
    return shape


def random_view(rng, dtype, ndim, min_length):
    """A view of a random shape, possibly transposed, stepped, reversed and offset."""
    shape = random_shape(rng, ndim, min_length)
    steps = [int(rng.choice([1, 1, 2, -1, -2])) for _ in range(ndim)]
    starts = [int(rng.integers(0, 2)) for _ in range(ndim)]
    base_shape = [n * abs(s) + start for n, s, start in zip(shape, steps, starts)]
    base = random_values(rng, dtype, int(np.prod(base_shape))).reshape(base_shape)
    index = []
    for n, s, start, total in zip(shape, steps, starts, base_shape):
        if s > 0:
            index.append(slice(start, start + n * s, s))
        else:
            first = total - 1 - start
            index.append(slice(first, first + n * s if first + n * s >= 0 else None, s))
    view = base[tuple(index)]
    if ndim > 1 and rng.random() < 0.4:
        view = view.transpose(rng.permutation(ndim))
    return base, view


def random_coordinates(rng, n):
    kind = rng.choice(['sorted', 'uniform', 'linspace', 'unsorted', 'repeated', 'integer', 'float32', 'ndarray', 'float16'])
    if kind == 'float16':
        x = np.cumsum(rng.uniform(0.05, 2, n)).astype(np.float16)
        if rng.random() < 0.3:
            x = (np.arange(n) * np.float16(0.25)).astype(np.float16)
        return ('coords', str(rng.choice(['typed', 'ndarray'])), 'float16', x)
    if kind == 'uniform':
        return ('coords', 'list', 'float64', np.arange(n) * float(rng.choice([0.5, 3.0, 0.1, -2.0, 1e-3])))
    if kind == 'linspace':
        return ('coords', 'typed', 'float64', np.linspace(rng.uniform(-5, 5), rng.uniform(5, 50), n))
    if kind == 'unsorted':
        return ('coords', 'list', 'float64', rng.uniform(-10, 10, n))
    if kind == 'repeated':
        x = np.sort(rng.integers(0, n, n)).astype(np.float64)
        return ('coords', 'list', 'float64', x)
    if kind == 'integer':
        dtype = str(rng.choice(['int32', 'uint16', 'int8', 'int64'] if n <= 100 else ['int32', 'uint16', 'int64']))
        return ('coords', 'typed', dtype, np.sort(rng.choice(np.arange(0, max(100, 3 * n)), n, replace=False)))
    if kind == 'float32':
        x = np.cumsum(rng.uniform(0.01, 2, n)).astype(np.float32)
        if rng.random() < 0.3:
            x = (np.arange(n) * np.float32(0.25)).astype(np.float32)
        return ('coords', 'typed', 'float32', x)
    if kind == 'ndarray':
        return ('coords', 'ndarray', 'float64', np.cumsum(rng.uniform(0.01, 2, n)))
    return ('coords', 'typed', 'float64', np.cumsum(rng.uniform(0.01, 2, n)) * 10.0 ** rng.uniform(-3, 3))


def random_scalar(rng):
    kind = rng.choice(['number', 'number', 'number', 'zerod64', 'zerod32', 'zerodint', 'zerod16'])
    value = float(rng.choice([1.0, 2.0, 0.5, 0.3, -1.5, 0.1, 1e-7, 3e5])) * (1 if rng.random() < 0.8 else rng.uniform(0.5, 2))
    if kind == 'number':
        return ('number', value)
    if kind == 'zerod64':
        return ('zerod', 'float64', value)
    if kind == 'zerod32':
        return ('zerod', 'float32', value)
    if kind == 'zerod16':
        return ('zerod', 'float16', value)
    return ('zerod', 'int32', int(rng.integers(1, 5)))


def random_axis(rng, ndim):
    """The axis option in one of its forms (none, an int, a list), and the axes it computes."""
    axis_form = rng.choice(['none', 'int', 'list'])
    if axis_form == 'int':
        axis = int(rng.integers(-ndim, ndim))
        return axis, [axis % ndim]
    if axis_form == 'list':
        axes = [int(a) for a in rng.permutation(ndim)[: rng.integers(1, ndim + 1)]]
        return axes, axes
    return None, list(range(ndim))


def random_spacing(rng, view, axes, scalar_share):
    """The spacing arguments in one of their forms (none, one scalar, one per computed axis, each a
    scalar with probability scalar_share, else coordinates), and which form."""
    form = rng.choice(['none', 'scalar', 'per-axis'])
    if form == 'scalar':
        return form, [random_scalar(rng)]
    if form == 'per-axis':
        return form, [random_scalar(rng) if rng.random() < scalar_share else random_coordinates(rng, view.shape[a]) for a in axes]
    return form, []


def random_case(rng, index, group):
    dtype = group if group != 'integer' else str(rng.choice(INTEGER_DTYPES))
    edge_order = int(rng.integers(1, 3))
    ndim = int(rng.integers(1, 5))
    base, view = random_view(rng, dtype, ndim, edge_order + 1)
    axis, axes = random_axis(rng, ndim)
    _, spacing = random_spacing(rng, view, axes, 0.4)
    return make_case(f'random {index}', base, view, dtype, spacing, axis, edge_order)


def random_cases(seed, count, groups=('float64', 'integer', 'float32')):
    rng = np.random.default_rng(seed)
    return [random_case(rng, i, groups[i % len(groups)]) for i in range(count)]


# ---------------------------------------------------------------------------------------------
# Stencils (README: Boundaries and accuracy): boundary modes, periods and accuracy orders

MODES = ['numpy', 'periodic', 'reflect', 'symmetric', 'constant']
CONSTANTS = [0.0, -0.0, 1.5, -3.0, 1e308, np.inf, np.nan, 2.0 ** -1074]


def random_mode(rng):
    mode = str(rng.choice(MODES))
    return {'constant': float(rng.choice(CONSTANTS))} if mode == 'constant' else mode


def random_boundary(rng, count):
    """The option in each of its forms: one for all, one per axis, { left, right }."""
    form = rng.choice(['one', 'one', 'per-axis', 'left-right'])
    def axis_boundary():
        return {'left': random_mode(rng), 'right': random_mode(rng)} if rng.random() < 0.35 else random_mode(rng)
    if form == 'per-axis':
        return [axis_boundary() for _ in range(count)]
    if form == 'left-right':
        return {'left': random_mode(rng), 'right': random_mode(rng)}
    return random_mode(rng)


def period_for(rng, x):
    """A period larger than the span: sometimes the one that keeps uniform coordinates uniform."""
    x = np.asarray(x, np.float64)
    n = len(x)
    span = abs(float(x[-1] - x[0]))
    if rng.random() < 0.3 and n > 1:
        return span * n / (n - 1) if span > 0 else 1.0
    period = span * float(rng.uniform(1.01, 1.5)) + float(rng.choice([0.0, 1.0]))
    return period if period > span else span + 1.0  # coordinates of span 0 (all equal) still need one


def needs_period(boundary, k):
    b = boundary[k] if isinstance(boundary, list) else boundary
    ends = [b['left'], b['right']] if isinstance(b, dict) and 'left' in b else [b]
    return 'periodic' in ends


def random_stencil_case(rng, index, group):
    dtype = group if group != 'integer' else str(rng.choice(INTEGER_DTYPES))
    accuracy = int(rng.choice([2, 2, 4, 6, 8]))
    ndim = int(rng.integers(1, 4))
    shape = [int(rng.integers(accuracy + 1, accuracy + 7)) for _ in range(ndim)]
    if rng.random() < 0.25:
        shape[int(rng.integers(0, ndim))] = int(rng.integers(16, 300 if ndim > 1 else 3000))
    steps = [int(rng.choice([1, 1, 2, -1])) for _ in range(ndim)]
    base_shape = [n * abs(s) for n, s in zip(shape, steps)]
    base = random_values(rng, dtype, int(np.prod(base_shape))).reshape(base_shape)
    view = base[tuple(slice(None, None, s) for s in steps)]
    if ndim > 1 and rng.random() < 0.3:
        view = view.transpose(rng.permutation(ndim))
    axis, axes = random_axis(rng, ndim)
    boundary = random_boundary(rng, len(axes)) if accuracy == 2 or rng.random() < 0.7 else None
    spacing_form, spacing = random_spacing(rng, view, axes, 0.3)
    period = None
    if boundary is not None and spacing_form == 'per-axis':
        periods = [period_for(rng, s[3]) if s[0] == 'coords' and needs_period(boundary, k) else None for k, s in enumerate(spacing)]
        if any(p is not None for p in periods):
            period = periods
    edge_order = int(rng.integers(1, 3)) if accuracy == 2 else None
    return make_case(f'stencil {index}', base, view, dtype, spacing, axis, edge_order, boundary, period, accuracy)


def random_stencil_cases(seed, count, groups=('float64', 'integer', 'float32')):
    rng = np.random.default_rng(seed)
    return [random_stencil_case(rng, i, groups[i % len(groups)]) for i in range(count)]


def every_pair_of_ends(rng, dtype):
    """Every pair of ends (numpy, periodic, reflect, symmetric, constant 1.5) × a step and
    coordinates × accuracy 2/4/6/8 on an 11×20 array of dtype: the cases, and the array."""
    cases = []
    modes = ['numpy', 'periodic', 'reflect', 'symmetric', {'constant': 1.5}]
    base = random_values(rng, dtype, 11 * 20).reshape(11, 20)
    x0 = np.cumsum(rng.uniform(0.2, 1.5, 11))
    x1 = np.arange(20) * 0.25
    for accuracy in (2, 4, 6, 8):
        for left in modes:
            for right in modes:
                boundary = {'left': left, 'right': right}
                names = f'{left} | {right}'.replace("{'constant': 1.5}", 'constant 1.5')
                eo = None if accuracy != 2 else 2
                cases.append(make_case(f'{dtype} accuracy {accuracy} {names} step', base, base, dtype, [('number', 0.5)], None, eo, boundary, None, accuracy))
                period = [float(x0[-1] - x0[0]) * 1.1, 5.0] if 'periodic' in (left, right) else None
                spacing = [('coords', 'typed', 'float64', x0), ('coords', 'list', 'float64', x1)]
                cases.append(make_case(f'{dtype} accuracy {accuracy} {names} coordinates', base, base, dtype, spacing, None, eo, boundary, period, accuracy))
    return cases, base


def curated_stencil_cases():
    """Every pair of ends × scalar and coordinate spacing × accuracy, on each dtype family and on
    views, walked as rows and as lanes."""
    cases = []
    rng = np.random.default_rng(20261201)
    for dtype in ['float64', 'float32', 'int16']:
        cases += every_pair_of_ends(rng, dtype)[0]
    # Views (stepped, reversed, transposed), float32 coordinates, decreasing coordinates with a
    # period, per-axis boundaries, and an axis list.
    base = random_values(rng, 'float64', 24 * 30).reshape(24, 30)
    view = base[::-2, 1::3].T
    for accuracy in (2, 4, 8):
        eo = 1 if accuracy == 2 else None
        cases.append(make_case(f'view accuracy {accuracy} per-axis boundaries', base, view, 'float64', [], None, eo, ['periodic', {'left': 'reflect', 'right': {'constant': -2.0}}], None, accuracy))
        x = np.linspace(10, 0, view.shape[1]).astype(np.float32)
        cases.append(make_case(f'view accuracy {accuracy} float32 decreasing periodic coordinates', base, view, 'float64', [('coords', 'typed', 'float32', x)], [1], eo, 'periodic', 12.0, accuracy))
        cases.append(make_case(f'view accuracy {accuracy} symmetric axis [1, 0]', base, view, 'float64', [('number', 2.0), ('zerod', 'float32', 0.3)], [1, 0], eo, 'symmetric', None, accuracy))
    # Each native walk: rows (axis 0), rows wider than a block, lanes sharing a weight table, a
    # long single lane; uniform and coordinate spacing.
    for shape, axis in [((40, 40), 0), ((9, 3000), 0), ((50, 30), 1), ((3000,), 0)]:
        for dtype in ['float64', 'float32']:
            base = random_values(rng, dtype, int(np.prod(shape))).reshape(shape)
            n = shape[axis]
            coords = np.cumsum(rng.uniform(0.1, 2, n))
            for accuracy, boundary in [(2, 'periodic'), (4, None), (6, {'left': {'constant': 0.0}, 'right': 'symmetric'}), (8, 'reflect')]:
                eo = 2 if accuracy == 2 else None
                period = float(coords[-1] - coords[0]) + 1.0 if boundary == 'periodic' else None
                cases.append(make_case(f'walk {shape} axis {axis} {dtype} accuracy {accuracy} {boundary}', base, base, dtype, [('number', 0.3)], axis, eo, boundary, None, accuracy))
                cases.append(make_case(f'walk {shape} axis {axis} {dtype} accuracy {accuracy} {boundary} coordinates', base, base, dtype,
                                       [('coords', 'typed', 'float64', coords)], axis, eo, boundary, period, accuracy))
    # Special values beyond the ends and inside.
    for dtype in ['float64', 'float32']:
        values = np.array([np.nan, 1.0, np.inf, -np.inf, 0.0, -0.0, 1e308, -1e308, 5e-324, 2.2e-308, 3.0, -0.0], NUMPY_DTYPE[dtype])
        for accuracy in (2, 4, 6, 8):
            for constant in [np.inf, np.nan, -0.0, 1e308]:
                eo = 1 if accuracy == 2 else None
                cases.append(make_case(f'{dtype} special values accuracy {accuracy} constant {constant}', values, values, dtype, [], None, eo, {'constant': constant}, None, accuracy))
    return cases


# ---------------------------------------------------------------------------------------------
# Curated fixtures: each dimension of the space covered on purpose.

# Complex special values: NaN, infinities and signed zeros in either part, huge and subnormal parts.
COMPLEX_SPECIAL = [complex(np.nan, 1), complex(1, np.nan), complex(np.inf, 0), complex(0, np.inf), complex(-np.inf, -np.inf),
                   complex(-0.0, -0.0), complex(0.0, -0.0), complex(-0.0, 0.0), complex(1e308, 1e308), complex(-1e308, -1e308),
                   complex(5e-324, 5e-324), complex(3, -0.0), complex(np.inf, np.nan), complex(2, 2)]


FLOAT16_SPECIAL = [np.nan, 1.0, np.inf, -np.inf, 0.0, -0.0, 65504.0, -65504.0, 6e-08, 6.1e-05, 3.0, -0.0, 0.1, 2049.0]


def curated_cases(family='real'):
    """The curated cases; for the 'complex' or 'float16' family, the same space on those dtypes."""
    cases = []
    rng = np.random.default_rng(20261125)
    complex_dtypes = family == 'complex'
    others = {'complex': COMPLEX_DTYPES, 'float16': ['float16']}.get(family)
    real_or = (lambda *dtypes: others) if others else (lambda *dtypes: list(dtypes))
    plain = {'complex': 'complex128', 'float16': 'float16'}.get(family, 'float64')

    def add(name, base, view, dtype, spacing=(), axis=None, edge_order=1):
        cases.append(make_case(name, base, view, dtype, list(spacing), axis, edge_order))

    # Every dtype, 1-4 dimensions, both edge orders, on contiguous data.
    for dtype in real_or('float64', 'float32', *INTEGER_DTYPES):
        for ndim in range(1, 5):
            for edge_order in (1, 2):
                shape = [3, 4, 5, 3][:ndim]
                base = random_values(rng, dtype, int(np.prod(shape))).reshape(shape)
                add(f'{dtype} {ndim}-d contiguous eo{edge_order}', base, base, dtype, edge_order=edge_order)

    # Views: transposed, stepped, reversed, offset, and all at once.
    for dtype in real_or('float64', 'float32', 'int16'):
        base = random_values(rng, dtype, 7 * 9 * 6).reshape(7, 9, 6)
        views = {
            'transposed': base.transpose(2, 0, 1),
            'stepped': base[::2, ::3, ::2],
            'reversed': base[::-1, :, ::-1],
            'offset': base[1:, 2:, 3:],
            'mixed': base[5:0:-2, 1::2, ::-1].transpose(1, 2, 0),
        }
        for kind, view in views.items():
            for edge_order in (1, 2):
                add(f'{dtype} {kind} view eo{edge_order}', base, view, dtype, edge_order=edge_order)

    # Spacing forms on a 2-d float64 array (and float32 for the promotion rules).
    for dtype in real_or('float64', 'float32', 'int32'):
        base = random_values(rng, dtype, 6 * 5).reshape(6, 5)
        x0_uneven = [0, 0.5, 1, 3, 5, 7]
        x1 = np.cumsum(rng.uniform(0.1, 1, 5))
        forms = {
            'one scalar': [('number', 2.0)],
            'one scalar 0.3': [('number', 0.3)],
            'scalar per axis': [('number', 0.5), ('number', 3.0)],
            'zerod float64': [('zerod', 'float64', 0.3)],
            'zerod float32': [('zerod', 'float32', 0.3)],
            'zerod int32': [('zerod', 'int32', 3)],
            'coords list + scalar': [('coords', 'list', 'float64', x0_uneven), ('number', 2.0)],
            'coords typed both': [('coords', 'typed', 'float64', x0_uneven), ('coords', 'typed', 'float64', x1)],
            'coords float32': [('coords', 'typed', 'float32', x0_uneven), ('coords', 'typed', 'float32', x1)],
            'coords int': [('coords', 'typed', 'int32', [0, 1, 3, 4, 8, 9]), ('coords', 'typed', 'uint8', [1, 2, 4, 7, 9])],
            'coords uniform-looking': [('coords', 'list', 'float64', np.arange(6) * 3.0), ('coords', 'typed', 'float32', np.arange(5) * 0.5)],
            'coords linspace': [('coords', 'typed', 'float64', np.linspace(0, 1, 6)), ('coords', 'list', 'float64', np.linspace(-2, 3, 5))],
            'coords ndarray view': [('coords', 'ndarray', 'float64', x0_uneven), ('coords', 'ndarray', 'float64', x1)],
            'coords decreasing': [('coords', 'list', 'float64', [7, 5, 3, 1, 0.5, 0]), ('number', -1.0)],
            'coords repeated': [('coords', 'list', 'float64', [0, 1, 1, 2, 3, 3]), ('number', 1.0)],
            'zero spacing': [('number', 0.0)],
            'negative zero spacing': [('number', -0.0)],
            'huge spacing': [('number', 1e308)],
            'tiny spacing': [('number', 5e-324)],
        }
        for kind, spacing in forms.items():
            for edge_order in (1, 2):
                add(f'{dtype} spacing {kind} eo{edge_order}', base, base, dtype, spacing, None, edge_order)

    # A 1-d array's ends are numpy scalars (f[0]), whose complex product is unfused where an array
    # slice's is fused: they differ in the sign of a product that underflows to zero. Parts near
    # the smallest subnormal, spacings that make the edge coefficients tiny; the same values as a
    # column (n, 1) hold the array side.
    if complex_dtypes:
        for dtype in COMPLEX_DTYPES:
            tiny = float(np.finfo(np.float64 if dtype == 'complex128' else np.float32).smallest_subnormal)
            parts = np.array([1, -1, 3, -2, 2, -3, 1, -1]) * tiny
            base = (parts + 1j * np.array([1, -1, 2, -2, 1, 3, -1, 2])).astype(dtype)
            big = 1.196e261 if dtype == 'complex128' else 3.1e30
            forms = {
                'huge step': [('number', big)],
                'zerod float64 step': [('zerod', 'float64', big)],
                'huge coords': [('coords', 'typed', 'float64', np.array([0, 1, 2.5, 3, 4.5, 6, 7, 9]) * big)],
                'huge float32 coords': [('coords', 'typed', 'float32', np.array([0, 1, 2.5, 3, 4.5, 6, 7, 9]) * 3.1e30)],
            }
            for n in (3, 4, 8):
                line = base[:n].copy()
                for kind, spacing in forms.items():
                    spacing = [(*form[:-1], form[-1][:n]) if form[0] == 'coords' else form for form in spacing]
                    for edge_order in (1, 2):
                        add(f'{dtype} 1-d ends underflow n{n} {kind} eo{edge_order}', line, line, dtype, spacing, None, edge_order)
                        column = line.reshape(n, 1)
                        add(f'{dtype} column ends underflow n{n} {kind} eo{edge_order}', column, column, dtype, spacing[:1], 0, edge_order)
                reversed_view = base[::-1][:n]
                add(f'{dtype} 1-d ends underflow reversed view n{n} eo2', base, reversed_view, dtype, forms['huge step'], None, 2)

    # Axis forms, results in the order given.
    base = random_values(rng, plain, 3 * 4 * 5).reshape(3, 4, 5)
    for axis in [0, 1, 2, -1, -3, [2, 0], [1], [0, 1, 2], [2, 1, 0], []]:
        for edge_order in (1, 2):
            add(f'{plain} axis {axis} eo{edge_order}', base, base, plain, (), axis, edge_order)
    add(f'{plain} axis (2, 0) with a step each', base, base, plain, [('number', 2.0), ('number', 3.0)], [2, 0], 2)

    # Special values: NaN, infinities, signed zeros, huge and subnormal numbers.
    for dtype in real_or('float64', 'float32'):
        special = COMPLEX_SPECIAL if complex_dtypes else FLOAT16_SPECIAL if family == 'float16' else [np.nan, 1.0, np.inf, -np.inf, 0.0, -0.0, 1e308, -1e308, 5e-324, 2.2e-308, 3.0, -0.0]
        values = np.array(special, NUMPY_DTYPE[dtype])
        for spacing in ([], [('number', 1.0)], [('number', -1.0)], [('number', 0.1)], [('zerod', 'float64', 0.1)],
                        [('coords', 'list', 'float64', np.arange(len(special)) * 0.25 + np.arange(len(special)) ** 2 * 0.01)]):
            for edge_order in (1, 2):
                add(f'{dtype} special values {len(spacing)} eo{edge_order}', values, values, dtype, spacing, None, edge_order)
        constant = np.full(6, -0.0, NUMPY_DTYPE[dtype])
        add(f'{dtype} -0 with step -1', constant, constant, dtype, [('number', -1.0)])
    if complex_dtypes:
        example = np.array([1 + 1j, 2, 4 - 2j])  # numpy's own example: [1-1j, 1.5-1.5j, 2-2j]
        add('complex128 [1+1j, 2, 4-2j]', example, example, 'complex128')
    if others:
        return cases + family_walk_cases(rng, others)
    overflow = np.array([-1e308, 0.0, 1e308])
    add('difference overflows', overflow, overflow, 'float64')
    inf_uniform = np.array([0.0, np.inf, 0.0, 1.0])
    add('inf on uniform coordinates', inf_uniform, inf_uniform, 'float64', [('coords', 'list', 'float64', [0, 1, 2, 3])])
    add('inf on uneven coordinates', inf_uniform, inf_uniform, 'float64', [('coords', 'list', 'float64', [0, 1, 2, 3.5])])
    nan_coords = np.array([0.0, 1.0, 4.0, 9.0])
    add('NaN coordinate', nan_coords, nan_coords, 'float64', [('coords', 'list', 'float64', [0, 1, np.nan, 3])])
    big = np.array([2**53 + 1, 2**53 + 2, 2**53 + 4], np.int64)
    add('int64 beyond 2^53', big, big, 'int64')

    # Each walk of the native code: rows (an axis that is not innermost), rows wider than one
    # block, planes merged into one row, lanes sharing precomputed coordinate coefficients, and a
    # long single lane; with uniform and coordinate spacing, both edge orders.
    for shape, axis in [((40, 40), 0), ((3, 5000), 0), ((4, 20, 30), 0), ((4, 20, 30), 1), ((50, 30), 1), ((5000,), 0), ((30, 4, 20), 2)]:
        for dtype in ['float64', 'float32']:
            base = random_values(rng, dtype, int(np.prod(shape))).reshape(shape)
            n = shape[axis]
            coords = np.cumsum(rng.uniform(0.1, 2, n))
            for edge_order in (1, 2):
                add(f'walk {shape} axis {axis} {dtype} eo{edge_order}', base, base, dtype, [('number', 0.3)], axis, edge_order)
                add(f'walk {shape} axis {axis} {dtype} coordinates eo{edge_order}', base, base, dtype, [('coords', 'typed', 'float64', coords)], axis, edge_order)
        transposed = base.T
        add(f'walk {shape} axis {axis} transposed', base, transposed, 'float32', [], None, 2)

    # Degenerate shapes: length-2 axes (empty interior), empty other axes, length-1 other axes.
    for shape, axis in [((2,), None), ((2, 3), None), ((0, 3), 1), ((3, 0), 0), ((1, 4), 1), ((4, 1), 0)]:
        base = random_values(rng, 'float64', max(1, int(np.prod(shape))))[: int(np.prod(shape))].reshape(shape)
        add(f'shape {shape} axis {axis}', base, base, 'float64', (), axis, 1)
    return cases


def family_walk_cases(rng, dtypes):
    """Each native walk and the degenerate shapes, on complex or float16 data (with float64,
    float32 and float16 coordinates)."""
    cases = []
    for shape, axis in [((40, 40), 0), ((3, 5000), 0), ((4, 20, 30), 1), ((50, 30), 1), ((5000,), 0)]:
        for dtype in dtypes:
            base = random_values(rng, dtype, int(np.prod(shape))).reshape(shape)
            coords = np.cumsum(rng.uniform(0.1, 2, shape[axis]))
            for edge_order in (1, 2):
                cases.append(make_case(f'walk {shape} axis {axis} {dtype} eo{edge_order}', base, base, dtype, [('number', 0.3)], axis, edge_order))
                cases.append(make_case(f'walk {shape} axis {axis} {dtype} coordinates eo{edge_order}', base, base, dtype,
                                       [('coords', 'typed', 'float64', coords)], axis, edge_order))
                cases.append(make_case(f'walk {shape} axis {axis} {dtype} float32 coordinates eo{edge_order}', base, base, dtype,
                                       [('coords', 'typed', 'float32', coords)], axis, edge_order))
                cases.append(make_case(f'walk {shape} axis {axis} {dtype} float16 coordinates eo{edge_order}', base, base, dtype,
                                       [('coords', 'typed', 'float16', np.cumsum(rng.uniform(0.5, 2, shape[axis])).astype(np.float16))], axis, edge_order))
                cases.append(make_case(f'walk {shape} axis {axis} {dtype} float16 step eo{edge_order}', base, base, dtype,
                                       [('zerod', 'float16', 0.3)], axis, edge_order))
    for shape, axis in [((2,), None), ((2, 3), None), ((0, 3), 1), ((3, 0), 0), ((1, 4), 1), ((4, 1), 0)]:
        base = random_values(rng, dtypes[0], max(1, int(np.prod(shape))))[: int(np.prod(shape))].reshape(shape)
        cases.append(make_case(f'{dtypes[0]} shape {shape} axis {axis}', base, base, dtypes[0], [], axis, 1))
    return cases


def curated_family_stencil_cases(dtypes):
    """Boundaries and accuracy orders on complex or float16 data: every pair of ends on a step and
    on coordinates, views, and special values beyond the ends."""
    cases = []
    rng = np.random.default_rng(20261202)
    for dtype in dtypes:
        pairs, base = every_pair_of_ends(rng, dtype)
        cases += pairs
        view = base[::-2, 1::3].T
        for accuracy in (2, 4):
            eo = 1 if accuracy == 2 else None
            cases.append(make_case(f'{dtype} view accuracy {accuracy} per-axis boundaries', base, view, dtype, [('zerod', 'float32', 0.3)], None, eo,
                                   ['periodic', {'left': 'reflect', 'right': {'constant': -2.0}}], None, accuracy))
        values = np.array(FLOAT16_SPECIAL if dtype == 'float16' else COMPLEX_SPECIAL, NUMPY_DTYPE[dtype])
        for accuracy in (2, 4, 6, 8):
            for constant in [np.inf, np.nan, -0.0, 1e308]:
                eo = 1 if accuracy == 2 else None
                cases.append(make_case(f'{dtype} special values accuracy {accuracy} constant {constant}', values, values, dtype, [], None, eo, {'constant': constant}, None, accuracy))
    return cases


# ---------------------------------------------------------------------------------------------
# Batch: cases generated elsewhere (the property tests), completed with numpy's results.

def decode(b64_text, dtype):
    return np.frombuffer(base64.b64decode(b64_text), NUMPY_DTYPE[dtype]).copy()


def decode_spacing(encoded):
    if encoded['type'] == 'number':
        return ('number', float(decode(encoded['value'], 'float64')[0]))
    if encoded['type'] == 'zerod':
        return ('zerod', encoded['dtype'], decode(encoded['value'], encoded['dtype'])[0])
    return ('coords', encoded['form'], encoded['dtype'], decode(encoded['buffer'], encoded['dtype']))


def batch_cases(path):
    cases = []
    with open(path) as handle:
        for index, line in enumerate(handle):
            c = json.loads(line)
            spec = c['input']
            base = decode(spec['buffer'], spec['dtype'])
            item = base.itemsize
            view = np.ndarray(spec['shape'], base.dtype, buffer=base, offset=spec['offset'] * item,
                              strides=[s * item for s in spec['strides']])
            spacing = [decode_spacing(s) for s in c['spacing']]
            cases.append(make_case(c.get('name', f'batch {index}'), base, view, spec['dtype'], spacing, c['axis'], c['edgeOrder']))
    return cases


def main():
    warnings.simplefilter('ignore')  # overflow to inf in float32 casts is intended
    mode, out = sys.argv[1], sys.argv[2]
    if mode == 'fixtures':
        cases = curated_cases()
    elif mode == 'complex-fixtures':
        cases = curated_cases('complex') + curated_family_stencil_cases(COMPLEX_DTYPES)
    elif mode == 'float16-fixtures':
        cases = curated_cases('float16') + curated_family_stencil_cases(['float16'])
    elif mode == 'float16-random':
        cases = random_cases(int(sys.argv[3]), int(sys.argv[4]), ['float16'])
    elif mode == 'float16-stencil-random':
        cases = random_stencil_cases(int(sys.argv[3]), int(sys.argv[4]), ['float16'])
    elif mode == 'complex-random':
        cases = random_cases(int(sys.argv[3]), int(sys.argv[4]), COMPLEX_DTYPES)
    elif mode == 'complex-stencil-random':
        cases = random_stencil_cases(int(sys.argv[3]), int(sys.argv[4]), COMPLEX_DTYPES)
    elif mode == 'stencil-fixtures':
        cases = curated_stencil_cases()
    elif mode == 'stencil-random':
        cases = random_stencil_cases(int(sys.argv[3]), int(sys.argv[4]))
    elif mode == 'batch':
        cases = batch_cases(sys.argv[3])
    else:
        cases = random_cases(int(sys.argv[3]), int(sys.argv[4]))
    # JSON lines: the version, then one case per line (a large run would not fit one JS string).
    with open(out, 'w') as handle:
        handle.write(json.dumps({'numpy': np.__version__}) + '\n')
        for case in cases:
            handle.write(json.dumps(case) + '\n')


if __name__ == '__main__':
    main()
