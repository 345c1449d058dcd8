"""Files for the ndgradient command's tests, written by numpy, and numpy's answers.

    python3 npy_cases.py make DIR     writes DIR/cases.json and, per case, its input (and
                                      coordinates) as numpy saves them
    python3 npy_cases.py check DIR    compares every case's outputs with np.gradient of its input,
                                      bit for bit (a NaN matches any NaN), and prints the
                                      mismatches as JSON
    python3 npy_cases.py large PATH N writes a float64 signal of N samples (for the memory test)
    python3 npy_cases.py checklarge PATH OUT   compares OUT with np.gradient(np.load(PATH))

Each case is an input file, the command's options, and the np.gradient call they stand for: C
and Fortran order, little- and big-endian, every dtype the command takes, views of every rank,
0-d and 1-element arrays, coordinates (uniform and not, integer and float32), and the ends of
np.pad's oracle for the boundary modes at accuracy 2 (README: Boundaries and accuracy).
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from stencil import padded_gradient  # noqa: E402

DTYPES = ['<f8', '>f8', '<f4', '>f4', '|i1', '|u1', '<i2', '>u2', '<i4', '>u4', '<i8', '>u8', '<c16', '>c16', '<c8', '>c8', '<f2', '>f2']


def cases(rng):
    out = []

    def add(name, array, args=None, call=None, coordinates=None):
        out.append({'name': name, 'array': array, 'args': args or [], 'call': call or {}, 'coordinates': coordinates or {}})

    for dtype in DTYPES:
        values = rng.standard_normal((9, 7)) * 50
        if 'c' in dtype:
            values = values + 1j * rng.standard_normal((9, 7)) * 50
        add(f'{dtype} C order', values.astype(dtype))
        add(f'{dtype} Fortran order', np.asfortranarray(values.astype(dtype)), ['--axis', '1,0'], {'axis': [1, 0]})
    for ndim in (1, 3, 4):
        shape = tuple(int(n) for n in rng.integers(3, 7, ndim))
        add(f'{ndim}-d, edge order 2, a step per axis', rng.standard_normal(shape), ['--edge-order', '2', '--spacing', ','.join(['0.5'] * ndim)],
            {'edge_order': 2, 'spacing': [0.5] * ndim})
    add('0-d', np.array(3.5))
    add('1 element', np.array([2.0]), call={'error': True})
    add('1-d, axis -1, spacing 0.1', rng.standard_normal(50), ['--axis', '-1', '--spacing', '0.1'], {'axis': -1, 'spacing': [0.1]})
    x = np.cumsum(rng.uniform(0.1, 1.0, 40))
    add('coordinates of the chunked axis', rng.standard_normal((40, 3)), ['--coordinates', '0=x0.npy'], {'coordinates': {0: 'x0.npy'}}, {'x0.npy': x})
    add('uniform coordinates of the chunked axis', rng.standard_normal(40), ['--coordinates', '0=x0.npy'], {'coordinates': {0: 'x0.npy'}}, {'x0.npy': np.arange(40) * 0.5})
    add('float32 coordinates of another axis, Fortran', np.asfortranarray(rng.standard_normal((6, 30)).astype('<f4')), ['--coordinates', '0=x0.npy', '--axis', '0'],
        {'axis': 0, 'coordinates': {0: 'x0.npy'}}, {'x0.npy': np.cumsum(rng.uniform(0.1, 1, 6)).astype(np.float32)})
    add('complex128 with coordinates of the chunked axis', (rng.standard_normal((40, 3)) + 1j * rng.standard_normal((40, 3))).astype('>c16'),
        ['--coordinates', '0=x0.npy', '--edge-order', '2'], {'edge_order': 2, 'coordinates': {0: 'x0.npy'}}, {'x0.npy': x})
    add('float16, accuracy-2 periodic ends', rng.standard_normal((30, 4)).astype('<f2'), ['--boundary', 'periodic,numpy'], {'boundary': ['periodic', 'numpy']})
    add('integer coordinates', rng.standard_normal(30), ['--coordinates', '0=x0.npy', '--edge-order', '2'], {'edge_order': 2, 'coordinates': {0: 'x0.npy'}},
        {'x0.npy': np.cumsum(rng.integers(1, 5, 30)).astype('>i4')})
    for mode in ('periodic', 'reflect', 'symmetric', 'constant=2.5'):
        add(f'boundary {mode}', rng.standard_normal((30, 4)), ['--boundary', f'{mode},numpy'], {'boundary': [mode, 'numpy']})
    add('periodic coordinates of the chunked axis', rng.standard_normal(30), ['--boundary', 'periodic', '--coordinates', '0=x0.npy', '--period', '40'],
        {'boundary': ['periodic'], 'period': 40.0, 'coordinates': {0: 'x0.npy'}}, {'x0.npy': np.cumsum(rng.uniform(0.5, 1.2, 30))})
    return out


def expected(case, directory):
    """np.gradient of the case's input, with its call (padded for the boundary modes)."""
    f = np.load(os.path.join(directory, case['file']))
    call = case['call']
    axes = call.get('axis')
    axis_list = list(range(f.ndim)) if axes is None else ([axes] if isinstance(axes, int) else list(axes))
    spacing = list(call.get('spacing', []))
    if len(spacing) == 1 and len(axis_list) > 1:
        spacing = spacing * len(axis_list)
    for axis, name in call.get('coordinates', {}).items():
        spacing = spacing or [1.0] * len(axis_list)
        spacing[axis_list.index(int(axis) % f.ndim)] = np.load(os.path.join(directory, name))
    kwargs = {'edge_order': call.get('edge_order', 1), 'axis': axes}
    if 'boundary' in call:
        def mode(m):
            return ('constant', float(m.split('=')[1])) if m.startswith('constant') else m
        steps = spacing or [1.0] * len(axis_list)
        result = [padded_gradient(f, steps[j], a, (mode(m), mode(m)), call.get('period'), kwargs['edge_order'])
                  for j, (a, m) in enumerate(zip(axis_list, call['boundary']))]
        result = result[0] if len(result) == 1 else result
    else:
        result = np.gradient(f, *spacing, **kwargs)
    return [result] if isinstance(result, np.ndarray) else list(result)


def identical(a, b):
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == 'c':  # each part
        return identical(np.ascontiguousarray(a).view(a.real.dtype), np.ascontiguousarray(b).view(b.real.dtype))
    bits = {8: np.uint64, 4: np.uint32, 2: np.uint16}[a.dtype.itemsize]
    same = a.view(bits) == b.view(bits)
    return bool(np.all(same | (np.isnan(a) & np.isnan(b))))


def main():
    mode, target = sys.argv[1], sys.argv[2]
    if mode == 'make':
        rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 0)
        manifest = []
        for k, case in enumerate(cases(rng)):
            file = f'case{k}.npy'
            np.save(os.path.join(target, file), case['array'])
            for name, values in case['coordinates'].items():
                np.save(os.path.join(target, f'case{k}-{name}'), values)
            args = [a.replace('x0.npy', os.path.join(target, f'case{k}-x0.npy')) for a in case['args']]
            call = dict(case['call'])
            if 'coordinates' in call:
                call['coordinates'] = {a: f'case{k}-{n}' for a, n in call['coordinates'].items()}
            ndim = case['array'].ndim
            axes = call.get('axis')
            count = 0 if ndim == 0 else (ndim if axes is None else (1 if isinstance(axes, int) else len(axes)))
            manifest.append({'name': case['name'], 'file': file, 'args': args, 'call': call, 'outputs': [f'case{k}-out{j}.npy' for j in range(count)]})
        with open(os.path.join(target, 'cases.json'), 'w') as out:
            json.dump(manifest, out)
    elif mode == 'check':
        with open(os.path.join(target, 'cases.json')) as source:
            manifest = json.load(source)
        problems = []
        for case in manifest:
            if case['call'].get('error'):
                continue
            want = expected(case, target)
            for j, (name, w) in enumerate(zip(case['outputs'], want)):
                got = np.load(os.path.join(target, name))
                if not identical(got, w):
                    problems.append(f"{case['name']}: output {j} differs from np.gradient ({got.dtype} {got.shape} vs {w.dtype} {w.shape})")
            if len(want) != len(case['outputs']):
                problems.append(f"{case['name']}: numpy gives {len(want)} arrays, the case {len(case['outputs'])} outputs")
        print(json.dumps(problems))
    elif mode == 'large':
        n = int(sys.argv[3])
        signal = np.sin(np.arange(n, dtype=np.float64) * 1e-3)
        np.save(target, signal)
    elif mode == 'checklarge':
        got = np.load(sys.argv[3], mmap_mode='r')
        want = np.gradient(np.load(target, mmap_mode='r'))
        print(json.dumps(identical(np.asarray(got), want)))


if __name__ == '__main__':
    main()
