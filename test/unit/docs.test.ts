import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ZEnv } from '../../src/config.js';
import { defaultCatalogue } from '../../src/core/actions/catalogue.js';
import { usage } from '../../src/core/commands/usage.js';
import { allDetectors } from '../../src/core/detectors/all-detectors.js';
import { localHelp } from '../../src/platforms/local/session.js';
import { projectRoot } from '../helpers/process.js';

// The docs are checked against what the code knows, from the code's own registries: the action catalogue, the
// command usage table, the environment schema, the start flags, the local chat's commands and the detectors. A new
// kind, command, variable or option that nobody documented fails here.
const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
const docFiles = ['README.md', ...readdirSync(join(projectRoot, 'docs')).map((name) => `docs/${name}`)];
const allDocs = docFiles.map(read).join('\n');

function missing(names: Iterable<string>, text: string, form: (name: string) => string): string[] {
  return [...names].filter((name) => !text.includes(form(name)));
}

describe('the docs name everything the code knows', () => {
  it('every action kind, in docs/policy.md', () => {
    assert.deepEqual(
      missing(defaultCatalogue.keys(), read('docs/policy.md'), (kind) => `\`${kind}\``),
      [],
    );
  });

  it('every /teammate command, with its usage line, in docs/commands.md', () => {
    assert.deepEqual(
      missing(Object.values(usage), read('docs/commands.md'), (line) => `| \`${line.replaceAll('|', '\\|')}\` |`),
      [],
    );
  });

  it('every environment variable the bot reads, in a table of the docs and in .env.example', () => {
    const variables = [
      ...Object.keys(ZEnv.shape),
      'TEAMMATE_WEBHOOK_SECRET_<SOURCE>',
      'TEAMMATE_WEBHOOK_CHANNEL_<SOURCE>',
    ];
    assert.ok(variables.length > 30, 'the schema was read');
    const tableRows = allDocs
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .join('\n');
    assert.deepEqual(
      missing(variables, tableRows, (name) => `\`${name}\``),
      [],
    );
    assert.deepEqual(
      missing(Object.keys(ZEnv.shape), read('.env.example'), (name) => `${name}=`),
      [],
    );
  });

  it("every variable the project's scripts read", () => {
    const variables = ['scripts/prisma.mjs', 'scripts/teams-package.mjs'].flatMap((file) =>
      [...read(file).matchAll(/env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1] ?? ''),
    );
    assert.ok(variables.includes('TEAMMATE_PUBLIC_URL'), 'the scripts were read');
    assert.deepEqual(
      missing(new Set(variables), allDocs, (name) => name),
      [],
    );
  });

  it('every start flag', () => {
    const flags = [...read('src/main.ts').matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1] ?? '');
    assert.ok(flags.includes('--script') && flags.includes('--keep'), 'the usage text was read');
    assert.deepEqual(
      missing(flags, allDocs, (flag) => `\`${flag}`),
      [],
    );
  });

  it('every local chat command, in docs/local-chat.md', () => {
    const commands = [...localHelp.matchAll(/^ {2}(\/[a-z-]+)/gm)].map((m) => m[1] ?? '');
    assert.ok(commands.length >= 10, 'the help was read');
    assert.deepEqual(
      missing(commands, read('docs/local-chat.md'), (command) => `\`${command}`),
      [],
    );
  });

  it('every detector and each of its options, in docs/autonomy.md', () => {
    const autonomy = read('docs/autonomy.md');
    for (const detector of allDetectors) {
      const row = autonomy.split('\n').find((line) => line.startsWith(`| \`${detector.name}\``));
      assert.ok(row, `${detector.name} has a row`);
      assert.deepEqual(
        missing(
          (detector.options ?? []).map((o) => o.key),
          row,
          (key) => `\`${key}\``,
        ),
        [],
        detector.name,
      );
    }
  });
});
