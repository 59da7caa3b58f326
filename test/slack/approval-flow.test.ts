import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databaseKinds } from '../helpers/databases.js';
import { startSlackBot, type TSlackHarness } from '../helpers/slack-harness.js';
import { BOT_USER } from '../kit/fake-slack.js';
import { blockAction, messageEvent } from '../kit/slack-payloads.js';

type TButton = { action_id: string; value: string };
const buttonsOf = (blocks: unknown): TButton[] =>
  ((blocks as { type: string; elements?: TButton[] }[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []) : [],
  );

for (const kind of databaseKinds) {
  describe(`Slack over HTTP, end to end, on ${kind}`, () => {
    let h: TSlackHarness;
    let question: { ts: string };
    let card: { ts: string; blocks: unknown };

    before(async () => {
      h = await startSlackBot(kind);
    });
    after(async () => {
      await h?.close();
    });

    const click = async (user: string, actionId: string, extra: Partial<Parameters<typeof blockAction>[0]> = {}) => {
      const button = buttonsOf(card.blocks).find((b) => b.action_id === actionId);
      assert.ok(button, `the card has a ${actionId} button`);
      const response = await h.client.interaction(
        blockAction({
          user,
          channel: 'C0GENERAL',
          messageTs: card.ts,
          threadTs: question.ts,
          actionId,
          value: button.value,
          responseUrl: h.fake.responseUrl('click'),
          ...extra,
        }),
      );
      assert.equal(response.status, 200);
      await h.settle();
    };

    it('a signed event is acknowledged, stored and processed; an hour later an approval card is posted', async () => {
      question = h.fake.seedMessage('C0GENERAL', 'U0BOB', 'Where does the deploy runbook live?');
      const response = await h.client.event(
        messageEvent({
          channel: 'C0GENERAL',
          user: 'U0BOB',
          text: 'Where does the deploy runbook live?',
          ts: question.ts,
        }),
      );
      assert.equal(response.status, 200);
      await h.settle();
      assert.equal(h.fake.callsOf('chat.postMessage').length, 0);
      h.runtime.clock.advance(3_600_000);
      await h.runtime.tick();
      await h.settle();
      const [post] = h.fake.callsOf('chat.postMessage');
      assert.ok(post, 'the approval card was posted');
      assert.equal(post.args.channel, 'C0GENERAL');
      assert.equal(post.args.thread_ts, question.ts);
      assert.match(String(post.args.text), /^A-1: approval needed to post in a thread in <#C0GENERAL>/);
      const blocks = post.args.blocks as { type: string; text?: { text: string } }[];
      assert.equal(blocks[0]?.type, 'header');
      assert.match(
        blocks[0]?.text?.text ?? '',
        /^A-1 · Approval needed: post in a thread in #general: “@bob's question/,
      );
      assert.deepEqual(
        buttonsOf(blocks).map((b) => b.action_id),
        ['teammate_approve', 'teammate_reject', 'teammate_why'],
      );
      const stored = [...h.fake.messages.values()].find((m) => m.text === post.args.text);
      assert.ok(stored);
      card = { ts: stored.ts, blocks: stored.blocks };
    });

    it('a click by someone who is not an approver gets an ephemeral refusal, and nothing else happens', async () => {
      const before = h.fake.calls.length;
      await click('U0CAROL', 'teammate_approve');
      const newCalls = h.fake.calls.slice(before).map((c) => c.method);
      assert.deepEqual(newCalls, ['chat.postEphemeral']);
      const [refusal] = h.fake.callsOf('chat.postEphemeral').slice(-1);
      assert.equal(refusal?.args.user, 'U0CAROL');
      assert.match(String(refusal?.args.text), /You are not an approver for A-1\. Its approvers are: admins\./);
      assert.equal((await h.runtime.teammate.deps.stores.ledger.get(1))?.status, 'pending');
    });

    it("an approver's click runs the action through chat.postMessage, updates the card and says so in the thread", async () => {
      await click('U0ALICE', 'teammate_approve');
      const posts = h.fake.callsOf('chat.postMessage').map((c) => String(c.args.text));
      assert.ok(
        posts.some((t) => t === "<@U0BOB>'s question has been waiting 1h without a reply. Can anyone here help?"),
        posts.join('\n'),
      );
      assert.ok(posts.some((t) => t.startsWith('A-1 approved by @alice · done')));
      const update = h.fake.callsOf('chat.update').at(-1);
      assert.equal(update?.args.ts, card.ts);
      assert.deepEqual(
        buttonsOf(update?.args.blocks).map((b) => b.action_id),
        ['teammate_undo', 'teammate_why'],
      );
      assert.match(
        String(h.fake.callsOf('chat.postEphemeral').at(-1)?.args.text),
        /^Approved A-1: approved by @alice · done/,
      );
      const entry = await h.runtime.teammate.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'executed');
      assert.equal(entry?.decidedBy, 'slack:U0ALICE');
      const nudge = [...h.fake.messages.values()].find((m) => m.text.startsWith('<@U0BOB>'));
      assert.deepEqual(entry?.undoHandle, {
        platform: 'slack',
        conversation: 'slack:C0GENERAL',
        id: nudge?.ts,
        thread: question.ts,
      });
      card = { ts: card.ts, blocks: update?.args.blocks };
    });

    it('"@Teammate why did you do that?" in the thread is answered in the thread, from the ledger', async () => {
      const ts = h.fake.seedMessage('C0GENERAL', 'U0CAROL', `<@${BOT_USER}> why did you do that?`, question.ts).ts;
      await h.client.event(
        messageEvent({
          channel: 'C0GENERAL',
          user: 'U0CAROL',
          text: `<@${BOT_USER}> why did you do that?`,
          ts,
          threadTs: question.ts,
        }),
      );
      await h.settle();
      const answer = h.fake.callsOf('chat.postMessage').at(-1);
      assert.equal(answer?.args.thread_ts, question.ts);
      const text = String(answer?.args.text);
      for (const part of [
        /\*A-1 ·\* post in a thread in <#C0GENERAL>/,
        /Trigger:\* @bob asked a question/,
        /the `unanswered-question` detector/,
        /Approved by:\* @alice/,
      ]) {
        assert.match(text, part);
      }
      assert.match(
        text,
        /<https:\/\/teammate-test\.slack\.com\/archives\/C0GENERAL\/p\d+\|the question>/,
        'evidence links to the message',
      );
    });

    it('Undo on the card deletes the message through chat.delete and records who undid it', async () => {
      const nudge = [...h.fake.messages.values()].find((m) => m.text.startsWith('<@U0BOB>'));
      await click('U0ALICE', 'teammate_undo');
      assert.equal(h.fake.callsOf('chat.delete').at(-1)?.args.ts, nudge?.ts);
      const entry = await h.runtime.teammate.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'undone');
      assert.equal(entry?.undoneBy, 'slack:U0ALICE');
      await click('U0ALICE', 'teammate_undo');
      assert.match(String(h.fake.callsOf('chat.postEphemeral').at(-1)?.args.text), /A-1 is already undone \(by @alice/);
    });
  });
}
