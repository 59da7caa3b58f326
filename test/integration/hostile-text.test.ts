import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { link, mention, text } from '../../src/core/text/build.js';
import { createHarness, play, type THarness } from '../helpers/harness.js';
import { says } from '../helpers/text.js';

// The hostile question, as an adapter would hand it to the core once parsed: a broadcast word, a mention of someone
// else, and a link whose label hides where it goes. The local world records whom each message notifies (its
// mentions), so what the bot sends can be checked for who it would ping.
for (const kind of ['sqlite'] as const) {
  describe(`text people wrote stays inert in the local chat, on ${kind}`, () => {
    let h: THarness;
    before(async () => {
      h = await createHarness(kind, { settings: { admins: ['local:alice', 'local:bob'] } });
      const asked = h.world.post('general', 'carol', says('@here is @dave around? see the runbook?'), h.clock.now());
      await h.teammate.receiveAndWait({
        id: 'local:hostile',
        type: 'message',
        platform: 'local',
        channel: 'local:general',
        user: 'local:carol',
        messageId: h.world.coreId(asked.ts),
        at: h.clock.now(),
        fromBot: false,
        text: [
          text('@here is '),
          mention('local:dave'),
          text(' around? see '),
          link('https://evil.example/x', 'the runbook'),
          text('?'),
        ],
      });
      await h.advance(3_600_000);
    });
    after(async () => {
      await h?.close();
    });

    const byBot = () => [...h.world.messages.values()].filter((m) => m.user === 'teammate');
    const QUOTED = /“@here is @dave around\? see the runbook \(https:\/\/evil\.example\/x\)\?”/;

    it('the card quotes the question, notifies nobody and shows where the link goes', () => {
      const [card] = byBot();
      assert.ok(card?.message.card, 'the card was posted');
      assert.deepEqual(card.notified, []);
      assert.match(h.printed(), QUOTED);
    });

    it('the nudge notifies the asker, and only the asker', async () => {
      await play(h.as('alice'), h, '/teammate approve A-1');
      const nudge = byBot().find((m) => !m.message.card && m.notified.length > 0);
      assert.deepEqual(nudge?.notified, ['carol']);
    });

    it('"why" and the roundup quote it, notifying nobody', async () => {
      const why = await play(h.as('bob'), h, '/reply m1 why did you do that?');
      assert.match(why, QUOTED);
      await play(h.as('alice'), h, '/teammate roundup now');
      await play(h.as('bob'), h, '/teammate approve A-2');
      assert.match(h.printed(), /Open questions\n {2}• @carol asked “@here is @dave around\? see the runbook/);
    });

    it('nothing the bot sent notifies anyone but the asker', () => {
      const notified = new Set(byBot().flatMap((m) => m.notified));
      assert.deepEqual([...notified], ['carol']);
    });
  });
}
