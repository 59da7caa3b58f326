import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helpText } from '../../../src/core/commands/usage.js';
import { plainText } from '../../../src/core/text/plain.js';

const help = (topic?: string) =>
  helpText(topic)
    .map((block) =>
      block.type === 'paragraph'
        ? plainText(block.content)
        : block.type === 'list'
          ? block.items.map((item) => plainText(item)).join('\n')
          : block.text,
    )
    .join('\n');

describe('/teammate help', () => {
  it('help policy lists the policy subcommands, and only them', () => {
    const text = help('policy');
    assert.match(text, /^Teammate policy commands/);
    for (const sub of ['list', 'set', 'reset', 'export', 'import', 'history'])
      assert.match(text, new RegExp(`policy ${sub}`));
    assert.doesNotMatch(text, /\/teammate (why|undo|status|roundup)/);
  });

  it('help names one command; an unknown topic says so before the list', () => {
    assert.match(help('policy set'), /^\/teammate policy set <kind\|\*>/);
    assert.match(help('set'), /^\/teammate policy set/);
    const unknown = help('frobnicate');
    assert.match(unknown, /^There is no command “frobnicate”; these are the ones there are\./);
    assert.match(unknown, /\/teammate status/);
  });

  it('says who may do what as the commands enforce it: anyone may ask for a roundup now', () => {
    assert.match(help('roundup'), /scheduling and switching it off: admins/);
  });
});
