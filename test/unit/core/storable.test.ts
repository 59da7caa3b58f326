import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storable, storableText } from '../../../src/core/text/storable.js';

describe('text made storable at the edge', () => {
  it('removes NUL and replaces lone surrogates, keeping everything else', () => {
    assert.equal(storableText('a\u0000b'), 'ab');
    assert.equal(storableText('half \ud83d of an emoji'), 'half \ufffd of an emoji');
    assert.equal(storableText('\udc00 trailing half'), '\ufffd trailing half');
    assert.equal(storableText('whole 😀 emoji, ünïcödé, 中文'), 'whole 😀 emoji, ünïcödé, 中文');
  });

  it('walks a signal: strings in objects and arrays, keys too; dates and numbers kept', () => {
    const at = new Date('2026-11-23T09:00:00Z');
    assert.deepEqual(storable({ id: 'x\u0000', at, n: 1, text: [{ type: 'text', text: '\ud800' }], 'k\u0000': true }), {
      id: 'x',
      at,
      n: 1,
      text: [{ type: 'text', text: '\ufffd' }],
      k: true,
    });
  });
});
