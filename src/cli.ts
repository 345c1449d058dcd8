#!/usr/bin/env node
/**
 * The ndgradient command: np.gradient of a .npy file, one .npy per computed axis, in bounded
 * memory (files.ts gradientFile). A progress bar on a terminal, nothing but the result lines
 * otherwise. Exit status: 0 done, 1 a bad file, bad options or a failed computation, 2 a command
 * line that does not parse, 130 interrupted; no output file is left behind unless the command succeeded.
 */

import { parseArgs } from 'node:util';

import { SingleBar } from 'cli-progress';

import type { AxisBoundary, BoundaryMode } from './boundary';
import { gradientFile, type FileOptions } from './index';

const usage = `Usage: ndgradient [options] INPUT.npy OUTPUT.npy [OUTPUT.npy ...]

np.gradient(np.load(INPUT)) written as one .npy per computed axis (in axis order), bit for bit,
in bounded memory whatever the file's size.

Options:
  --axis N[,N...]             axes to differentiate (default: every axis; negative from the end)
  --spacing H[,H...]          one step for every axis, or one per computed axis (default 1)
  --coordinates AXIS=FILE     coordinates of an axis, a 1-d .npy (repeat for several axes)
  --edge-order 1|2            numpy's one-sided ends (default 1)
  --accuracy 2|4|6|8          order of the central differences (default 2, numpy's)
  --boundary B[,B...]         numpy, periodic, reflect, symmetric or constant=C, or LEFT:RIGHT;
                              one for every axis, or one per computed axis
  --period P[,P...]           the period of periodic coordinates
  --threads N                 threads per chunk (default: automatic)
  --memory MIB                memory for one chunk's input and outputs (default 64)
  --quiet                     no progress bar
  -h, --help                  this text
  --version                   the version`;

/** A command-line mistake: exit status 2, with the usage hint. */
class UsageError extends Error {}

function numbers(value: string, name: string): number[] {
  return value.split(',').map((part) => {
    const n = Number(part);
    if (part.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} takes numbers separated by commas, got '${value}'`);
    return n;
  });
}

function mode(text: string): BoundaryMode {
  if (text.startsWith('constant=')) return { constant: numbers(text.slice('constant='.length), 'boundary')[0]! };
  if (['numpy', 'periodic', 'reflect', 'symmetric'].includes(text)) return text as BoundaryMode;
  throw new UsageError(`--boundary takes numpy, periodic, reflect, symmetric or constant=C (or LEFT:RIGHT), got '${text}'`);
}

function boundaries(value: string): AxisBoundary | AxisBoundary[] {
  const all = value.split(',').map((entry) => {
    const [left, right, extra] = entry.split(':');
    if (extra !== undefined) throw new UsageError(`--boundary entries are MODE or LEFT:RIGHT, got '${entry}'`);
    return right === undefined ? mode(left!) : { left: mode(left!), right: mode(right) };
  });
  return all.length === 1 ? all[0]! : all;
}

/** The options the command takes (node:util parseArgs). */
const cliOptions = {
  axis: { type: 'string' },
  spacing: { type: 'string' },
  coordinates: { type: 'string', multiple: true },
  'edge-order': { type: 'string' },
  accuracy: { type: 'string' },
  boundary: { type: 'string' },
  period: { type: 'string' },
  threads: { type: 'string' },
  memory: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function parse(argv: string[]): { input: string; outputs: string[]; options: FileOptions; quiet: boolean } | 'help' | 'version' {
  // A value may be negative (--axis -1): joined to its option, parseArgs does not take it for one.
  const takesValue = new Set(['--axis', '--spacing', '--coordinates', '--period', '--boundary']);
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (takesValue.has(argv[i]!) && next !== undefined && /^-\d/.test(next)) {
      args.push(`${argv[i]}=${next}`);
      i++;
    } else {
      args.push(argv[i]!);
    }
  }
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof cliOptions }>>;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: cliOptions });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  if (positionals.length < 1) throw new UsageError('give the input .npy and one output .npy per computed axis');
  const [input, ...outputs] = positionals as [string, ...string[]];
  const options: FileOptions = {};
  if (values.axis !== undefined) options.axis = numbers(values.axis, 'axis');
  if (values.spacing !== undefined) {
    const steps = numbers(values.spacing, 'spacing');
    options.spacing = steps.length === 1 ? steps[0]! : steps;
  }
  if (values.coordinates !== undefined) {
    const coordinates: Record<number, string> = {};
    for (const entry of values.coordinates) {
      const match = /^(-?\d+)=(.+)$/.exec(entry);
      if (match === null) throw new UsageError(`--coordinates takes AXIS=FILE.npy, got '${entry}'`);
      coordinates[Number(match[1])] = match[2]!;
    }
    options.coordinates = coordinates;
  }
  if (values['edge-order'] !== undefined) options.edgeOrder = numbers(values['edge-order'], 'edge-order')[0]!;
  if (values.accuracy !== undefined) options.accuracy = numbers(values.accuracy, 'accuracy')[0]!;
  if (values.boundary !== undefined) options.boundary = boundaries(values.boundary);
  if (values.period !== undefined) {
    const periods = numbers(values.period, 'period');
    options.period = periods.length === 1 ? periods[0]! : periods;
  }
  if (values.threads !== undefined) options.threads = numbers(values.threads, 'threads')[0]!;
  if (values.memory !== undefined) {
    const mib = numbers(values.memory, 'memory')[0]!;
    if (!(mib > 0)) throw new UsageError(`--memory takes a positive number of MiB, got ${values.memory}`);
    options.memoryBytes = mib * 2 ** 20;
  }
  return { input, outputs, options, quiet: values.quiet === true };
}

async function main(argv: string[]): Promise<number> {
  let command: ReturnType<typeof parse>;
  try {
    command = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`ndgradient: ${error.message}\n(ndgradient --help for the usage)\n`);
    return 2;
  }
  if (command === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (command === 'version') {
    process.stdout.write(`${(require('../package.json') as { version: string }).version}\n`);
    return 0;
  }
  const { input, outputs, options, quiet } = command;
  const controller = new AbortController();
  const interrupt = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const bar =
    !quiet && process.stderr.isTTY
      ? new SingleBar({ format: 'ndgradient {bar} {percentage}% | {value}/{total} | {eta_formatted} left', stream: process.stderr, hideCursor: true })
      : undefined;
  try {
    await gradientFile(input, outputs, {
      ...options,
      signal: controller.signal,
      onProgress: (done, total) => {
        if (bar !== undefined && !bar.isActive) bar.start(total, 0);
        bar?.update(done);
      },
    });
    bar?.stop();
    for (const output of outputs) process.stdout.write(`wrote ${output}\n`);
    return 0;
  } catch (error) {
    bar?.stop();
    if (controller.signal.aborted) {
      process.stderr.write('ndgradient: interrupted; no output written\n');
      return 130;
    }
    const { code, path } = error as NodeJS.ErrnoException;
    process.stderr.write(`ndgradient: ${code === 'ENOENT' ? `no such file: ${path}` : (error as Error).message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`ndgradient: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
