"""Boundary modes at accuracy 2, by numpy itself (README: Boundaries and accuracy, the oracle column): np.gradient on the array
padded with np.pad, then the padding dropped. Also the boundary option's encoding for the JS side.

A mode is 'numpy', 'periodic', 'reflect', 'symmetric' or ('constant', c). Ends that are 'numpy'
get no padding, so numpy's own one-sided differences apply there.
"""
import base64

import numpy as np

PAD_MODE = {'periodic': 'wrap', 'reflect': 'reflect', 'symmetric': 'symmetric'}


def computed_axes(axis, ndim):
    if axis is None:
        return list(range(ndim))
    if isinstance(axis, (list, tuple)):
        return [a % ndim for a in axis]
    return [axis % ndim]


def parse_mode(mode):
    if isinstance(mode, dict):
        return ('constant', float(mode['constant']))
    return mode


def parse_axis_boundary(value):
    if isinstance(value, dict) and 'left' in value:
        return (parse_mode(value['left']), parse_mode(value['right']))
    mode = parse_mode(value)
    return (mode, mode)


def ends_per_axis(boundary, axes):
    """(left, right) per computed axis, from the option as the JS call gives it."""
    if boundary is None:
        return [('numpy', 'numpy')] * len(axes)
    if isinstance(boundary, list):
        return [parse_axis_boundary(b) for b in boundary]
    return [parse_axis_boundary(boundary)] * len(axes)


def periods_per_axis(period, axes):
    if period is None:
        return [None] * len(axes)
    if isinstance(period, list):
        return period
    return [period] * len(axes)


def encode_mode(mode):
    """Constants travel as base64 float64 (NaN, infinities, -0 arrive bit for bit)."""
    if isinstance(mode, dict):
        return {'constant': base64.b64encode(np.array([mode['constant']], '<f8').tobytes()).decode()}
    return mode


def encode_boundary(boundary):
    if isinstance(boundary, list):
        return [encode_boundary(b) for b in boundary]
    if isinstance(boundary, dict) and 'left' in boundary:
        return {'left': encode_mode(boundary['left']), 'right': encode_mode(boundary['right'])}
    return encode_mode(boundary)


def as_float(view):
    """What np.gradient computes with: float16, float32 and complex stay, everything else becomes float64 (as numpy's
    first step does). A constant beyond the end of integer data is a float64 value (README)."""
    return view if view.dtype in (np.float16, np.float32, np.float64, np.complex64, np.complex128) else view.astype(np.float64)


def ghosts(f, axis, mode, m, left):
    """The m samples beyond one end of f along axis, by np.pad (an empty slab for 'numpy')."""
    n = f.shape[axis]
    if mode == 'numpy':
        return np.take(f, [], axis=axis)
    width = [(0, 0)] * f.ndim
    width[axis] = (m, 0) if left else (0, m)
    if isinstance(mode, tuple):
        padded = np.pad(f, width, mode='constant', constant_values=mode[1])
    else:
        padded = np.pad(f, width, mode=PAD_MODE[mode])
    return np.take(padded, range(m) if left else range(n, n + m), axis=axis)


def extended_coordinates(x, left, right, period, m):
    """The oracle's xp: periodic ends continue by the period (in the coordinates' direction),
    every other non-numpy end by odd reflection."""
    n = len(x)
    signed = None if period is None else (period if x[-1] >= x[0] else -period)
    parts = []
    if left != 'numpy':
        parts.append(x[n - m:] - signed if left == 'periodic' else np.pad(x, (m, 0), mode='reflect', reflect_type='odd')[:m])
    parts.append(x)
    if right != 'numpy':
        parts.append(x[:m] + signed if right == 'periodic' else np.pad(x, (0, m), mode='reflect', reflect_type='odd')[n:])
    return np.concatenate(parts)


def coordinates_of(spacing):
    """A coordinate array as numpy's gradient takes it (integer coordinates become float64), or None."""
    if isinstance(spacing, list):
        return np.asarray(spacing, np.float64)
    if isinstance(spacing, np.ndarray) and spacing.ndim == 1:
        return spacing if spacing.dtype in (np.float16, np.float32, np.float64) else spacing.astype(np.float64)
    return None


def padded_gradient(view, spacing, axis, ends, period, edge_order, m=1):
    left, right = ends
    f = as_float(view)
    fp = np.concatenate([ghosts(f, axis, left, m, True), f, ghosts(f, axis, right, m, False)], axis=axis)
    x = coordinates_of(spacing)
    step = spacing if x is None else extended_coordinates(x, left, right, period, m)
    with np.errstate(all='ignore'):
        try:
            g = np.gradient(fp, step, axis=axis, edge_order=edge_order)
        except ZeroDivisionError:  # a Python float 0 at numpy's second-order ends: see plain_gradient
            g = np.gradient(fp, np.array(step, f.real.dtype), axis=axis, edge_order=edge_order)
    low = 0 if left == 'numpy' else m
    return np.take(g, range(low, low + view.shape[axis]), axis=axis)
