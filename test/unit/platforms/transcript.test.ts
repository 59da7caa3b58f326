import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bold, channelRef, code, link, mention, person, quoted, rich } from '../../../src/core/text/build.js';
import { fromLocalText, renderDoc, renderText } from '../../../src/platforms/local/render.js';

describe('the local chat renders the document model as terminal text', () => {
  const render = (content: Parameters<typeof renderText>[0]) => renderText(content, { color: false });

  it('shows people, channels, links and quotes as words, leaving identifiers and placeholders alone', () => {
    assert.equal(
      render(rich`${bold('Why:')} see ${link('https://example.com/x', 'the runbook')} in ${channelRef('local:ops')}`),
      'Why: see the runbook (https://example.com/x) in #ops',
    );
    assert.equal(render(rich`${mention('local:bob')} and ${person('local:carol')}`), '@bob and @carol');
    assert.equal(render(rich`kind post_message, row workspace/*`), 'kind post_message, row workspace/*');
    assert.equal(
      render(rich`Usage: ${code('/teammate policy set <kind|*> <auto|approve|deny>')}`),
      'Usage: `/teammate policy set <kind|*> <auto|approve|deny>`',
    );
    assert.equal(render(rich`asked ${quoted('  where   is it?  ')}`), 'asked “where is it?”');
    assert.equal(renderText([bold('bold')], { color: true }), '\u001b[1mbold\u001b[0m');
    assert.deepEqual(renderDoc([{ type: 'list', items: [rich`a`, rich`b`] }], { color: false }), ['• a', '• b']);
  });

  it('reads what people type: @name mentions someone, #name names a channel, the rest is words', () => {
    assert.deepEqual(fromLocalText('@teammate why? see #ops, @bob’s idea'), [
      { type: 'mention', user: 'local:teammate', name: 'teammate' },
      { type: 'text', text: ' why? see ' },
      { type: 'channel', channel: 'local:ops', name: 'ops' },
      { type: 'text', text: ', ' },
      { type: 'mention', user: 'local:bob', name: 'bob' },
      { type: 'text', text: '’s idea' },
    ]);
    assert.deepEqual(fromLocalText('mail bob@example.com'), [{ type: 'text', text: 'mail bob@example.com' }]);
  });
});
