#!/usr/bin/env node
// Runs `npm ci` unless node_modules already holds exactly what package-lock.json pins (npm records
// what it installed in node_modules/.package-lock.json), so repeated builds stay offline and fast.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const here = __dirname;

function installedPackages(lockFile) {
  try {
    const packages = JSON.parse(fs.readFileSync(lockFile, 'utf8')).packages || {};
    const pinned = {};
    for (const [name, meta] of Object.entries(packages)) {
      if (name !== '') pinned[name] = `${meta.version} ${meta.integrity || ''}`;
    }
    return pinned;
  } catch (e) {
    return null;
  }
}

const wanted = installedPackages(path.join(here, 'package-lock.json'));
const have = installedPackages(path.join(here, 'node_modules', '.package-lock.json'));
if (wanted && have && JSON.stringify(wanted, Object.keys(wanted).sort()) === JSON.stringify(have, Object.keys(have).sort())
    && Object.keys(wanted).length === Object.keys(have).length) {
  console.log('infra-terraform/checks: node_modules matches package-lock.json');
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
if (result.error) {
  console.error(`infra-terraform/checks: cannot run npm: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status === null ? 1 : result.status);
