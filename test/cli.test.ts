// The ndgradient command (README: Chunks and streams): files numpy wrote (C and Fortran order,
// both byte orders, every dtype it takes, 0-d and 1-element arrays, coordinates, boundary modes)
// give outputs that np.load reads back identical to np.gradient, in one chunk and in chunks of a
// few rows; bad files and command lines fail clearly with no output left behind; a file many
// times the memory bound is processed within it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
const cases = path.join(__dirname, 'numpy', 'npy_cases.py');
const directory = mkdtempSync(path.join(tmpdir(), 'ndgradient-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface FileCase {
  name: string;
  file: string;
  args: string[];
  call: { error?: boolean };
  outputs: string[];
}

function run(args: string[], cwd = directory): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The files of a directory, so that a failed command can be shown to have left none. */
const listing = (dir: string): string[] => readdirSync(dir).sort();

describe('the ndgradient command', () => {
  execFileSync('python3', [cases, 'make', directory]);
  const manifest = JSON.parse(readFileSync(path.join(directory, 'cases.json'), 'utf8')) as FileCase[];

  it.each([
    ['in one chunk', []],
    ['in chunks of a few rows (--memory 0.0005)', ['--memory', '0.0005']],
  ])("files numpy wrote give np.gradient's bits, %s", (_name, extra) => {
    for (const c of manifest) {
      const result = run([c.file, ...c.outputs, ...c.args, ...extra]);
      if (c.call.error) {
        expect(result.status, c.name).toBe(1);
        expect(result.stderr).toMatch(/at least \(edge_order \+ 1\) elements are required/);
        continue;
      }
      expect(result.stderr, c.name).toBe('');
      expect(result.status, c.name).toBe(0);
      // Not a terminal: no progress bar, one line per output.
      expect(result.stdout).toBe(c.outputs.map((o) => `wrote ${o}\n`).join(''));
    }
    const problems = JSON.parse(execFileSync('python3', [cases, 'check', directory], { encoding: 'utf8' })) as string[];
    console.log(`ndgradient command: ${manifest.length} files ${_name}, ${problems.length} mismatches`);
    expect(problems).toEqual([]);
    expect(listing(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('bad files: a clear message, exit status 1, no output file', () => {
    const good = readFileSync(path.join(directory, manifest[0]!.file));
    const write = (name: string, bytes: Uint8Array | string): string => {
      writeFileSync(path.join(directory, name), bytes);
      return name;
    };
    const python = (name: string, expression: string): string => {
      execFileSync('python3', ['-c', `import numpy as np; np.save(${JSON.stringify(path.join(directory, name))}, ${expression})`]);
      return name;
    };
    const bad: [string, RegExp][] = [
      [write('truncated.npy', good.subarray(0, good.length - 9)), /truncated\.npy is truncated: its header describes 504 bytes of data, the file holds 495/],
      [write('header-cut.npy', good.subarray(0, 40)), /header-cut\.npy is truncated: it ends inside its header/],
      [write('magic.npy', 'PK\u0003\u0004 not numpy at all, but long enough'), /not a \.npy file \(no \\x93NUMPY magic at its start\)/],
      [
        write('version.npy', Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 9, 0]), Buffer.alloc(8)])),
        /format version 9\.0 is not one this reads/,
      ],
      [python('longdouble.npy', 'np.zeros(4, np.longdouble)'), /dtype '<f16' is not supported/],
      [python('bool.npy', 'np.zeros(4, bool)'), /dtype '\|b1' is not supported: .*numpy's own gradient refuses bool/],
      [python('clongdouble.npy', 'np.zeros(4, np.clongdouble)'), /dtype '<c32' is not supported/],
      [python('structured.npy', "np.zeros(4, [('a', '<f8')])"), /structured dtype/],
      ['missing.npy', /no such file: missing\.npy/],
    ];
    for (const [file, message] of bad) {
      const before = listing(directory);
      const result = run([file, 'out-bad.npy']);
      expect(result.stderr, file).toMatch(message);
      expect(result.status, file).toBe(1);
      expect(listing(directory)).toEqual(before);
    }
    const before = listing(directory);
    const wrongCount = run([manifest[0]!.file, 'only-one.npy']);
    expect(wrongCount.stderr).toMatch(/2 axes are computed \(axis 0, 1\); give one output path each, not 1/);
    expect(wrongCount.status).toBe(1);
    expect(listing(directory)).toEqual(before);
    const samePath = run([manifest[0]!.file, 'twice.npy', './twice.npy']);
    expect(samePath.stderr).toMatch(/two outputs have the same path/);
    expect(samePath.status).toBe(1);
    expect(listing(directory)).toEqual(before);
  });

  it('command-line mistakes: exit status 2 and a pointer to --help', () => {
    for (const args of [['--acuracy', '4', 'a.npy', 'b.npy'], ['--boundary', 'wrap', manifest[0]!.file, 'b.npy'], ['--memory', '0', 'a.npy'], []]) {
      const result = run(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/\(ndgradient --help for the usage\)/);
    }
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ndgradient \[options\] INPUT\.npy OUTPUT\.npy/);
  });
});

describe('the ndgradient command on a file many times its memory bound', () => {
  const big = path.join(directory, 'signal.npy');
  const samples = Number(process.env.NDGRADIENT_CLI_SAMPLES ?? 2 ** 25); // 256 MiB of float64
  execFileSync('python3', [cases, 'large', big, String(samples)]);

  it("stays within the bound (peak RSS) and gives numpy's bits", () => {
    const out = path.join(directory, 'signal-gradient.npy');
    const time = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, big, out, '--memory', '16'], { encoding: 'utf8' });
    expect(time.status).toBe(0);
    const peakKiB = Number(time.stderr.trim().split('\n').pop());
    const baseline = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, '--help'], { encoding: 'utf8' });
    const baseKiB = Number(baseline.stderr.trim().split('\n').pop());
    const fileMiB = statSync(big).size / 2 ** 20;
    console.log(
      `ndgradient command: ${fileMiB.toFixed(0)} MiB file, --memory 16: peak RSS ${(peakKiB / 1024).toFixed(0)} MiB (node alone ${(baseKiB / 1024).toFixed(0)} MiB)`,
    );
    // The README's bound: node itself, plus the chunk's memory, plus the addon's threads' stacks.
    expect((peakKiB - baseKiB) / 1024).toBeLessThan(16 + 32);
    expect(JSON.parse(execFileSync('python3', [cases, 'checklarge', big, out], { encoding: 'utf8' }))).toBe(true);
    rmSync(out);
  }, 120_000);

  it('interrupted, it exits 130 and leaves no output', async () => {
    const before = listing(directory);
    const child = spawn(process.execPath, [cli, big, path.join(directory, 'never.npy'), '--memory', '0.25'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    // Once its temporary output exists, the command has its signal handlers and is writing.
    const started = Date.now();
    while (!readdirSync(directory).some((name) => name.startsWith('.never.npy.') && name.endsWith('.tmp'))) {
      if (Date.now() - started > 30_000) throw new Error('the command never started writing');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(130);
    expect(stderr).toMatch(/interrupted; no output written/);
    expect(listing(directory)).toEqual(before);
  }, 60_000);
});
