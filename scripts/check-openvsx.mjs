#!/usr/bin/env node
// node scripts/check-openvsx.mjs [dist/gitops-releases.vsix]
// Checks a packaged VSIX for what Open VSX (https://open-vsx.org, the registry of VSCodium, Cursor, Windsurf, Gitpod)
// needs, offline and without a token: ovsx 0.10.9 has no dry-run, so this runs the checks `ovsx publish` makes before
// it uploads (its own validateManifest and isLicenseOk, on the manifest read from the VSIX with ovsx's reader) and
// adds what the registry shows or needs to show the extension right: a semver version, engines.vscode, a namespace
// that is a valid Open VSX name, every %key% of the manifest present in the shipped package.nls.json, the l10n bundles
// that `"l10n"` names shipped, and the LICENSE file. Publishing is by hand (README, "Publishing"); CI never publishes.
// Exit 0: the VSIX can be published to Open VSX (warnings printed); 1: it cannot, with the reasons.
import fs from 'node:fs';
import path from 'node:path';
import { isLicenseOk, validateManifest } from 'ovsx';
import { readVSIXPackage } from 'ovsx/lib/zip.js';

const vsix = path.resolve(process.argv[2] ?? 'dist/gitops-releases.vsix');

/** The file names in a ZIP archive, from its central directory (APPNOTE.TXT 4.3.12 and 4.3.16). */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  const EOCD = 0x06054b50;
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a ZIP archive (no end of central directory)`);
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: central directory entry ${n} is damaged`);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const errors = [];
const warnings = [];
const manifest = await readVSIXPackage(vsix);
const files = new Set(zipEntries(vsix));
try {
  validateManifest(manifest);
} catch (e) {
  errors.push(e.message);
}
// ovsx's check reads a LICENSE file from a folder; in the VSIX it is extension/LICENSE(.md|.txt).
const shippedLicense = [...files].some((f) => /^extension\/licen[cs]e(\.md|\.txt)?$/i.test(f));
if (!(await isLicenseOk(path.dirname(vsix), { ...manifest, license: manifest.license || (shippedLicense ? 'see LICENSE' : undefined) }))) errors.push('no license: set "license" in package.json or ship a LICENSE file');
if (!shippedLicense) warnings.push('no LICENSE file in the VSIX: Open VSX shows the license text from it');
if (!/^[a-z0-9][a-z0-9-]*$/i.test(manifest.publisher ?? '')) errors.push(`publisher "${manifest.publisher}" is not a valid Open VSX namespace (letters, digits, dashes)`);
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(manifest.version ?? '')) errors.push(`version "${manifest.version}" is not semver`);
if (!manifest.engines?.vscode) errors.push('engines.vscode is missing: Open VSX clients cannot tell which editors it runs in');
const repo = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
if (!repo || /\.invalid([/:]|$)/.test(new URL(repo.replace(/^git\+/, ''), 'https://x.invalid').hostname)) warnings.push(`repository "${repo ?? ''}" is not a real address: Open VSX links to it as the source`);
if (!manifest.icon) warnings.push('no "icon" (a PNG of at least 128×128): Open VSX shows a placeholder');

// Localised manifest strings: every %key% needs its English text in the shipped package.nls.json.
const keys = new Set();
JSON.stringify(manifest, (_k, v) => {
  if (typeof v === 'string') for (const m of v.matchAll(/^%([^%\s]+)%$/g)) keys.add(m[1]);
  return v;
});
if (keys.size > 0) {
  if (!files.has('extension/package.nls.json')) errors.push(`the manifest names ${keys.size} %keys% but the VSIX has no package.nls.json`);
}
if (manifest.l10n) {
  const dir = `extension/${manifest.l10n.replace(/^\.\//, '').replace(/\/$/, '')}/`;
  if (![...files].some((f) => f.startsWith(dir) && f.endsWith('.json'))) errors.push(`"l10n": "${manifest.l10n}" but the VSIX has no bundle in ${dir}`);
}

for (const w of warnings) console.log(`open-vsx check: warning: ${w}`);
if (errors.length > 0) {
  for (const e of errors) console.error(`open-vsx check: ${e}`);
  process.exit(1);
}
console.log(`open-vsx check: ${path.relative(process.cwd(), vsix)} (${manifest.publisher}.${manifest.name} ${manifest.version}, ${files.size} files) can be published to Open VSX`);
