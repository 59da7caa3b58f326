import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fit, mrkdwnToPlain, toSlackMrkdwn } from '../../../src/platforms/slack/markup.js';

describe('Slack markup', () => {
  it('escapes what is not a Slack token, and keeps tokens and entities as they are', () => {
    assert.equal(
      toSlackMrkdwn('Usage: `/teammate policy set <kind|*> <auto|approve|deny>`'),
      'Usage: `/teammate policy set &lt;kind|*&gt; &lt;auto|approve|deny&gt;`',
    );
    assert.equal(
      toSlackMrkdwn('<@U1> in <#C1> and <#C2|general>, see <https://x.test/a?b=1&c=2|the doc>'),
      '<@U1> in <#C1> and <#C2|general>, see <https://x.test/a?b=1&c=2|the doc>',
    );
    assert.equal(toSlackMrkdwn('<!here> A & B -> C, 1 < 2'), '<!here> A &amp; B -&gt; C, 1 &lt; 2');
    assert.equal(toSlackMrkdwn('already &lt;escaped&gt; &amp; fine'), 'already &lt;escaped&gt; &amp; fine');
    assert.equal(toSlackMrkdwn('unclosed <tag'), 'unclosed &lt;tag');
  });

  it('makes plain text for headers', () => {
    assert.equal(
      mrkdwnToPlain('*Why:* see <https://x.test|the doc> and `code` &amp; &lt;more&gt;'),
      'Why: see the doc and code & <more>',
    );
    assert.equal(mrkdwnToPlain('post_message is *bold*'), 'post_message is bold');
  });

  it('cuts to a limit with a mark', () => {
    assert.equal(fit('abcdef', 4), 'abc…');
    assert.equal(fit('abc', 4), 'abc');
  });
});
