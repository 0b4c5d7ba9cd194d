// @ts-check
// The Chromium the browser tests drive. It comes with `npm ci`: the registry package @sparticuz/chromium
// carries a headless Chromium build inside it (bin/chromium.br, brotli-compressed), so nothing is
// downloaded at install time or at test time, and no system package is needed. We decompress it once,
// per package version, into the ignored .tools/ folder. CHROMIUM_PATH points at another build instead
// (e.g. Debian's /usr/bin/chromium).
//
// Only the binary is used, not the package's executablePath(): that one is written for AWS Lambda (it
// extracts to /tmp/chromium and reuses whatever file is found there, of any version).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { pipeline } = require('node:stream/promises');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const PACKAGE = '@sparticuz/chromium';

/**
 * Path of an executable Chromium: $CHROMIUM_PATH, else the one shipped in the npm package (decompressed
 * on first use; about 3 s). Rejects with one line saying what is missing.
 * @returns {Promise<string>}
 */
async function chromiumPath() {
  if (process.env.CHROMIUM_PATH) {
    if (!fs.existsSync(process.env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
    return process.env.CHROMIUM_PATH;
  }
  let packageDir;
  try {
    // Its exports map hides package.json: resolve the entry point and walk up to the package's folder.
    packageDir = path.dirname(require.resolve(PACKAGE, { paths: [ROOT] }));
    while (!fs.existsSync(path.join(packageDir, 'bin', 'chromium.br'))) {
      if (path.dirname(packageDir) === packageDir) throw new Error('no bin/chromium.br');
      packageDir = path.dirname(packageDir);
    }
  } catch {
    throw new Error(`${PACKAGE} is not installed: run npm ci (or set CHROMIUM_PATH to a Chromium)`);
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const target = path.join(ROOT, '.tools', `chromium-${version}`, 'chromium');
  if (fs.existsSync(target)) return target;

  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Decompressed beside its final name, then renamed: parallel test processes never see half a file.
  const partial = `${target}.${process.pid}.partial`;
  try {
    await pipeline(fs.createReadStream(path.join(packageDir, 'bin', 'chromium.br')), zlib.createBrotliDecompress(), fs.createWriteStream(partial, { mode: 0o755 }));
    const check = spawnSync(partial, ['--version'], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`the Chromium of ${PACKAGE} ${version} does not run here: ${(check.stderr || check.error?.message || '').trim()}`);
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return target;
}

module.exports = { chromiumPath };

if (require.main === module) {
  chromiumPath().then(
    (found) => console.log(found),
    (err) => {
      console.error(err.message);
      process.exitCode = 1;
    },
  );
}
