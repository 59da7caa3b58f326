#!/usr/bin/env node
// Builds the Teams app package that an admin uploads (Teams admin center or "Upload a custom app"): a zip holding
// manifest.json, color.png and outline.png at its root, with the bot's app id written into the manifest.
//   MICROSOFT_APP_ID=<the bot's app id> [TEAMMATE_PUBLIC_URL=https://teammate.example.org] npm run teams:package
// writes dist/teams/teammate.zip (or the path given with --out).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PackageError extends Error {}

/** The package's files: the manifest made for this bot, and the icons as they are. */
export function packageFiles(env) {
  const appId = env.MICROSOFT_APP_ID?.trim();
  if (!appId) throw new PackageError('MICROSOFT_APP_ID is not set: the package needs the bot’s app id');
  if (!GUID.test(appId)) throw new PackageError(`MICROSOFT_APP_ID "${appId}" is not an app id (a GUID)`);
  const manifest = JSON.parse(readFileSync(join(root, 'manifests/teams/manifest.json'), 'utf8'));
  manifest.id = appId;
  for (const bot of manifest.bots) bot.botId = appId;
  manifest.webApplicationInfo.id = appId;
  const publicUrl = env.TEAMMATE_PUBLIC_URL?.trim();
  if (publicUrl) {
    let url;
    try {
      url = new URL(publicUrl);
    } catch {
      throw new PackageError(`TEAMMATE_PUBLIC_URL "${publicUrl}" is not a URL`);
    }
    if (url.protocol !== 'https:') throw new PackageError('TEAMMATE_PUBLIC_URL must be an https URL');
    manifest.validDomains = [url.host];
    manifest.developer.websiteUrl = url.origin;
    manifest.developer.privacyUrl = `${url.origin}/privacy`;
    manifest.developer.termsOfUseUrl = `${url.origin}/terms`;
  }
  if (JSON.stringify(manifest).includes(PLACEHOLDER))
    throw new PackageError('the manifest still holds a placeholder id');
  return [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: readFileSync(join(root, 'manifests/teams/color.png')) },
    { name: 'outline.png', data: readFileSync(join(root, 'manifests/teams/outline.png')) },
  ];
}

/** A zip archive (deflated entries, no directories): https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT */
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const compressed = deflateRawSync(file.data);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // a fixed time and date (1980-01-01 00:00), so builds are reproducible
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function cli() {
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? process.argv[at + 1] : join(root, 'dist/teams/teammate.zip');
  try {
    const archive = zip(packageFiles(process.env));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, archive);
    console.log(`wrote ${out}: upload it in Teams (Apps → Manage your apps → Upload an app) or the Teams admin center`);
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    console.error(`teams:package: ${error.message}`);
    process.exit(2);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) cli();
