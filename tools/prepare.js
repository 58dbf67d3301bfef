// The package's `prepare` script. npm runs `prepare` when it packs this directory (npm pack, npm
// publish, and an install from a git URL, where it is the only script npm runs: npm's docs, "Life
// Cycle Scripts"), and also on a local `npm install` or `npm ci`. Only the packing needs lib/: a
// clone runs the sources. npm's packer (pacote's DirFetcher) names the directory it packs in
// npm_package_resolved; a local install gives the root none, and the root's self-link (file:.)
// `null`. So lib/ is built when that names this directory, and every install of a clone stays as
// fast as before.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');

/** Whether npm is packing this directory (`resolved`: npm_package_resolved). */
function packingThisDirectory(resolved) {
  if (!resolved || !fs.existsSync(resolved)) return false;
  return fs.realpathSync(resolved) === fs.realpathSync(ROOT);
}

if (require.main === module && packingThisDirectory(process.env.npm_package_resolved)) {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

module.exports = { packingThisDirectory };
