// npm run test:install: the package as users get it. Builds the prebuilt binary (prebuildify),
// packs the tarball, installs it into fresh projects three ways and runs the seed example through
// require and import in each:
//   default           the prebuild matches: nothing compiles
//   --ignore-scripts  no install script runs: the prebuild still loads
//   no prebuild       prebuilds/ removed: the TypeScript backend, with a warning naming the
//                     command that builds from source; that command, then the addon loads
// The package has no install script: no install prints npm's install-scripts warning. And packing
// without the linux-x64 prebuild fails (prepack).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

if (!existsSync(path.join(root, 'prebuilds', 'linux-x64'))) {
  const pack = runAll(npm, ['pack', '--dry-run'], root);
  if (pack.status === 0 || !pack.output.includes('run npm run prebuildify first')) throw new Error(`npm pack without the linux-x64 prebuild did not fail: ${pack.output.slice(-300)}`);
  console.log('npm pack without the linux-x64 prebuild: refused, as it should be');
}
timed('prebuildify', () => run(npm, ['run', 'prebuildify'], root));
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
  if (/> ndgradient@\S+ (pre|post)?install|allowScripts|node-gyp/.test(installed.output)) throw new Error(`the default install ran a script: ${installed.output}`);
  if (check(plain, 'default').compiled) throw new Error('default install compiled although a prebuild matched');

  const noScripts = project('ignore-scripts');
  timed('install (--ignore-scripts)', () => run(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], noScripts));
  check(noScripts, '--ignore-scripts');

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
} finally {
  rmSync(work, { recursive: true, force: true });
}
