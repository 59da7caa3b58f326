import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSlackBot, type TSlackHarness } from '../helpers/slack-harness.js';
import { startFakeOpenAi, type TFakeOpenAi, toolCalls } from '../kit/fake-openai.js';
import { BOT_USER } from '../kit/fake-slack.js';
import { blockAction, envelope } from '../kit/slack-payloads.js';

type TButton = { action_id: string; value: string };
const buttonsOf = (blocks: unknown): TButton[] =>
  ((blocks as { type: string; elements?: TButton[] }[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []) : [],
  );

describe('Slack with a language model: mention → tool call → policy gate → approval → execution → why', () => {
  let h: TSlackHarness;
  let model: TFakeOpenAi;
  before(async () => {
    model = await startFakeOpenAi();
    h = await startSlackBot('sqlite', {
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: model.baseUrl, OPENAI_MODEL: 'fake-model-1' },
    });
  });
  after(async () => {
    await h?.close();
    await model?.close();
  });

  const mention = async (user: string, text: string) => {
    const ts = h.fake.seedMessage('C0GENERAL', user, text).ts;
    const response = await h.client.event(
      envelope({ type: 'app_mention', channel: 'C0GENERAL', user, text, ts, event_ts: ts }),
    );
    assert.equal(response.status, 200);
    await h.settle();
    return ts;
  };

  it('runs the whole loop over the real Bolt path', async () => {
    const notes = h.fake.seedMessage('C0GENERAL', 'U0BOB', 'Release notes: https://wiki.example/releases/2026');
    model.script(toolCalls([{ name: 'pin_message', arguments: { channel: 'slack:C0GENERAL', messageId: notes.ts } }]));
    const asked = await mention('U0BOB', `<@${BOT_USER}> please pin the release notes`);
    const posts = h.fake.callsOf('chat.postMessage');
    const card = posts.find((p) => /^A-1: approval needed to pin a message/.test(String(p.args.text)));
    assert.ok(card, posts.map((p) => p.args.text).join('\n'));
    assert.equal(card.args.thread_ts, asked);
    const reply = posts.find((p) =>
      /^A-1: pin a message in <#C0GENERAL>.*waiting for approval/.test(String(p.args.text)),
    );
    assert.equal(reply?.args.thread_ts, asked, 'the requester hears what happened, in the thread');
    // The model saw the Slack text as data, with the bot's own mention removed.
    assert.match(model.requests.at(-1)?.messages[1]?.content ?? '', /"request": "please pin the release notes"/);
    assert.match(
      model.requests.at(-1)?.messages[1]?.content ?? '',
      /"@slack:U0BOB: Release notes: https:\/\/wiki\.example\/releases\/2026"/,
      'conversations.history gave the model the channel around the request',
    );

    const stored = [...h.fake.messages.values()].find((m) => m.text === card.args.text);
    assert.ok(stored);
    const approve = buttonsOf(stored.blocks).find((b) => b.action_id === 'teammate_approve');
    assert.ok(approve);
    const click = await h.client.interaction(
      blockAction({
        user: 'U0ALICE',
        channel: 'C0GENERAL',
        messageTs: stored.ts,
        threadTs: asked,
        actionId: 'teammate_approve',
        value: approve.value,
        responseUrl: h.fake.responseUrl('click'),
      }),
    );
    assert.equal(click.status, 200);
    await h.settle();
    const pin = h.fake.callsOf('pins.add').at(-1);
    assert.deepEqual([pin?.args.channel, pin?.args.timestamp], ['C0GENERAL', notes.ts]);

    await mention('U0CAROL', `<@${BOT_USER}> why did you pin the release notes?`);
    const why = String(h.fake.callsOf('chat.postMessage').at(-1)?.args.text);
    assert.match(why, /\*A-1 ·\* pin a message in <#C0GENERAL>/);
    assert.match(why, /fake-model-1/);
    assert.match(why, /Approved by:\* @alice/);
    assert.equal(model.requests.length, 1, 'the why question was answered from the ledger, without the model');
  });
});
