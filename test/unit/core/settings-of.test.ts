import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settingsOf, type TChannelSettings, WORKSPACE } from '../../../src/core/channel-settings.js';
import type { CoreDeps } from '../../../src/core/deps.js';

/** Just enough of the core's dependencies: two rows of channel settings and a default time zone. */
function deps(rows: Record<string, TChannelSettings>): Pick<CoreDeps, 'stores' | 'settings'> {
  return {
    stores: { directory: { channelSettings: async (c: string) => rows[c] ?? { detectors: {} } } },
    settings: { defaultTimeZone: 'UTC' },
  } as unknown as Pick<CoreDeps, 'stores' | 'settings'>;
}

describe("a channel's effective settings", () => {
  it('takes the channel row over the workspace row over the defaults, field by field', async () => {
    const d = deps({
      [WORKSPACE]: {
        timeZone: 'Europe/Berlin',
        mode: 'shadow',
        quietHours: '22:00-07:00',
        lead: 'slack:U0LEAD',
        detectors: { 'quiet-thread': { after: 86_400_000, replies: 5 }, overload: { enabled: false } },
      },
      'slack:C1': { mode: 'live', detectors: { 'quiet-thread': { replies: 2 } } },
    });
    const here = await settingsOf(d, 'slack:C1');
    assert.equal(here.timeZone, 'Europe/Berlin', 'the workspace zone applies where the channel has none');
    assert.equal(here.mode, 'live');
    assert.equal(here.quietHours, '22:00-07:00');
    assert.equal(here.lead, 'slack:U0LEAD');
    assert.deepEqual(here.detectors, {
      'quiet-thread': { after: 86_400_000, replies: 2 },
      overload: { enabled: false },
    });
    assert.deepEqual(here.own, { mode: 'live', detectors: { 'quiet-thread': { replies: 2 } } });
    const elsewhere = await settingsOf(deps({}), 'local:general');
    assert.deepEqual([elsewhere.timeZone, elsewhere.mode, elsewhere.quietHours], ['UTC', 'live', undefined]);
    assert.equal((await settingsOf(d, WORKSPACE)).mode, 'shadow', 'the workspace as a target');
  });
});
