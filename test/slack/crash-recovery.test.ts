import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { databaseKinds } from '../helpers/databases.js';
import { newEntry } from '../helpers/entries.js';
import { startSlackBot, type TSlackHarness } from '../helpers/slack-harness.js';
import { BOT_USER } from '../kit/fake-slack.js';

// Every message Teammate posts to carry out an entry holds the entry id in Slack's message metadata, so a process
// that takes over an interrupted run finds the message instead of posting again (issue 12). The fake keeps the
// metadata and returns it from conversations.history only with include_all_metadata, as Slack does.
for (const kind of databaseKinds) {
  describe(`Slack: a run interrupted after the post is found by its metadata, on ${kind}`, () => {
    let h: TSlackHarness;
    afterEach(async () => {
      await h?.close();
    });

    const interrupted = async (
      kind = 'post_message',
      params: Record<string, unknown> = { channel: 'slack:C0GENERAL', text: 'hello' },
    ) => {
      const { ledger } = h.runtime.teammate.deps.stores;
      const at = h.runtime.clock.now();
      const { entry } = await ledger.create(
        newEntry({
          platform: 'slack',
          channel: 'slack:C0GENERAL',
          thread: undefined,
          kind,
          params,
          status: 'approved',
        }),
        [{ actor: 'p' }],
        at,
      );
      await ledger.transition(
        entry.id,
        { status: ['approved'] },
        { status: 'executing', leaseUntil: new Date(at.getTime() + 120_000) },
        { actor: 'teammate' },
        at,
      );
      return entry.id;
    };

    it('its message is there: recorded as executed, nothing posted again', async () => {
      h = await startSlackBot(kind);
      const id = await interrupted();
      const posted = h.fake.seedMessage('C0GENERAL', BOT_USER, 'hello');
      Object.assign(posted, { metadata: { event_type: 'teammate_action', event_payload: { entry_id: id } } });
      h.runtime.clock.advance(121_000);
      await h.runtime.tick();
      await h.settle();
      const entry = await h.runtime.teammate.deps.stores.ledger.get(id);
      assert.equal(entry?.status, 'executed');
      assert.deepEqual(entry?.undoHandle, { platform: 'slack', conversation: 'slack:C0GENERAL', id: posted.ts });
      const history = h.fake.callsOf('conversations.history');
      assert.equal(String(history.at(-1)?.args.include_all_metadata), 'true');
      assert.equal(
        h.fake.callsOf('chat.postMessage').filter((c) => c.args.text === 'hello').length,
        0,
        'not posted a second time',
      );
    });

    it('its message is not there: posted now, once, carrying the entry id', async () => {
      h = await startSlackBot(kind);
      const id = await interrupted();
      h.runtime.clock.advance(121_000);
      await h.runtime.tick();
      await h.settle();
      assert.equal((await h.runtime.teammate.deps.stores.ledger.get(id))?.status, 'executed');
      const posts = h.fake.callsOf('chat.postMessage').filter((c) => c.args.text === 'hello');
      assert.equal(posts.length, 1);
      assert.deepEqual(posts[0]?.args.metadata, { event_type: 'teammate_action', event_payload: { entry_id: id } });
    });

    it('a direct message is looked for in the conversation with the person', async () => {
      h = await startSlackBot(kind);
      const id = await interrupted('send_dm', { user: 'slack:U0BOB', text: 'psst' });
      const posted = h.fake.seedMessage('D0BOB', BOT_USER, 'psst');
      Object.assign(posted, { metadata: { event_type: 'teammate_action', event_payload: { entry_id: id } } });
      h.runtime.clock.advance(121_000);
      await h.runtime.tick();
      await h.settle();
      const entry = await h.runtime.teammate.deps.stores.ledger.get(id);
      assert.equal(entry?.status, 'executed', entry?.error);
      assert.deepEqual(entry?.undoHandle, { platform: 'slack', conversation: 'slack:D0BOB', id: posted.ts });
      assert.equal(h.fake.callsOf('chat.postMessage').filter((c) => c.args.text === 'psst').length, 0);
    });

    it('when Slack cannot be asked, nobody can tell: it is marked failed for a person to check, not posted again', async () => {
      h = await startSlackBot(kind);
      const id = await interrupted();
      h.fake.fail('conversations.history', { status: 500 }, 3);
      h.runtime.clock.advance(121_000);
      await h.runtime.tick();
      await h.settle();
      const entry = await h.runtime.teammate.deps.stores.ledger.get(id);
      assert.equal(entry?.status, 'failed');
      assert.match(
        entry?.error ?? '',
        /^interrupted: .*please check \(looking for its message failed: .*conversations\.history/,
      );
      assert.equal(h.fake.callsOf('chat.postMessage').filter((c) => c.args.text === 'hello').length, 0);
    });
  });
}
