import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { toolsFromCatalogue } from '../../src/core/brain/tools.js';
import { startTeamsBot, type TTeamsHarness } from '../helpers/teams-harness.js';
import {
  ALICE,
  BOB,
  BOT,
  botAddedToTeam,
  CAROL,
  CHANNEL,
  channelMessage,
  DANA,
  personalMessage,
} from '../kit/teams-activities.js';

const texts = (h: TTeamsHarness) => h.connector.posted().map((m) => String(m.activity.text ?? ''));
const cardTexts = (h: TTeamsHarness) =>
  h.connector.posted().flatMap((m) => {
    const [attachment] = (m.activity.attachments as { content: { body: { inlines?: { text: string }[] }[] } }[]) ?? [];
    return attachment
      ? [attachment.content.body.map((b) => (b.inlines ?? []).map((i) => i.text).join('')).join('\n')]
      : [];
  });
/** Whether a signal with this id is in the inbox (enqueueing it again is refused). */
const stored = async (h: TTeamsHarness, id: string) =>
  !(await h.runtime.deps.stores.inbox.enqueue(
    { id, platform: 'teams', at: new Date(), type: 'home_opened', user: 'teams:probe' },
    new Date(),
  ));

describe('Teams conversations: commands, fallbacks, edits, people', () => {
  let h: TTeamsHarness;
  beforeEach(async () => {
    h = await startTeamsBot('sqlite', { admins: [`teams:${ALICE.aadObjectId}`] });
    await h.send(botAddedToTeam({ serviceUrl: h.connector.serviceUrl, by: ALICE }));
    await h.settle();
  });
  afterEach(async () => {
    await h?.close();
  });

  it('"@Teammate policy set …" in a channel goes through the shared grammar; only admins change things', async () => {
    const refused = channelMessage({
      serviceUrl: h.connector.serviceUrl,
      from: CAROL,
      text: 'policy set post_message auto',
      mentionBot: true,
    });
    assert.equal((await h.send(refused)).status, 200);
    await h.settle();
    const refusal = h.connector.posted().at(-1);
    assert.match(String(refusal?.conversationId), /^a:personal-/, 'a refusal goes to the asker alone');
    assert.match(String(refusal?.activity.text), /Only admins can change that/);

    const allowed = channelMessage({
      serviceUrl: h.connector.serviceUrl,
      from: ALICE,
      text: 'policy set post_message auto',
      mentionBot: true,
    });
    await h.send(allowed);
    await h.settle();
    const answer = h.connector.posted().at(-1);
    assert.equal(answer?.conversationId, `${CHANNEL};messageid=${String(allowed.id)}`, 'answered in its thread');
    assert.match(String(answer?.activity.text), /post_message/);
    const rules = await h.runtime.deps.stores.policy.list();
    assert.ok(
      rules.some((r) => r.kind === 'post_message' && r.mode === 'auto'),
      'the row is stored',
    );
    assert.equal(await stored(h, `teams:${String(refused.id)}`), false, 'a command is not a message for detectors');
  });

  it('a person mentioned in a command is read as their AAD identity, asking Teams who they are when needed', async () => {
    h.connector.members.set(DANA.id, DANA);
    await h.send(
      channelMessage({
        serviceUrl: h.connector.serviceUrl,
        from: ALICE,
        text: 'admins grant <at>Dana</at>',
        mentionBot: true,
        mentions: [DANA],
      }),
    );
    await h.settle();
    assert.ok(h.connector.callsOf('GET').some((c) => c.path.endsWith(`/members/${encodeURIComponent(DANA.id)}`)));
    assert.deepEqual(await h.runtime.deps.stores.directory.grantedAdmins(), [`teams:${DANA.aadObjectId}`]);
    assert.match(String(h.connector.posted().at(-1)?.activity.text), /Dana/);
  });

  it('learns everyone in a team it is added to, page by page, so approvers it never heard from get their buttons', async () => {
    await h.runtime.deps.stores.directory.grantAdmin(`teams:${DANA.aadObjectId}`, 'test', new Date());
    for (const person of [ALICE, BOB, CAROL, DANA]) h.connector.members.set(person.id, person);
    const before = h.connector.calls.length;
    await h.send(botAddedToTeam({ serviceUrl: h.connector.serviceUrl, by: ALICE }));
    await h.settle();
    const pages = h.connector.calls.slice(before).filter((c) => c.path.endsWith('/pagedmembers'));
    assert.equal(pages.length, 2, 'two pages of two');
    await h.send(channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Where is the style guide?' }));
    await h.settle();
    await h.later();
    const card = h.connector.posted().at(-1);
    const [attachment] = (card?.activity.attachments ?? []) as { content: { refresh?: { userIds: string[] } } }[];
    const refresh = attachment?.content.refresh;
    assert.deepEqual(refresh?.userIds.sort(), [ALICE.id, DANA.id].sort());
  });

  it('what Teams bots cannot do is marked in the policy list and never offered to the model; scheduling is Teammate’s own', async () => {
    await h.send(
      channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'policy list', mentionBot: true }),
    );
    await h.settle();
    const list = String(h.connector.posted().at(-1)?.activity.text);
    assert.match(list, /Not available on teams, so refused when proposed here: add_reaction, pin_message, set_topic\b/);
    assert.doesNotMatch(list, /refused when proposed here:[^<]*schedule_message/);
    const chat = h.runtime.deps.chats.get('teams');
    assert.ok(chat);
    const offered = toolsFromCatalogue(h.runtime.deps.catalogue, chat).map((t) => t.name);
    assert.deepEqual(
      ['add_reaction', 'pin_message', 'set_topic', 'schedule_message'].filter((kind) => offered.includes(kind)),
      ['schedule_message'],
    );
  });

  it('"@Teammate help" answers with a card; plain text in the personal chat is a command too', async () => {
    await h.send(channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'help', mentionBot: true }));
    await h.settle();
    assert.match(cardTexts(h).at(-1) ?? '', /^Teammate: what you can ask[\s\S]*policy/);

    const status = personalMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'status' });
    await h.send(status);
    await h.settle();
    const answer = h.connector.posted().at(-1);
    assert.equal(answer?.conversationId, (status.conversation as { id: string }).id, 'answered in the personal chat');
    assert.match(String(answer?.activity.text), /Waiting for approval:/);
  });

  it('a question in the personal chat is a request to the bot, answered there, never watched as a channel', async () => {
    const question = personalMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Where is the runbook?' });
    await h.send(question);
    await h.settle();
    const answer = h.connector.posted().at(-1);
    assert.equal(answer?.conversationId, (question.conversation as { id: string }).id);
    await h.later();
    assert.deepEqual(await h.runtime.deps.stores.ledger.recent({ limit: 5 }), [], 'no nudge is proposed for it');
  });

  it('a question deleted before anyone answered gets no nudge; edits and reactions arrive as signals', async () => {
    const question = channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Is staging down?' });
    await h.send(question);
    const edit = {
      ...question,
      type: 'messageUpdate',
      text: 'Is staging down again?',
      channelData: { eventType: 'editMessage', tenant: { id: 'x' } },
    };
    assert.equal((await h.send(edit)).status, 200);
    const reaction = {
      ...question,
      id: `${String(question.id)}-r`,
      type: 'messageReaction',
      replyToId: question.id,
      reactionsAdded: [{ type: 'like' }],
    };
    assert.equal((await h.send(reaction)).status, 200);
    assert.equal((await h.send({ ...question, type: 'messageDelete' })).status, 200);
    await h.settle();
    assert.equal(await stored(h, `teams:${String(question.id)}:edited:${String(question.timestamp)}`), true);
    assert.equal(await stored(h, `teams:${String(question.id)}-r:+like`), true);
    await h.later();
    assert.equal(cardTexts(h).filter((t) => t.includes('Approval needed')).length, 0, 'no card for a deleted question');
  });

  it('a click from a client without universal actions (Action.Submit) is answered privately, in a new personal chat', async () => {
    await h.send(channelMessage({ serviceUrl: h.connector.serviceUrl, from: CAROL, text: 'hello' }));
    await h.send(
      channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Where are the on-call docs?' }),
    );
    await h.settle();
    await h.later();
    const submit = channelMessage({ serviceUrl: h.connector.serviceUrl, from: CAROL, text: '' });
    submit.value = { teammate: 1, action: 'approve', entryId: 1 };
    assert.equal((await h.send(submit)).status, 200);
    await h.settle();
    const created = h.connector.calls.find((c) => c.method === 'POST' && c.path === '/teams/v3/conversations');
    assert.ok(created, 'the personal chat was created with createConversation');
    assert.deepEqual(
      (created.body.members as { id: string }[]).map((m) => m.id),
      [CAROL.id],
    );
    const refusal = h.connector.posted().at(-1);
    assert.match(String(refusal?.conversationId), /^a:personal-/);
    assert.match(String(refusal?.activity.text), /You are not an approver for A-1/);
    assert.equal((await h.runtime.deps.stores.ledger.get(1))?.status, 'pending');
  });

  it('Reject carries the reason typed in the card, and the invoke is answered with the resolved card', async () => {
    await h.send(channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Any news on the outage?' }));
    await h.settle();
    await h.later();
    const card = h.connector.posted().at(-1);
    const response = await h.click(ALICE, card, 'reject', { reason: 'Bob already got an answer on the phone' });
    await h.settle();
    const entry = await h.runtime.deps.stores.ledger.get(1);
    assert.deepEqual([entry?.status, entry?.reason], ['rejected', 'Bob already got an answer on the phone']);
    const body = response.body as { type: string; value: { body: { inlines?: { text: string }[] }[] } };
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(
      body.value.body.map((b) => (b.inlines ?? []).map((i) => i.text).join('')).join('\n'),
      /rejected by @Alice: “Bob already got an answer on the phone”/,
    );
  });

  it('Why? is answered in the click itself when Teams will not open a personal chat', async () => {
    await h.send(channelMessage({ serviceUrl: h.connector.serviceUrl, from: CAROL, text: 'hi' }));
    await h.send(channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Who has the release?' }));
    await h.settle();
    await h.later();
    h.connector.refuseNewConversations = true;
    const response = await h.click(CAROL, h.connector.posted().at(-1), 'why');
    const answer = response.body as { type: string; value: string };
    assert.equal(answer.type, 'application/vnd.microsoft.activity.message');
    assert.match(answer.value, /A-1/);
    assert.doesNotMatch(answer.value, /in our chat/);
  });

  it('an approval nobody decides escalates to the admins by direct message, then expires, and every card says so', async () => {
    await h.send(
      channelMessage({
        serviceUrl: h.connector.serviceUrl,
        from: ALICE,
        text: 'policy set post_message approve expires=2h on-expiry=escalate',
        mentionBot: true,
      }),
    );
    await h.send(channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Where do invoices go?' }));
    await h.settle();
    await h.later();
    const card = h.connector.posted().at(-1);
    assert.match(JSON.stringify(card?.activity), /Approval needed/);
    await h.later(2 * 3_600_000);
    const dm = h.connector.posted().find((m) => m.conversationId.startsWith('a:personal-'));
    assert.ok(dm, 'the admin got the card in a personal chat the bot opened');
    assert.match(JSON.stringify(dm.activity), /A-1 · Approval needed/);
    await h.later(2 * 3_600_000);
    assert.equal((await h.runtime.deps.stores.ledger.get(1))?.status, 'expired');
    for (const shown of [card, dm]) {
      assert.match(
        JSON.stringify(h.connector.activities.get(String(shown?.id))?.activity),
        /expired without a decision/,
      );
    }
  });

  it('text people wrote stays inert: no markup, mention or link of theirs survives into what the bot posts', async () => {
    await h.send(
      channelMessage({
        serviceUrl: h.connector.serviceUrl,
        from: BOB,
        text: '<b>URGENT</b> <at>Everyone</at> see <a href="https://evil.example">the docs</a>?',
      }),
    );
    await h.settle();
    await h.later();
    const card = h.connector
      .posted()
      .find((m) => Array.isArray(m.activity.attachments) && JSON.stringify(m.activity).includes('A-1'));
    assert.ok(card, 'the card was posted');
    const json = JSON.stringify(card.activity);
    assert.ok(!json.includes('<at>') && !json.includes('href'), json);
    assert.ok(!json.includes('evil.example'), 'their link target is not shown as a link');
    assert.equal(card.activity.entities, undefined, 'a card mentions nobody');
  });

  it('members added in a team are remembered and their joining reaches the core', async () => {
    const joined = botAddedToTeam({ serviceUrl: h.connector.serviceUrl, by: ALICE });
    joined.membersAdded = [{ id: BOB.id, aadObjectId: BOB.aadObjectId }];
    await h.send(joined);
    await h.settle();
    assert.equal(await stored(h, `teams:${String(joined.id)}:joined:${BOB.id}`), true);
    assert.equal(texts(h).filter((t) => t.includes('Teammate is here')).length, 0, 'hello is for the bot itself only');
  });
});

describe('Teams after a restart, and under throttling', () => {
  let first: TTeamsHarness;
  before(async () => {
    first = await startTeamsBot('sqlite', { admins: [`teams:${ALICE.aadObjectId}`] });
  });
  after(async () => {
    await first?.close();
  });

  it('reaches conversations it learned before the restart, retries 429s in order, and says when Teams refuses for good', async () => {
    await first.send(botAddedToTeam({ serviceUrl: first.connector.serviceUrl, by: ALICE }));
    await first.send(channelMessage({ serviceUrl: first.connector.serviceUrl, from: ALICE, text: 'Morning' }));
    const question = channelMessage({
      serviceUrl: first.connector.serviceUrl,
      from: BOB,
      text: 'Who can review #412?',
    });
    await first.send(question);
    await first.settle();
    await first.stop();

    const second = await startTeamsBot('sqlite', {
      admins: [`teams:${ALICE.aadObjectId}`],
      database: { url: first.databaseUrl },
      issuer: first.issuer,
      connector: first.connector,
    });
    try {
      second.runtime.clock.advance(3_600_000);
      first.connector.throttle(2, '0', 'POST');
      await second.runtime.tick();
      await second.settle();
      const throttled = first.connector.calls.filter((c) => c.method === 'POST').slice(-3);
      assert.equal(throttled.length, 3, 'two 429s, then the card');
      const card = first.connector.posted().at(-1);
      assert.equal(card?.conversationId, `${CHANNEL};messageid=${String(question.id)}`);
      assert.match(JSON.stringify(card?.activity), /A-1 · Approval needed/);

      // Teams keeps refusing: the action fails, the ledger says why, and the thread is told once Teams listens.
      first.connector.throttle(3, '0', 'POST');
      assert.equal((await second.click(ALICE, card, 'approve')).status, 200);
      const entry = await second.runtime.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'failed');
      assert.match(entry?.error ?? '', /Teams did not accept a message after 3 attempts/);
      assert.ok(
        first.connector.posted().some((m) => /A-1 failed: .*Teams did not accept/.test(String(m.activity.text))),
        'the thread is told what went wrong',
      );
      assert.equal(BOT.id, `28:${'0b6fe6d1-fece-44f7-9a48-56465e2d5ab8'}`);
    } finally {
      await second.close();
    }
  });
});

describe('Teams clicks that take longer than Teams waits', () => {
  it('are answered at once, and the work finishes in the background and updates the card', async () => {
    const h = await startTeamsBot('sqlite', { admins: [`teams:${ALICE.aadObjectId}`], invokeBudgetMs: 0 });
    try {
      await h.send(botAddedToTeam({ serviceUrl: h.connector.serviceUrl, by: ALICE }));
      await h.send(channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Is the VPN down?' }));
      await h.settle();
      await h.later();
      const card = h.connector.posted().at(-1);
      const response = await h.click(ALICE, card, 'approve');
      assert.deepEqual(response.body, {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: 'Working on A-1; its card will show the outcome.',
      });
      await h.settle();
      assert.equal((await h.runtime.deps.stores.ledger.get(1))?.status, 'executed');
      assert.match(JSON.stringify(h.connector.activities.get(String(card?.id))?.activity), /approved by @Alice · done/);
    } finally {
      await h.close();
    }
  });
});
