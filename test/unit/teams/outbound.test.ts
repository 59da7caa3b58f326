import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../../src/core/logger.js';
import { ConnectorCallError } from '../../../src/platforms/teams/connector.js';
import { Outbound } from '../../../src/platforms/teams/outbound.js';
import { Pace, type TPaceClock } from '../../../src/platforms/teams/pace.js';

/** A clock that only moves when someone sleeps on it. */
function fakeClock(): TPaceClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    async sleep(ms) {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('Teams outbound pacing and retries', () => {
  it('starts at most N calls in any second, in the order they asked', async () => {
    const clock = fakeClock();
    const pace = new Pace(5, clock);
    const started: [number, number][] = [];
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        await pace.take();
        started.push([i, clock.now()]);
      }),
    );
    assert.deepEqual(
      started.map(([i]) => i),
      [...Array(12).keys()],
      'in order',
    );
    assert.deepEqual(
      started.map(([, at]) => at),
      [0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000],
    );
  });

  it('keeps calls to one conversation in order, and another conversation is not held up by a failing one', async () => {
    const outbound = new Outbound({ attempts: 2, minMs: 0, maxMs: 0 }, silentLogger, new Pace(1000, fakeClock()));
    const done: string[] = [];
    const throttled = new ConnectorCallError('sending a message', 429, 0, 'Too many requests');
    const a1 = outbound.run('a', 'a message', async () => {
      throw throttled;
    });
    const a2 = outbound.run('a', 'a message', async () => void done.push('a2'));
    const b1 = outbound.run('b', 'a message', async () => void done.push('b1'));
    await assert.rejects(a1, /Teams did not accept a message after 2 attempts/);
    await Promise.all([a2, b1]);
    assert.deepEqual(done.sort(), ['a2', 'b1']);
  });

  it('does not retry what Teams refused for good (4xx other than 429)', async () => {
    const outbound = new Outbound({ attempts: 5, minMs: 0, maxMs: 0 }, silentLogger, new Pace(1000, fakeClock()));
    let calls = 0;
    await assert.rejects(
      outbound.run('a', 'a message', async () => {
        calls += 1;
        throw new ConnectorCallError('sending a message', 403, undefined, 'the bot is not in this conversation');
      }),
      /403/,
    );
    assert.equal(calls, 1);
  });
});
