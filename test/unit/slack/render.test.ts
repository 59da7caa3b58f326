import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebClient } from '@slack/web-api';
import { silentLogger } from '../../../src/core/logger.js';
import { bold, code, codeBlock, doc, link, list, messageLink, quoted, rich } from '../../../src/core/text/build.js';
import { plainText } from '../../../src/core/text/plain.js';
import { commandText, fromSlackText } from '../../../src/platforms/slack/inbound-text.js';
import { SlackNames } from '../../../src/platforms/slack/names.js';
import { fit, SlackRenderer } from '../../../src/platforms/slack/render.js';

const names = new SlackNames(
  {
    users: { info: async ({ user }: { user: string }) => ({ ok: true, user: { name: user.toLowerCase() } }) },
    conversations: { info: async () => ({ ok: true, channel: { name: 'general' } }) },
  } as unknown as WebClient,
  silentLogger,
);
const render = new SlackRenderer(names, 'https://acme.slack.com');
const HOSTILE = '<!here> is <@U9> around? see <https://evil.example/x|the runbook> &amp; *this*';

describe('Slack text', () => {
  it('reads what people wrote into nodes, and what they wrote stays inert when the bot quotes it', async () => {
    const read = fromSlackText(HOSTILE);
    assert.deepEqual(read, [
      { type: 'text', text: '@here' },
      { type: 'text', text: ' is ' },
      { type: 'mention', user: 'slack:U9' },
      { type: 'text', text: ' around? see ' },
      { type: 'link', url: 'https://evil.example/x', label: 'the runbook' },
      { type: 'text', text: ' & *this*' },
    ]);
    const said = plainText(read);
    assert.equal(said, '@here is @U9 around? see the runbook (https://evil.example/x) & *this*');
    const quotedBack = await render.mrkdwn(rich`a question: ${quoted(said, 200)}`);
    assert.doesNotMatch(quotedBack, /<!|<@|<#|<http/, 'no Slack token survives');
    assert.match(quotedBack, /@\u2060here/, 'the broadcast word is kept from broadcasting');
    assert.match(quotedBack, /the runbook \(https:\/\/evil\.example\/x\)/, 'the link shows where it goes');
    assert.equal(
      await render.plain([quoted(said, 200)]),
      '“@\u2060here is @U9 around? see the runbook (https://evil.example/x) & *this*”',
    );
  });

  it('reads user groups, dates, channels with names and bare links as a reader sees them', () => {
    assert.deepEqual(fromSlackText('<!subteam^S1|@oncall> <!date^1392734382^{date}|Feb 18> <#C1|eng> <mailto:a@b.c>'), [
      { type: 'text', text: '@oncall' },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'Feb 18' },
      { type: 'text', text: ' ' },
      { type: 'channel', channel: 'slack:C1', name: 'eng' },
      { type: 'text', text: ' ' },
      { type: 'link', url: 'mailto:a@b.c', label: 'mailto:a@b.c' },
    ]);
  });

  it('turns a slash command’s escapes into the keys the grammar reads', () => {
    assert.equal(
      commandText('policy set post_message approve in <#C42|eng> approvers=<@U1|ann>,admins'),
      'policy set post_message approve in #slack:C42 approvers=@slack:U1,admins',
    );
    assert.equal(
      commandText('calendar add <https://cal.example/t.ics?a=1&amp;b=2>'),
      'calendar add https://cal.example/t.ics?a=1&b=2',
    );
  });

  it('writes the bot’s own markup: emphasis, code, links with its labels, message links, lists and code blocks', async () => {
    assert.equal(
      await render.doc(
        doc(
          rich`${bold('Why: ')}see ${link('https://x.test/a?b=1&c=2', 'the <doc>')} or ${messageLink({ platform: 'slack', conversation: 'slack:C1', id: '17.0001' }, 'the question')}`,
          list([rich`one`, rich`${code('a < b')}`]),
          codeBlock('rules: <none>\n'),
        ),
      ),
      '*Why:* see <https://x.test/a?b=1&c=2|the &lt;doc&gt;> or <https://acme.slack.com/archives/C1/p170001|the question>\n• one\n• `a &lt; b`\n```\nrules: &lt;none&gt;\n```',
    );
    assert.equal(
      await render.mrkdwn([{ type: 'link', url: 'javascript:alert(1)', label: 'x' }]),
      'x (javascript:alert(1))',
    );
  });

  it('cuts to a limit with a mark', () => {
    assert.equal(fit('abcdef', 4), 'abc…');
    assert.equal(fit('abc', 4), 'abc');
  });
});
