// npm run test:install: the package as users get it. Builds the prebuilt binary (prebuildify),
// packs the tarball, installs it into fresh projects three ways and runs the seed example through
// require and import in each:
//   default           the prebuild matches: nothing compiles
//   --ignore-scripts  no install script runs: the prebuild still loads
//   no prebuild       prebuilds/ removed: the TypeScript backend, with a warning naming the
//                     command that builds from source; that command, then the addon loads
// The package has no install script: no install prints npm's install-scripts warning. And packing
// without the linux-x64 prebuild fails (prepack). The default project also type-checks as a strict
// TypeScript user's would (strict, noUncheckedIndexedAccess, ESM and CommonJS): every ```ts block
// of the README as written, and the image case with no casts.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (command, args, cwd, env = {}) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
const timed = (label, action) => {
  const start = performance.now();
  const result = action();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label}: ${seconds.toFixed(1)} s`);
  return result;
};

/** A command's exit status and its whole output (stdout and stderr). */
const runAll = (command, args, cwd, env = {}) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

/**
 * The README's TypeScript blocks, each a module of its own, compiled against the installed
 * package. The variables they use without defining (`f`, `xCoords`, …) are declared first, typed
 * as the README describes them.
 */
const readmeVariables = {
  f: 'NDArray<Float64Array, number, 2>',
  field: 'NDArray<Float64Array, number, 2>',
  out0: 'NDArray<Float64Array, number, 2>',
  out1: 'NDArray<Float64Array, number, 2>',
  xCoords: 'Float64Array',
  lon: 'Float64Array',
  signal: 'Float64Array',
  interleaved: 'Float64Array',
  interleavedF32: 'Float32Array',
  f32: 'Float32Array',
  bits: 'Uint16Array',
  xBits: 'Uint16Array',
  n: 'number',
  dlat: 'number',
  h: 'number',
  w: 'number',
  sensorChunks: 'AsyncIterable<Float64Array>',
  store: '{ append(values: Float64Array | Float32Array | Uint16Array): void }',
  readings: 'NodeJS.ReadableStream',
  sink: 'NodeJS.WritableStream',
};
const exported = ['gradient', 'gradientAsync', 'array', 'NDArray', 'gradientInputRange', 'uniformStep', 'createGradientStream', 'gradientStream'];

function typecheckAsAUser(dir) {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match) => match[1]);
  if (blocks.length < 5) throw new Error(`the README has ${blocks.length} TypeScript blocks: did the fence change?`);
  const files = [];
  blocks.forEach((block, i) => {
    // Named by the block itself: imported (`import { name }`, `import name from`) or declared.
    const declares = (name) =>
      new RegExp(
        `import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}|import\\s+${name}\\s|(const|let|var)\\s+(\\{[^}]*\\b${name}\\b[^}]*\\}|\\[[^\\]]*\\b${name}\\b[^\\]]*\\]|${name}\\b)`,
      ).test(block);
    const imports = exported.filter((name) => !declares(name));
    const variables = Object.entries(readmeVariables).filter(([name]) => !declares(name) && new RegExp(`\\b${name}\\b`).test(block));
    const preamble = [`import { ${imports.join(', ')} } from 'ndgradient';`, ...variables.map(([name, type]) => `declare const ${name}: ${type};`)];
    const file = `readme-${i + 1}.mts`;
    writeFileSync(path.join(dir, file), `${preamble.join('\n')}\n${block}\nexport {};\n`);
    files.push(file);
  });
  // The image case, in CommonJS and ESM: a pair of Float32Array results, destructured with no casts.
  const image = `const h = 480; const w = 640;
const [gy, gx] = gradient(new NDArray(new Float32Array(h * w), [h, w]));
const rows: Float32Array = gy.data;
const columns: number = gx.shape[1];
const value: number = gy.get(0, 0);
console.log(rows.length, columns, value);
`;
  writeFileSync(path.join(dir, 'image.cts'), `import { gradient, NDArray } from 'ndgradient';\n${image}`);
  writeFileSync(path.join(dir, 'image.mts'), `import { gradient, NDArray } from 'ndgradient';\n${image}export {};\n`);
  files.push('image.cts', 'image.mts');
  const compilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['esnext'], // Float16Array (Node 24)
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules', '@types')],
    noEmit: true,
  };
  // Every declaration file checked, ndgradient's included; but the blocks that import stdlib
  // (whose published types name a package it does not install) compile with skipLibCheck, stdlib
  // linked from this repository's devDependencies.
  const stdlib = files.filter((file) => readFileSync(path.join(dir, file), 'utf8').includes("'@stdlib/"));
  const projects = [
    { name: 'tsconfig.json', files: files.filter((file) => !stdlib.includes(file)), extra: { skipLibCheck: false } },
    { name: 'tsconfig.stdlib.json', files: stdlib, extra: { skipLibCheck: true } },
  ];
  const stdlibHere = path.join(dir, 'node_modules', '@stdlib');
  mkdirSync(stdlibHere, { recursive: true });
  for (const name of ['array-complex128', 'array-complex64']) {
    if (!existsSync(path.join(stdlibHere, name))) symlinkSync(path.join(root, 'node_modules', '@stdlib', name), path.join(stdlibHere, name));
  }
  for (const project of projects) {
    if (project.files.length === 0) continue;
    writeFileSync(path.join(dir, project.name), JSON.stringify({ compilerOptions: { ...compilerOptions, ...project.extra }, files: project.files }));
    const checked = runAll(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(dir, project.name)], dir);
    if (checked.status !== 0) throw new Error(`a strict TypeScript project does not compile (${project.files.join(', ')}):\n${checked.output}`);
  }
  console.log(`types: ${blocks.length} README blocks and the image case (ESM and CommonJS) compile under strict + noUncheckedIndexedAccess`);
}

if (!existsSync(path.join(root, 'prebuilds', 'linux-x64'))) {
  const pack = runAll(npm, ['pack', '--dry-run'], root);
  if (pack.status === 0 || !pack.output.includes('run npm run prebuildify first'))
    throw new Error(`npm pack without the linux-x64 prebuild did not fail: ${pack.output.slice(-300)}`);
  console.log('npm pack without the linux-x64 prebuild: refused, as it should be');
}
// NDGRADIENT_REUSE_PREBUILD=1 (CI, on each further Node version): pack the prebuild already built
// (the one binary every Node version loads) instead of building it again, and skip the build from
// source (node-gyp against this Node's headers), which the first Node's run has proven.
const reuse = process.env.NDGRADIENT_REUSE_PREBUILD === '1' && existsSync(path.join(root, 'prebuilds', 'linux-x64', 'ndgradient.glibc.node'));
if (reuse) console.log(`prebuildify: reusing prebuilds/linux-x64 (Node ${process.version} packs and installs it)`);
else timed('prebuildify', () => run(npm, ['run', 'prebuildify'], root));
const work = mkdtempSync(path.join(tmpdir(), 'ndgradient-install-'));
try {
  const packed = JSON.parse(timed('npm pack', () => run(npm, ['pack', '--json', '--pack-destination', work], root)))[0];
  const tarball = path.join(work, packed.filename);
  console.log(`tarball ${packed.filename}: ${(statSync(tarball).size / 1024).toFixed(1)} KiB, ${packed.entryCount} files`);
  if (!packed.files.some((file) => file.path.startsWith('prebuilds/'))) throw new Error('the tarball has no prebuilds/');

  const seed = `const { gradient, backend } = require('ndgradient'); console.log(backend, JSON.stringify(gradient([1, 2, 4, 7, 11]).toArray()));`;
  const seedModule = `import { gradient, backend } from 'ndgradient'; console.log(backend, JSON.stringify(gradient([1, 2, 4, 7, 11]).toArray()));`;
  const expected = 'native [1,1.5,2.5,3.5,4]';
  const project = (name) => {
    const dir = path.join(work, name);
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `try-${name}`, version: '1.0.0', private: true }));
    return dir;
  };
  const check = (dir, label, env = {}) => {
    const required = run(process.execPath, ['-e', seed], dir, env).trim();
    const imported = run(process.execPath, ['--input-type=module', '-e', seedModule], dir, env).trim();
    if (required !== expected || imported !== expected) throw new Error(`${label}: require gave "${required}", import gave "${imported}"`);
    const installed = path.join(dir, 'node_modules', 'ndgradient');
    // The command as npm links it (node_modules/.bin, executable), with its dependency.
    const usage = run(path.join(dir, 'node_modules', '.bin', 'ndgradient'), ['--help'], dir, env);
    if (!usage.startsWith('Usage: ndgradient')) throw new Error(`${label}: ndgradient --help printed "${usage.slice(0, 80)}"`);
    const compiled = existsSync(path.join(installed, 'build'));
    console.log(`${label}: require and import give ${expected}, the ndgradient command runs; compiled from source: ${compiled ? 'yes' : 'no'}`);
    return { installed, compiled };
  };
  // A fresh project has no nodedir: only the no-prebuild case may need headers, and npm's own
  // configuration (npm_config_nodedir where set) is passed through the environment as usual.
  const plain = project('default');
  const installed = timed('install (default)', () => runAll(npm, ['install', '--no-audit', '--no-fund', '--foreground-scripts', tarball], plain));
  if (installed.status !== 0) throw new Error(`default install failed: ${installed.output}`);
  // --foreground-scripts prints every lifecycle script that runs: there must be none of ours.
  if (/> ndgradient@\S+ (pre|post)?install|allowScripts|node-gyp/.test(installed.output))
    throw new Error(`the default install ran a script: ${installed.output}`);
  if (check(plain, 'default').compiled) throw new Error('default install compiled although a prebuild matched');
  typecheckAsAUser(plain);

  const noScripts = project('ignore-scripts');
  timed('install (--ignore-scripts)', () => run(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], noScripts));
  check(noScripts, '--ignore-scripts');

  if (reuse) {
    console.log("install: 2 passed, 0 failed (the build from source is the first Node version's)");
  } else {
    const fromSource = project('no-prebuild');
    timed('install (no prebuild, compiles)', () => {
      run(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], fromSource);
      rmSync(path.join(fromSource, 'node_modules', 'ndgradient', 'prebuilds'), { recursive: true, force: true });
      // Before building: the TypeScript backend, and a warning that names the command.
      const fallback = runAll(process.execPath, ['-e', "console.log(require('ndgradient').backend)"], fromSource);
      if (!fallback.output.startsWith('js') || !fallback.output.includes('npm run build:native --prefix node_modules/ndgradient')) {
        throw new Error(`without a binary: ${fallback.output}`);
      }
      run(npm, ['run', 'build:native', '--prefix', path.join('node_modules', 'ndgradient')], fromSource);
    });
    const built = check(fromSource, 'no prebuild');
    if (!built.compiled || !readdirSync(path.join(built.installed, 'build', 'Release')).includes('ndgradient.node')) {
      throw new Error('the no-prebuild install did not compile the addon');
    }
    console.log('install: 3 passed, 0 failed');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
