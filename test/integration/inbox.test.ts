import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Detector } from '../../src/core/detectors/detector.js';
import type { TSignal } from '../../src/core/signal.js';
import { createTeammate } from '../../src/core/teammate.js';
import { databaseKinds } from '../helpers/databases.js';
import { createHarness, play, START, type THarness } from '../helpers/harness.js';
import { plain, typed } from '../helpers/text.js';

const message = (id: string, text = 'hello'): TSignal => ({
  id,
  type: 'message',
  platform: 'local',
  channel: 'local:general',
  user: 'local:bob',
  text: typed(text),
  messageId: id,
  at: START,
  fromBot: false,
});

for (const kind of databaseKinds) {
  describe(`the inbox on ${kind}`, () => {
    let h: THarness;
    afterEach(async () => {
      await h.close();
    });

    it('processes each signal once, in order, and retries a failure twice before giving up', async () => {
      h = await createHarness(kind);
      const seen: string[] = [];
      let failuresLeft = 2;
      const flaky: Detector = {
        name: 'flaky',
        async onSignal(signal) {
          if (signal.type !== 'message') return;
          if (plain(signal.text) === 'flaky' && failuresLeft-- > 0) throw new Error('transient');
          if (plain(signal.text) === 'broken') throw new Error('always');
          seen.push(signal.id);
        },
      };
      const teammate = createTeammate(h.deps, [flaky]);
      assert.equal(await teammate.receive(message('a')), 'queued');
      assert.equal(await teammate.receive(message('a')), 'duplicate');
      await teammate.receive(message('b', 'flaky'));
      await teammate.receive(message('c', 'broken'));
      await teammate.receive(message('d'));
      await teammate.drain();
      assert.deepEqual(seen, ['a', 'd']);
      h.clock.advance(10_000);
      await teammate.drain();
      assert.deepEqual(seen, ['a', 'd'], 'the second attempt fails too');
      h.clock.advance(20_000);
      await teammate.tick();
      assert.deepEqual(seen, ['a', 'd', 'b'], 'the third attempt succeeds, from the heartbeat');
      h.clock.advance(60_000);
      await teammate.tick();
      assert.deepEqual(seen, ['a', 'd', 'b'], 'c failed three times and is given up');
    });

    it("other bots' questions are ignored unless TEAMMATE_READ_BOT_MESSAGES says otherwise", async () => {
      const bot = { ...message('b1', 'Deploy finished?'), fromBot: true };
      h = await createHarness(kind);
      await h.teammate.receiveAndWait(bot);
      assert.deepEqual(await h.deps.stores.questions.due(new Date(START.getTime() + 86_400_000), ['local'], 10), []);
      await h.close();
      h = await createHarness(kind, { settings: { readBotMessages: true } });
      await h.teammate.receiveAndWait(bot);
      assert.equal(
        (await h.deps.stores.questions.due(new Date(START.getTime() + 86_400_000), ['local'], 10)).length,
        1,
      );
    });

    it('a deleted question is no longer watched', async () => {
      h = await createHarness(kind);
      await play(h.as('bob'), h, 'Does anyone know the wifi password?');
      await h.teammate.receiveAndWait({
        id: 'local:del',
        type: 'message_deleted',
        platform: 'local',
        channel: 'local:general',
        messageId: h.world.coreId('m1'),
        at: h.clock.now(),
      });
      await play(h.as('bob'), h, '/wait 2h');
      assert.deepEqual(await h.deps.stores.ledger.recent({ limit: 5 }), []);
    });
  });
}
