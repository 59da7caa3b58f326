import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZSignal } from '../../../src/core/signal.js';
import { sourceTypes } from '../../../src/sources/webhooks/source-types.js';
import { legacyRich, upgradeSignal } from '../../../src/store/data-migrations/platform-keys.js';

// Deliveries version 0.1 queued but had not processed when it stopped, as its inbox stored them.
const legacyTask = {
  id: 'webhook:tasks:5a54',
  platform: 'local',
  at: '2026-11-23T08:05:00.059Z',
  channel: 'general',
  source: 'tasks',
  type: 'task',
  event: 'assigned',
  task: { id: 'ENG-1', title: 'Migrate billing cron', assignee: 'bob', due: '2026-11-24T17:00:00.000Z' },
};
const legacyDeal = {
  id: 'webhook:deals:77',
  platform: 'slack',
  at: '2026-11-23T08:05:00.100Z',
  channel: 'C0SALES',
  source: 'hubspot',
  type: 'deal',
  deal: { id: 'D-7', name: 'Acme renewal', stage: 'proposal', owner: 'U0ERIN', lastActivityAt: '2026-11-10T10:00:00Z' },
};

describe('a queued delivery of version 0.1, upgraded', () => {
  it('a task becomes a webhook event of the task source type, its people as keys', () => {
    const signal = ZSignal.parse(upgradeSignal(legacyTask, 'local'));
    assert.ok(signal.type === 'webhook');
    assert.deepEqual(
      [signal.source, signal.kind, signal.key, signal.channel],
      ['tasks', 'task', 'ENG-1', 'local:general'],
    );
    const payload = sourceTypes.get('task')?.payload.parse(signal.payload) as {
      event: string;
      task: { assignee: string };
    };
    assert.deepEqual([payload.event, payload.task.assignee], ['assigned', 'local:bob']);
  });

  it('a deal becomes a webhook event of the deal source type', () => {
    const signal = ZSignal.parse(upgradeSignal(legacyDeal, 'slack'));
    assert.ok(signal.type === 'webhook');
    assert.deepEqual(
      [signal.source, signal.kind, signal.key, signal.channel],
      ['hubspot', 'deal', 'D-7', 'slack:C0SALES'],
    );
    const payload = sourceTypes.get('deal')?.payload.parse(signal.payload) as { deal: { owner: string } };
    assert.equal(payload.deal.owner, 'slack:U0ERIN');
  });
});

describe('a sentence version 0.1 stored with markup, upgraded', () => {
  it('keeps people’s markup visible and inert: no mention, no broadcast, no disguised link', () => {
    const summary = 'post in <#C0GEN>: “<!here> is <@U9> around? see <https://evil.example/x|the runbook> &amp; more”';
    assert.deepEqual(legacyRich(summary, 'slack'), [
      { type: 'text', text: 'post in ' },
      { type: 'channel', channel: 'slack:C0GEN' },
      { type: 'text', text: ': “' },
      { type: 'text', text: '@here' },
      { type: 'text', text: ' is ' },
      { type: 'person', user: 'slack:U9' },
      { type: 'text', text: ' around? see ' },
      { type: 'text', text: 'the runbook (' },
      { type: 'link', url: 'https://evil.example/x', label: 'https://evil.example/x' },
      { type: 'text', text: ')' },
      { type: 'text', text: ' & more”' },
    ]);
    assert.deepEqual(legacyRich('nudge @bob in #general', 'local'), [
      { type: 'text', text: 'nudge ' },
      { type: 'person', user: 'local:bob' },
      { type: 'text', text: ' in ' },
      { type: 'channel', channel: 'local:general' },
    ]);
  });
});
