import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CORE = new URL('../../../src/core/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The code of a file without its comments (which may name a platform to explain a choice). */
const code = (path: string) =>
  readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

// The core serves every platform: it holds no platform's message fields and writes no platform's markup. Text
// leaves it as the document model; adapters render it.
describe('the core is platform-neutral', () => {
  const sources = files(CORE).map((path) => ({ path: path.slice(CORE.length), text: code(path) }));

  it('has no Slack message field', () => {
    for (const { path, text } of sources) {
      assert.doesNotMatch(text, /\bthreadTs\b|\bitemTs\b|\.ts\b|\bts\s*[:?,)]/, path);
    }
  });

  it('writes no platform markup: no <@…>, <#…>, <!…> or <url|label>', () => {
    for (const { path, text } of sources) {
      assert.doesNotMatch(text, /<[@#!](?:[A-Za-z]|\$\{)|<(?:https?:|\$\{)[^>]*\|/, path);
    }
  });

  it('imports no platform, store or server code', () => {
    for (const { path, text } of sources) {
      assert.doesNotMatch(text, /from '(?:\.\.\/)+(?:platforms|store|server|sources|schedule)\//, path);
      assert.doesNotMatch(text, /from '@slack\/|from 'botbuilder/, path);
    }
  });
});
