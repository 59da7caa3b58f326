import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TCard } from '../../../src/core/chat-port.js';
import type { AddressStore } from '../../../src/core/store-ports.js';
import { doc, mention, person, quoted, rich } from '../../../src/core/text/build.js';
import { splitConversation } from '../../../src/platforms/teams/activities.js';
import { TeamsDirectory } from '../../../src/platforms/teams/directory.js';
import { fromTeamsText, mentionTargets } from '../../../src/platforms/teams/inbound-text.js';
import { TeamsRenderer } from '../../../src/platforms/teams/render.js';

/** An address store in memory (the real one is tested with the database). */
function memoryAddresses(): AddressStore {
  const rows = new Map<string, unknown>();
  return {
    async get(platform, kind, key) {
      return rows.get(`${platform}/${kind}/${key}`);
    },
    async put(platform, kind, key, data) {
      rows.set(`${platform}/${kind}/${key}`, structuredClone(data));
    },
  };
}

const BOT = '28:bot';
const ANA = { id: '29:ana', name: 'Ana' };

describe('Teams text in', () => {
  const resolve = (id: string) => (id === BOT ? 'teams:28:bot' : `teams:aad-${id.slice(3)}`);

  it('reads mentions from the entities, each once and in order, whatever else the text holds', () => {
    const entities = [
      { type: 'mention', text: '<at>Teammate</at>', mentioned: { id: BOT, name: 'Teammate' } },
      { type: 'mention', text: '<at>Ana</at>', mentioned: ANA },
      { type: 'clientInfo' },
    ];
    const text = '<at>Teammate</at> grant <at>Ana</at> &amp; not <at>Bob</at>';
    assert.deepEqual(fromTeamsText(text, mentionTargets(entities, resolve)), [
      { type: 'mention', user: 'teams:28:bot', name: 'Teammate' },
      { type: 'text', text: ' grant ' },
      { type: 'mention', user: 'teams:aad-ana', name: 'Ana' },
      // An <at> tag without an entity is only text: nobody is mentioned by typing the tag.
      { type: 'text', text: ' & not Bob' },
    ]);
  });

  it('keeps the words of HTML and entities, and nothing of their markup', () => {
    assert.deepEqual(fromTeamsText('<p>Is <b>prod</b>&nbsp;down?</p>', []), [{ type: 'text', text: 'Is prod down?' }]);
  });

  it('splits a channel conversation id into the channel and the thread', () => {
    assert.deepEqual(splitConversation('19:abc@thread.tacv2;messageid=1759881511856'), {
      conversation: '19:abc@thread.tacv2',
      thread: '1759881511856',
    });
    assert.deepEqual(splitConversation('a:1xyz'), { conversation: 'a:1xyz' });
  });
});

describe('Teams text out', () => {
  const setup = async () => {
    const directory = new TeamsDirectory(memoryAddresses(), () => new Date('2026-11-30T00:00:00Z'));
    await directory.rememberPerson('aad-ana', { teamsId: '29:ana', name: 'Ana', serviceUrl: 'https://smba.example/' });
    return new TeamsRenderer(directory);
  };

  it('escapes every run, so what people wrote is shown, never obeyed', async () => {
    const render = await setup();
    const { text, entities } = await render.message(
      doc(rich`${mention('teams:aad-ana')} asked ${quoted('<at>Everyone</at> <a href="https://evil">x</a> & more')}`),
    );
    assert.equal(
      text,
      '<p><at>Ana</at> asked “&lt;at&gt;Everyone&lt;/at&gt; &lt;a href=&quot;https://evil&quot;&gt;x&lt;/a&gt; &amp; more”</p>',
    );
    assert.deepEqual(entities, [{ type: 'mention', text: '<at>Ana</at>', mentioned: { id: '29:ana', name: 'Ana' } }]);
  });

  it('names people it does not mean to notify, and mentions only people Teams can notify', async () => {
    const render = await setup();
    const { text, entities } = await render.message(
      doc(rich`${person('teams:aad-ana')} and ${mention('teams:aad-zed')}`),
    );
    assert.equal(text, '<p>@Ana and @someone</p>');
    assert.deepEqual(entities, []);
  });

  it('links a message to where Teams opens it: a chat message by its chat, a channel message once its team is known', async () => {
    const directory = new TeamsDirectory(memoryAddresses(), () => new Date('2026-11-30T00:00:00Z'));
    const render = new TeamsRenderer(directory);
    const base = { serviceUrl: 'https://smba.example/', tenantId: 't1', botId: '28:bot' };
    await directory.rememberConversation({
      ...base,
      conversationId: '19:chat@thread.v2',
      conversationType: 'groupChat',
    });
    await directory.rememberConversation({
      ...base,
      conversationId: '19:ops@thread.tacv2',
      conversationType: 'channel',
      teamId: '19:team@thread.tacv2',
    });
    const ref = (conversation: string, id: string, thread?: string) => ({
      platform: 'teams',
      conversation: `teams:${conversation}`,
      id,
      ...(thread ? { thread } : {}),
    });
    assert.equal(
      await render.messageLink(ref('19:chat@thread.v2', '17')),
      'https://teams.microsoft.com/l/message/19%3Achat%40thread.v2/17?context=%7B%22contextType%22%3A%22chat%22%7D',
    );
    assert.equal(await render.messageLink(ref('19:ops@thread.tacv2', '18', '12')), undefined, 'no group id yet');
    await directory.rememberTeam('19:team@thread.tacv2', 'group-1');
    assert.equal(
      await render.messageLink(ref('19:ops@thread.tacv2', '18', '12')),
      'https://teams.microsoft.com/l/message/19%3Aops%40thread.tacv2/18?tenantId=t1&groupId=group-1&parentMessageId=12&createdTime=18',
    );
    assert.equal(await render.messageLink({ platform: 'slack', conversation: 'slack:C1', id: '1.2' }), undefined);
  });

  it('makes Adaptive Cards of text runs (no markdown), with a reason box for Reject and refresh for deciders', async () => {
    const render = await setup();
    const card: TCard = {
      title: rich`A-7 · Approval needed: ${quoted('**bold** [link](https://evil)')}`,
      body: doc(rich`Why: it matters`),
      fields: [{ label: 'Policy', value: rich`approve` }],
      buttons: [
        { label: 'Approve', action: 'approve', entryId: 7, style: 'primary' },
        { label: 'Reject', action: 'reject', entryId: 7, style: 'danger' },
      ],
    };
    const json = await render.card(card, { deciders: ['29:ana'] });
    assert.equal(json.version, '1.5');
    const body = json.body as { type: string; id?: string; inlines?: { type: string; text: string }[] }[];
    assert.ok(
      body.every((b) => b.type === 'RichTextBlock' || b.type === 'Input.Text'),
      'no TextBlock reads markdown',
    );
    assert.equal(
      body[0]?.inlines?.map((r) => r.text).join(''),
      'A-7 · Approval needed: “**bold** [link](https://evil)”',
    );
    assert.equal(body.at(-1)?.id, 'reason');
    assert.deepEqual(json.refresh, {
      action: { type: 'Action.Execute', verb: 'refresh', data: { teammate: 1, action: 'refresh', entryId: 7 } },
      userIds: ['29:ana'],
    });
    assert.deepEqual(
      (json.actions as { type: string; verb: string; style?: string; fallback: { type: string } }[]).map((a) => [
        a.type,
        a.verb,
        a.style,
        a.fallback.type,
      ]),
      [
        ['Action.Execute', 'approve', 'positive', 'Action.Submit'],
        ['Action.Execute', 'reject', 'destructive', 'Action.Submit'],
      ],
    );
  });
});
