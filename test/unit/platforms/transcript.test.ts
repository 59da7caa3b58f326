import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plainText } from '../../../src/platforms/local/transcript.js';

describe('the local transcript', () => {
  it('turns markup into terminal text without touching identifiers or placeholders', () => {
    const plain = (text: string) => plainText(text, { color: false });
    assert.equal(
      plain('*Why:* see <https://example.com/x|the runbook>'),
      'Why: see the runbook (https://example.com/x)',
    );
    assert.equal(plain('_History: a → b_'), 'History: a → b');
    assert.equal(plain('kind post_message, row workspace/*'), 'kind post_message, row workspace/*');
    assert.equal(
      plain('Usage: `/teammate policy set <kind|*> <auto|approve|deny>`'),
      'Usage: `/teammate policy set <kind|*> <auto|approve|deny>`',
    );
    assert.equal(plainText('*bold*', { color: true }), '\u001b[1mbold\u001b[0m');
  });
});
