"""The independent reference above accuracy 2 (README: Boundaries and accuracy), where numpy has no answer.

Written from the README's formulas, not from either backend: exact weights come from Fornberg's
algorithm run in rational arithmetic (fractions.Fraction), coordinate weights from the same
algorithm in numpy scalars of the coordinates' dtype, and every sum is numpy arithmetic on whole
slabs of the other axes (numpy's promotion rules decide each operation's precision: a weight
that is a Python float is weak, a numpy scalar or 0-d array is strong).
"""
from fractions import Fraction
from functools import lru_cache

import numpy as np

from stencil import as_float, coordinates_of, extended_coordinates, ghosts


def fornberg(nodes, z, one):
    """Fornberg's weights of derivative orders 0 and 1 at z over `nodes` (Math. Comp. 1988; the
    SIAM Review 1998 form), in whatever arithmetic `one` brings (Fraction or a numpy scalar)."""
    K = len(nodes)
    zero = one - one
    c = [[zero, zero] for _ in range(K)]
    c1 = one
    c4 = nodes[0] - z
    c[0][0] = one
    for i in range(1, K):
        mn = 1
        c2 = one
        c5 = c4
        c4 = nodes[i] - z
        for j in range(i):
            c3 = nodes[i] - nodes[j]
            c2 = c2 * c3
            if j == i - 1:
                for k in range(mn, 0, -1):
                    c[i][k] = c1 * (k * c[i - 1][k - 1] - c5 * c[i - 1][k]) / c2
                c[i][0] = -c1 * c5 * c[i - 1][0] / c2
            for k in range(mn, 0, -1):
                c[j][k] = (c4 * c[j][k] - k * c[j][k - 1]) / c3
            c[j][0] = c4 * c[j][0] / c3
        c1 = c2
    return [row[1] for row in c]


@lru_cache(maxsize=None)
def exact_weights(K, s):
    """Weights at integer node s over nodes 0..K-1 (times h), each the float nearest the rational."""
    return tuple(float(w) for w in fornberg([Fraction(j) for j in range(K)], Fraction(s), Fraction(1)))


def gradient_axis(view, spacing, axis, ends, period, accuracy):
    """One computed axis at accuracy 4, 6 or 8, as the README defines it."""
    left, right = ends
    m = accuracy // 2
    K = 2 * m + 1
    f = as_float(view)
    n = f.shape[axis]
    fp = np.concatenate([ghosts(f, axis, left, m, True), f, ghosts(f, axis, right, m, False)], axis=axis)
    low = 0 if left == 'numpy' else m  # fp's index of sample 0

    def sample(j):  # the slab of virtual index j (beyond an end: its ghost), kept an array:
        # numpy scalars (what a 1-d take gives) compute complex products unfused (scalarmath),
        # where numpy's array loops fuse them (README: Complex data)
        return np.take(fp, [low + j], axis=axis)

    x = coordinates_of(spacing)
    h = spacing
    weights_at = None
    if x is not None:
        xp = extended_coordinates(x, left, right, period, m)
        diffx = np.diff(xp)
        if (diffx == diffx[0]).all():
            h = diffx[0]  # numpy's scalar path: a strong scalar of the coordinates' dtype
        else:
            lowx = 0 if left == 'numpy' else m
            one = x.dtype.type(1)
            weights_at = lambda start, i: fornberg([xp[lowx + start + k] for k in range(K)], x[i], one)  # noqa: E731

    out = np.empty(np.moveaxis(f, axis, 0).shape[1:], f.dtype)
    result = np.empty(f.shape, f.dtype)
    with np.errstate(all='ignore'):
        for i in range(n):
            numpy_left = i < m and left == 'numpy'
            numpy_right = i >= n - m and right == 'numpy'
            start = 0 if numpy_left else n - K if numpy_right else i - m
            if weights_at is not None:
                w = weights_at(start, i)
                total = w[0] * sample(start)
                for k in range(1, K):
                    total = total + w[k] * sample(start + k)
            elif numpy_left or numpy_right:
                w = exact_weights(K, i - start)
                total = w[0] * sample(start)
                for k in range(1, K):
                    total = total + w[k] * sample(start + k)
                total = total / h
            else:
                c = exact_weights(K, m)[m + 1:]
                total = c[0] * (sample(i + 1) - sample(i - 1))
                for k in range(1, m):
                    total = total + c[k] * (sample(i + 1 + k) - sample(i - 1 - k))
                total = total / h
            out[...] = np.squeeze(total, axis=axis)
            np.moveaxis(result, axis, 0)[i] = out
    return result
