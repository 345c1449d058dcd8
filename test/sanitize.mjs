// npm run test:sanitize: builds the addon with AddressSanitizer and UndefinedBehaviorSanitizer
// (from the same binding.gyp, into build/sanitize/) and runs the native-facing test suites
// against it. Any report fails the run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = path.join(root, 'build', 'sanitize');
mkdirSync(dir, { recursive: true });

// binding.gyp is a Python literal: read it with Python, add the sanitizer flags, write JSON.
const gyp = JSON.parse(
  execFileSync('python3', ['-c', 'import ast, json, sys; print(json.dumps(ast.literal_eval(open(sys.argv[1]).read())))', path.join(root, 'binding.gyp')], {
    encoding: 'utf8',
  }),
);
const sanitize = ['-fsanitize=address,undefined', '-fno-sanitize-recover=undefined', '-fno-omit-frame-pointer', '-g'];
for (const target of gyp.targets) {
  target.sources = target.sources.map((source) => path.relative(dir, path.join(root, source)));
  target.cflags_cc = [...target.cflags_cc.filter((flag) => flag !== '-O3'), '-O1', ...sanitize];
  target.ldflags = [...(target.ldflags ?? []), '-fsanitize=address,undefined'];
}
writeFileSync(path.join(dir, 'binding.gyp'), JSON.stringify(gyp, null, 2));
// The headers npm builds with (npm_config_nodedir), else this Node's own when it ships them.
const prefix = path.dirname(path.dirname(process.execPath));
const nodedir = process.env.npm_config_nodedir ?? (existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined);
const gypArgs = ['rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
execFileSync(path.join(root, 'node_modules', '.bin', 'node-gyp'), gypArgs, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });

const runtime = (name) => execFileSync('gcc', [`-print-file-name=${name}`], { encoding: 'utf8' }).trim();
const env = {
  ...process.env,
  NDGRADIENT_ADDON_PATH: path.join(dir, 'build', 'Release', 'ndgradient.node'),
  LD_PRELOAD: [runtime('libasan.so'), runtime('libubsan.so')].join(':'),
  // Node itself is not instrumented and frees some memory only at exit: leaks are not ours to judge.
  ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:halt_on_error=1',
  UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
  NDGRADIENT_CASES: process.env.NDGRADIENT_CASES ?? '1200',
  NDGRADIENT_STENCIL_CASES: process.env.NDGRADIENT_STENCIL_CASES ?? '400',
  NDGRADIENT_COMPLEX_CASES: process.env.NDGRADIENT_COMPLEX_CASES ?? '300',
  NDGRADIENT_FLOAT16_CASES: process.env.NDGRADIENT_FLOAT16_CASES ?? '300',
  NDGRADIENT_CHUNK_CASES: process.env.NDGRADIENT_CHUNK_CASES ?? '80',
  NDGRADIENT_CHUNK_FIXTURE_STRIDE: process.env.NDGRADIENT_CHUNK_FIXTURE_STRIDE ?? '5',
  NDGRADIENT_STREAM_CASES: process.env.NDGRADIENT_STREAM_CASES ?? '60',
  LIFETIME_ROUNDS: process.env.LIFETIME_ROUNDS ?? '4', // each round transfers or shrinks memory a pending call uses
};
// The work split at item counts no array reaches (up to 2^63 - 1), under UBSan.
const split = path.join(dir, 'split');
execFileSync(
  'g++',
  ['-std=c++17', '-O1', '-fsanitize=undefined', '-fno-sanitize-recover=undefined', path.join(root, 'test', 'native', 'split.cc'), '-o', split, '-lpthread'],
  { stdio: 'inherit' },
);
execFileSync(split, { stdio: 'inherit' });
// The same under ThreadSanitizer: parallelFor's threads share one counter of pieces.
const splitThreads = path.join(dir, 'split-threads');
execFileSync('g++', ['-std=c++17', '-O1', '-fsanitize=thread', path.join(root, 'test', 'native', 'split.cc'), '-o', splitThreads, '-lpthread'], {
  stdio: 'inherit',
});
execFileSync(splitThreads, { stdio: 'inherit', env: { ...process.env, TSAN_OPTIONS: 'halt_on_error=1' } });

const suites = [
  'test/native.test.ts',
  'test/hostile.test.ts',
  'test/lifetimes.test.ts',
  'test/abort.test.ts',
  'test/adversary.test.ts',
  'test/fixtures.test.ts',
  'test/differential.test.ts',
  'test/stencils.test.ts',
  'test/complex.test.ts',
  'test/float16.test.ts',
  'test/chunks.test.ts',
  'test/streams.test.ts',
  'test/properties.test.ts',
  'test/async.test.ts',
  'test/workers.test.ts',
  'test/results.test.ts',
];
console.log(`sanitizer build: ${env.NDGRADIENT_ADDON_PATH}`);
execFileSync(path.join(root, 'node_modules', '.bin', 'vitest'), ['run', '--config', 'test/vitest.config.mts', ...suites], { cwd: root, env, stdio: 'inherit' });
