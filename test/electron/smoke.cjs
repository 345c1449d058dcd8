// Electron smoke test (CI, .github/workflows/ci.yml): the prebuilt N-API binary loads in
// Electron's main process and computes numpy's values; exits non-zero otherwise.
// Run: npx electron test/electron/smoke.cjs (under xvfb-run on Linux).
const { app } = require('electron');

app.whenReady().then(async () => {
  let code = 1;
  try {
    const { gradient, gradientAsync, backend } = require('../..');
    const sync = JSON.stringify(gradient([1, 2, 4, 7, 11]).toArray());
    const asynchronous = JSON.stringify((await gradientAsync([1, 2, 4, 7, 11])).toArray());
    // A large result: Electron refuses external buffers, so it must take an ordinary one
    // (native/recycle.cc), with the bits the same call gives into out.
    const f = new Float64Array(100_000).map((_, i) => Math.sin(i));
    const out = new Float64Array(f.length);
    gradient(f, { out });
    const large = Buffer.from(gradient(f).data.buffer).equals(Buffer.from(out.buffer));
    console.log(`electron ${process.versions.electron}: backend ${backend}, gradient ${sync}, gradientAsync ${asynchronous}, large result ${large}`);
    code = backend === 'native' && sync === '[1,1.5,2.5,3.5,4]' && asynchronous === sync && large ? 0 : 1;
  } catch (error) {
    console.error(error);
  }
  app.exit(code);
});
