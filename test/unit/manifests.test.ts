import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inflateRawSync, inflateSync } from 'node:zlib';
import AjvModule from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
// @ts-expect-error: a plain .mjs script without types
import { packageFiles, zip } from '../../scripts/teams-package.mjs';
import { looksLikeCommand } from '../../src/core/commands/grammar.js';
import { projectRoot } from '../helpers/process.js';

const schemas = join(projectRoot, '..', 'shared', 'fixtures', 'manifests', 'slack-manifest-schema');
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Slack's official manifest schema (slackapi/manifest-schema), the version our manifest declares. */
function slackValidator() {
  // ajv is CommonJS: under nodenext its class is the default export's `default`.
  const Ajv = AjvModule.default;
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(json(join(schemas, 'schemas_manifest.schema.1.0.0.json')));
}

describe('the Slack app manifest', () => {
  it('validates against the official schema, which itself rejects its own invalid example', () => {
    const validate = slackValidator();
    assert.equal(
      validate(json(join(schemas, 'tests_manifests_v1_manifest.invalid.json'))),
      false,
      'the schema must be able to fail',
    );
    const manifest = json(join(projectRoot, 'manifests', 'slack.json'));
    assert.equal(validate(manifest), true, JSON.stringify(validate.errors, null, 2));
  });

  it('has a Socket Mode twin that differs only in how Slack reaches the bot', () => {
    const validate = slackValidator();
    const http = json(join(projectRoot, 'manifests', 'slack.json'));
    const socket = json(join(projectRoot, 'manifests', 'slack-socket-mode.json'));
    assert.equal(validate(socket), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(socket.settings.socket_mode_enabled, true);
    assert.equal(http.settings.socket_mode_enabled, false);
    const strip = (m: typeof http) => {
      const copy = structuredClone(m);
      delete copy.features.slash_commands[0].url;
      delete copy.settings.event_subscriptions.request_url;
      delete copy.settings.interactivity.request_url;
      delete copy.settings.socket_mode_enabled;
      delete copy.display_information.name;
      return copy;
    };
    assert.deepEqual(strip(socket), strip(http));
  });

  it('declares the one command, the events and the scopes the bot uses', () => {
    const manifest = json(join(projectRoot, 'manifests', 'slack.json'));
    assert.deepEqual(
      manifest.features.slash_commands.map((c: { command: string }) => c.command),
      ['/teammate'],
    );
    assert.equal(
      manifest.features.slash_commands[0].should_escape,
      true,
      'mentions arrive as <@U…> ids, which the command parser expects',
    );
    // metadata.message:read: the entry id its messages carry is read back after a crash (findOwn).
    for (const scope of [
      'chat:write',
      'commands',
      'reactions:write',
      'pins:write',
      'channels:manage',
      'im:write',
      'metadata.message:read',
    ]) {
      assert.ok(manifest.oauth_config.scopes.bot.includes(scope), scope);
    }
    for (const event of [
      'message.channels',
      'app_mention',
      'reaction_added',
      'member_joined_channel',
      'app_home_opened',
    ]) {
      assert.ok(manifest.settings.event_subscriptions.bot_events.includes(event), event);
    }
    const url = manifest.settings.event_subscriptions.request_url;
    assert.equal(manifest.settings.interactivity.request_url, url, 'events, interactivity and commands share one URL');
    assert.equal(manifest.features.slash_commands[0].url, url);
  });
});

const teamsSchemas = join(projectRoot, '..', 'shared', 'fixtures', 'manifests');

/** Microsoft's Teams manifest schema (microsoft/json-schemas, draft-04) for the version our manifest declares. */
function teamsValidator(version: string) {
  const Ajv = AjvDraft04.default;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(json(join(teamsSchemas, 'teams-json-schemas', `MicrosoftTeams.schema.v${version}.json`)));
}

/** A PNG's size, colour type and RGBA pixels (the icons are written unfiltered, see scripts/teams-icons.mjs). */
function readPng(path: string) {
  const data = readFileSync(path);
  assert.equal(data.subarray(1, 4).toString('ascii'), 'PNG', `${path} is a PNG`);
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const colorType = data[25];
  const chunks: Buffer[] = [];
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    if (data.subarray(at + 4, at + 8).toString('ascii') === 'IDAT') chunks.push(data.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const pixel = (x: number, y: number) => {
    const row = y * (1 + width * 4);
    assert.equal(raw[row], 0, 'rows are unfiltered');
    const at = row + 1 + x * 4;
    return [raw[at], raw[at + 1], raw[at + 2], raw[at + 3]] as number[];
  };
  return { width, height, colorType, pixel };
}

/** The entries of a zip written by scripts/teams-package.mjs (deflated, no directories). */
function unzip(archive: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (let at = 0; archive.readUInt32LE(at) === 0x04034b50; ) {
    const size = archive.readUInt32LE(at + 18);
    const nameLength = archive.readUInt16LE(at + 26);
    const extra = archive.readUInt16LE(at + 28);
    const name = archive.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    entries.set(name, inflateRawSync(archive.subarray(start, start + size)));
    at = start + size;
  }
  return entries;
}

describe('the Teams app package', () => {
  const manifestPath = join(projectRoot, 'manifests', 'teams', 'manifest.json');

  it('validates against Microsoft’s schema for its version, which rejects a sample still holding a placeholder id', () => {
    const manifest = json(manifestPath);
    assert.ok(Number(manifest.manifestVersion) >= 1.24, 'schema 1.24 or newer');
    const validate = teamsValidator(manifest.manifestVersion);
    const sample = json(join(teamsSchemas, 'teams-sample-manifests', 'teams.net_AllInvokesBot.manifest.v1.24.json'));
    assert.equal(validate(sample), false, 'the schema must be able to fail (YOUR_BOT_ID is not a GUID)');
    assert.equal(validate(manifest), true, JSON.stringify(validate.errors, null, 2));
  });

  it('asks for what the bot needs: three scopes, no files, the commands, and the messages it must read', () => {
    const manifest = json(manifestPath);
    const [bot] = manifest.bots;
    assert.deepEqual(bot.scopes, ['personal', 'team', 'groupChat']);
    assert.equal(bot.supportsFiles, false);
    const lists = bot.commandLists as { scopes: string[]; commands: { title: string }[] }[];
    assert.deepEqual(lists.flatMap((l) => l.scopes).sort(), ['groupChat', 'personal', 'team']);
    for (const list of lists) {
      const titles = list.commands.map((c) => c.title);
      for (const needed of ['help', 'policy set', 'why', 'undo', 'status']) assert.ok(titles.includes(needed), needed);
      // Each title is what Teams puts in the compose box; with its arguments, it is a command the bot reads.
      for (const title of titles) assert.equal(looksLikeCommand(`${title} A-1`), true, `${title} is a command`);
    }
    assert.deepEqual(manifest.authorization.permissions.resourceSpecific.map((p: { name: string }) => p.name).sort(), [
      'ChannelMessage.Read.Group',
      'ChatMessage.Read.Chat',
    ]);
    assert.ok(manifest.validDomains.length > 0);
  });

  it('has a 192×192 colour icon and a 32×32 outline icon, white on transparent', () => {
    const color = readPng(join(projectRoot, 'manifests', 'teams', manifestIcon('color')));
    assert.deepEqual([color.width, color.height], [192, 192]);
    const outline = readPng(join(projectRoot, 'manifests', 'teams', manifestIcon('outline')));
    assert.deepEqual([outline.width, outline.height, outline.colorType], [32, 32, 6]);
    let transparent = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = outline.pixel(x, y);
        if (a === 0) transparent++;
        else assert.deepEqual([r, g, b], [255, 255, 255], `pixel ${x},${y} is white`);
      }
    }
    assert.ok(transparent > 32 * 32 * 0.5, 'mostly transparent');
  });

  it('`npm run teams:package` writes the bot’s app id into a zip of the manifest and the icons', () => {
    assert.throws(() => packageFiles({}), /MICROSOFT_APP_ID is not set/);
    assert.throws(() => packageFiles({ MICROSOFT_APP_ID: 'my-bot' }), /not an app id/);
    const appId = '0b6fe6d1-fece-44f7-9a48-56465e2d5ab8';
    const entries = unzip(
      zip(packageFiles({ MICROSOFT_APP_ID: appId, TEAMMATE_PUBLIC_URL: 'https://bot.example.org' })),
    );
    assert.deepEqual([...entries.keys()], ['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(String(entries.get('manifest.json')));
    assert.equal(manifest.id, appId);
    assert.equal(manifest.bots[0].botId, appId);
    assert.equal(manifest.webApplicationInfo.id, appId);
    assert.deepEqual(manifest.validDomains, ['bot.example.org']);
    const validate = teamsValidator(manifest.manifestVersion);
    assert.equal(validate(manifest), true, JSON.stringify(validate.errors, null, 2));
    assert.deepEqual(entries.get('color.png'), readFileSync(join(projectRoot, 'manifests', 'teams', 'color.png')));
  });
});

function manifestIcon(kind: 'color' | 'outline'): string {
  return json(join(projectRoot, 'manifests', 'teams', 'manifest.json')).icons[kind];
}
