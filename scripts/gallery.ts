// `npm run gallery`: renders every page state with miniprogram-simulate against the bundled
// functions on the emulator and writes .demo/gallery/ — index.html (every state, following your
// system's light or dark theme), states/*.html, gallery.css (the WXSS as CSS, rpx → px at 375 px)
// and png/<state>-light.png / -dark.png shot by the packaged Chromium. It is the gallery test
// (test/miniprogram/gallery.test.ts) with an output folder and screenshots, so the gallery cannot
// show a state the test does not check. `npm run build` first: the pages call the bundles.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const out = join(root, '.demo', 'gallery');
rmSync(out, { recursive: true, force: true });
const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), join(root, 'test/miniprogram/gallery.test.ts'), '--maxWorkers=1'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, GALLERY_OUT: out, GALLERY_PNG: '1' },
});
if (run.status === 0) console.log(`\nthe gallery: ${join(out, 'index.html')} (PNGs in ${join(out, 'png')})`);
process.exitCode = run.status ?? 1;
