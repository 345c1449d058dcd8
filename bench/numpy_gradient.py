#!/usr/bin/env python3
"""numpy baseline for bench/run.mjs: the same workloads, timed (or measured for peak memory) in numpy.

    python3 bench/numpy_gradient.py time WORKLOADS_JSON SAMPLES      -> {name: median seconds}
    python3 bench/numpy_gradient.py memory WORKLOAD_JSON              -> peak bytes above the inputs
"""
import json
import sys
import time

import numpy as np


def make_input(w):
    size = int(np.prod(w['shape']))
    i = np.arange(size, dtype=np.float64)
    data = (np.sin(i * 1e-3) + (i % 7) * 0.25).astype(w['dtype']).reshape(w['shape'])
    if w['dtype'].startswith('complex'):
        data.imag = np.cos(i * 1e-3).reshape(w['shape'])
    x = None
    if w['spacing'] == 'coordinates':
        n = w['shape'][0]
        k = np.arange(n)
        steps = 0.5 + ((k * 7919) % 13) / 26
        x = np.concatenate([[0.0], np.cumsum(steps[1:])])
    if w.get('nested'):
        data = data.tolist()  # a list of lists: np.gradient converts it on every call
    return data, x


def call(w, data, x):
    args = [x] if x is not None else []
    kwargs = {'axis': w['axis']} if 'axis' in w else {}
    return np.gradient(data, *args, **kwargs)


def median_time(w, samples):
    data, x = make_input(w)
    call(w, data, x)
    call(w, data, x)
    if w.get('small'):
        batch = 2000
        times = []
        for _ in range(samples):
            start = time.perf_counter()
            for _ in range(batch):
                call(w, data, x)
            times.append((time.perf_counter() - start) / batch)
    else:
        times = []
        for _ in range(samples):
            start = time.perf_counter()
            call(w, data, x)
            times.append(time.perf_counter() - start)
    return float(np.median(times))


def status_kib(field):
    with open('/proc/self/status') as handle:
        for line in handle:
            if line.startswith(field + ':'):
                return int(line.split()[1])
    raise KeyError(field)


def peak_memory(w):
    """Peak resident memory the call adds above the inputs (Linux: VmHWM reset via clear_refs)."""
    data, x = make_input(w)
    with open('/proc/self/clear_refs', 'w') as handle:
        handle.write('5')
    before = status_kib('VmRSS')
    result = call(w, data, x)
    return (status_kib('VmHWM') - before) * 1024


def main():
    mode = sys.argv[1]
    if mode == 'time':
        workloads = json.loads(sys.argv[2])
        samples = int(sys.argv[3])
        print(json.dumps({w['name']: median_time(w, samples) for w in workloads}))
    else:
        print(json.dumps(peak_memory(json.loads(sys.argv[2]))))


if __name__ == '__main__':
    main()
