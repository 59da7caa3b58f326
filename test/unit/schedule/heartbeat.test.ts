import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../../src/core/logger.js';
import { heartbeatSeconds, startHeartbeat } from '../../../src/schedule/heartbeat.js';

describe('the heartbeat', () => {
  it('runs often enough for short delays and rarely for long ones, dividing a minute', () => {
    assert.equal(heartbeatSeconds(3_600_000), 15);
    assert.equal(heartbeatSeconds(90_000), 3);
    assert.equal(heartbeatSeconds(10_000), 1);
    assert.equal(heartbeatSeconds(1_000), 1);
    for (const ms of [1_000, 45_000, 200_000, 86_400_000]) assert.equal(60 % heartbeatSeconds(ms), 0);
  });

  it('ticks on its schedule and stops, waiting for a running tick', async () => {
    let ticks = 0;
    let finished = 0;
    const heartbeat = startHeartbeat(
      1,
      async () => {
        ticks += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        finished += 1;
      },
      silentLogger,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    await heartbeat.stop();
    assert.ok(ticks >= 1, `ticked ${ticks} times`);
    assert.equal(finished, ticks, 'stop waits for the tick in progress');
    const after = ticks;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    assert.equal(ticks, after, 'no tick after stop');
  });
});
