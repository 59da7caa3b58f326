import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databaseKinds } from '../helpers/databases.js';
import { startTeamsBot, type TTeamsHarness } from '../helpers/teams-harness.js';
import { ALICE, BOB, BOT, botAddedToTeam, CAROL, CHANNEL, channelMessage, TENANT } from '../kit/teams-activities.js';

type TAction = { type: string; verb?: string; data?: { action: string; entryId: number }; fallback?: { type: string } };
type TCardContent = {
  version: string;
  body: { type: string; id?: string; inlines?: { text: string }[] }[];
  actions: TAction[];
  refresh?: { userIds: string[]; action: { verb: string } };
};
const cardOf = (activity: Record<string, unknown> | undefined): TCardContent | undefined =>
  (activity?.attachments as { contentType: string; content: TCardContent }[] | undefined)?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content;
const cardText = (card: TCardContent | undefined) =>
  (card?.body ?? []).map((b) => (b.inlines ?? []).map((i) => i.text).join('')).join('\n');

for (const kind of databaseKinds) {
  describe(`Teams, end to end over HTTP, on ${kind}`, () => {
    let h: TTeamsHarness;
    let questionId: string;
    let card: { id: string; conversationId: string };

    before(async () => {
      h = await startTeamsBot(kind, { admins: [`teams:${ALICE.aadObjectId}`] });
    });
    after(async () => {
      await h?.close();
    });

    const click = (who: typeof ALICE, verb: string) => h.click(who, card, verb);

    it('being added to a team stores the conversation and says hello with a help card', async () => {
      const response = await h.send(botAddedToTeam({ serviceUrl: h.connector.serviceUrl, by: ALICE }));
      assert.equal(response.status, 200);
      await h.settle();
      const [hello] = h.connector.callsOf('POST');
      assert.equal(hello?.conversationId, CHANNEL);
      assert.equal(hello?.authorized, true, 'the outbound call carried a valid bearer token');
      assert.match(cardText(cardOf(hello?.body)), /Teammate is here[\s\S]*@Teammate help/);
    });

    it('a captured channel message becomes a signal; an hour later the approval card is posted in its thread', async () => {
      // Alice speaks first, so Teams has told the bot who she is (her Teams id, for the card's refresh list).
      await h.send(channelMessage({ serviceUrl: h.connector.serviceUrl, from: ALICE, text: 'Morning all' }));
      const question = channelMessage({
        serviceUrl: h.connector.serviceUrl,
        from: BOB,
        text: 'Where does the deploy runbook live?',
      });
      questionId = String(question.id);
      assert.equal((await h.send(question)).status, 200);
      assert.equal((await h.send(question)).status, 200, 'a second delivery of the same activity is accepted');
      await h.settle();
      assert.equal(h.connector.callsOf('POST').length, 1, 'only the hello so far');
      await h.later();
      const posts = h.connector.callsOf('POST');
      assert.equal(posts.length, 2, 'one card, though the question was delivered twice');
      const post = posts[1];
      assert.equal(post?.conversationId, `${CHANNEL};messageid=${questionId}`, 'posted in the question’s thread');
      const content = cardOf(post?.body);
      assert.equal(content?.version, '1.5');
      assert.match(cardText(content), /^A-1 · Approval needed: post in a thread/);
      assert.deepEqual(
        content?.actions.map((a) => [a.type, a.verb, a.fallback?.type]),
        [
          ['Action.Execute', 'approve', 'Action.Submit'],
          ['Action.Execute', 'reject', 'Action.Submit'],
          ['Action.Execute', 'why', 'Action.Submit'],
        ],
      );
      assert.ok(
        content?.body.some((b) => b.type === 'Input.Text' && b.id === 'reason'),
        'a reason box for Reject',
      );
      assert.deepEqual(content?.refresh?.userIds, [ALICE.id], 'approvers (the admins) by their Teams ids');
      const evidence = content?.body
        .flatMap((b) => (b.inlines ?? []) as { text: string; selectAction?: { url: string } }[])
        .find((run) => run.text === 'the question');
      assert.equal(
        evidence?.selectAction?.url,
        `https://teams.microsoft.com/l/message/${encodeURIComponent(CHANNEL)}/${questionId}?tenantId=${TENANT}` +
          `&groupId=f3ec8cd2-e704-4344-8c47-9a3a21d683c0&parentMessageId=${questionId}&createdTime=${questionId}`,
        'the evidence opens the question in Teams (the team’s group id was learned when the bot was added)',
      );
      const stored = h.connector.posted().find((m) => cardOf(m.activity) === undefined || m.id !== undefined);
      assert.ok(stored);
      card = { id: String(h.connector.posted().at(-1)?.id), conversationId: String(post?.conversationId) };
    });

    it('a click by someone who is not an approver is answered privately, and nothing else happens', async () => {
      const calls = h.connector.calls.length;
      const response = await click(CAROL, 'approve');
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: `You are not an approver for A-1. Its approvers are: admins.`,
      });
      assert.equal(h.connector.calls.length, calls, 'no message, no update');
      assert.equal((await h.runtime.deps.stores.ledger.get(1))?.status, 'pending');
    });

    it('an opened card is refreshed for an approver with what is current', async () => {
      const response = await click(ALICE, 'refresh');
      const body = response.body as { type: string; value: TCardContent };
      assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
      assert.match(cardText(body.value), /0 of 1 approvals/);
    });

    it("an approver's Action.Execute runs the nudge in the thread, mentions the asker and refreshes the card", async () => {
      const response = await click(ALICE, 'approve');
      const body = response.body as { type: string; value: TCardContent };
      assert.equal(body.type, 'application/vnd.microsoft.card.adaptive', 'the invoke is answered with the card');
      assert.match(cardText(body.value), /approved by @Alice · done/);
      assert.deepEqual(
        body.value.actions.map((a) => a.verb),
        ['undo', 'why'],
      );
      const entry = await h.runtime.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'executed');
      assert.equal(entry?.decidedBy, `teams:${ALICE.aadObjectId}`);
      const nudge = h.connector.posted().find((m) => String(m.activity.text).includes('<at>Bob</at>'));
      assert.ok(nudge, 'the nudge was posted');
      assert.equal(nudge.conversationId, `${CHANNEL};messageid=${questionId}`);
      assert.deepEqual(nudge.activity.entities, [
        { type: 'mention', text: '<at>Bob</at>', mentioned: { id: BOB.id, name: 'Bob' } },
      ]);
      assert.deepEqual(entry?.undoHandle, {
        platform: 'teams',
        conversation: `teams:${CHANNEL}`,
        id: nudge.id,
        thread: questionId,
      });
      const updates = h.connector.callsOf('PUT').filter((c) => c.activityId === card.id);
      assert.ok(updates.length >= 1, 'the card was updated with updateActivity');
      assert.match(cardText(cardOf(h.connector.activities.get(card.id)?.activity)), /approved by @Alice · done/);
      assert.ok(
        h.connector.posted().some((m) => /A-1 approved by @Alice · done/.test(String(m.activity.text))),
        'the thread is told',
      );
    });

    it('"why did you do that?" as a reply in the thread is answered in the thread, from the ledger', async () => {
      const before = h.connector.posted().length;
      const why = channelMessage({
        serviceUrl: h.connector.serviceUrl,
        from: CAROL,
        text: 'why did you do that?',
        thread: questionId,
        mentionBot: true,
      });
      assert.equal((await h.send(why)).status, 200);
      await h.settle();
      const answers = h.connector.posted().slice(before);
      assert.equal(answers.length, 1, 'one answer');
      assert.equal(answers[0]?.conversationId, `${CHANNEL};messageid=${questionId}`);
      assert.match(String(answers[0]?.activity.text), /A-1/);
      assert.match(String(answers[0]?.activity.text), /unanswered/i);
    });

    it('Why? on the card answers privately, in a personal chat opened for the person who asked', async () => {
      const response = await click(CAROL, 'why');
      assert.deepEqual(response.body, {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: 'I sent you why A-1 happened in our chat.',
      });
      const opened = h.connector.calls.find((c) => c.method === 'POST' && c.path === '/teams/v3/conversations');
      assert.deepEqual(
        (opened?.body.members as { id: string }[] | undefined)?.map((m) => m.id),
        [CAROL.id],
      );
      const answer = h.connector.posted().at(-1);
      assert.match(String(answer?.conversationId), /^a:personal-/);
      assert.match(String(answer?.activity.text), /A-1/);
    });

    it('undo deletes the nudge and the card says so', async () => {
      const nudge = h.connector.posted().find((m) => String(m.activity.text).includes('<at>Bob</at>'));
      assert.ok(nudge);
      const response = await click(ALICE, 'undo');
      assert.equal(response.status, 200);
      assert.match(String((response.body as { value: string }).value), /A-1/);
      assert.ok(h.connector.callsOf('DELETE').some((c) => c.activityId === nudge.id));
      assert.equal(h.connector.activities.get(nudge.id)?.deleted, true);
      assert.equal((await h.runtime.deps.stores.ledger.get(1))?.status, 'undone');
      assert.match(cardText(cardOf(h.connector.activities.get(card.id)?.activity)), /undone by @Alice/);
      assert.ok(h.connector.calls.every((c) => c.authorized));
      assert.equal(BOT.id.startsWith('28:'), true);
    });
  });
}
