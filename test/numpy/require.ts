// vitest globalSetup: the suites compare with numpy, so without it they would fail one by one,
// with a Python traceback each. Fail once, first, with what to install.
import { spawnSync } from 'node:child_process';

export default function requireNumpy(): void {
  const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  if (probe.status === 0) return;
  const why = probe.error ? 'python3 was not found' : `python3 cannot import numpy (${(probe.stderr ?? '').trim().split('\n').pop()})`;
  throw new Error(
    `ndgradient's tests use numpy as their oracle, and ${why}. Install it (python3 -m pip install numpy, ` +
      'or apt-get install python3-numpy), then run npm test again.',
  );
}
