import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { shortId } from '../../src/core/ledger-entry.js';
import { BOT_START, startLocalBot, type TLocalBot } from '../helpers/local-bot.js';
import { startFakeHubSpot, type TFakeHubSpot } from '../kit/fake-hubspot.js';
import { hubspotEvents, postHubSpot } from '../kit/tool-webhooks.js';

const CLIENT_SECRET = 'hubspot-client-secret';
const DAY = 86_400_000;
const ERIN = { id: '301', email: 'erin@acme.test', firstName: 'Erin', lastName: 'Park' };
const FRED = { id: '302', email: 'fred@acme.test', firstName: 'Fred', lastName: 'Ng' };

describe('HubSpot end to end: open deals read, a quiet one nudged with a task on the deal, undone there', () => {
  let hubspot: TFakeHubSpot;
  let bot: TLocalBot;
  const now = () => bot.runtime.clock.now();
  const post = (events: unknown, options: { timestamp?: number; signature?: string } = {}) =>
    postHubSpot(bot.url, events, CLIENT_SECRET, { timestamp: now().getTime(), ...options });
  const followUps = async () => (await bot.entries()).filter((e) => e.kind === 'follow_up_deal');

  before(async () => {
    hubspot = await startFakeHubSpot({ now: () => bot?.runtime.clock.now() ?? BOT_START, owners: [ERIN, FRED] });
    hubspot.put('101', {
      name: 'Acme renewal',
      stage: 'contractsent',
      owner: ERIN.id,
      amount: '24000',
      lastActivity: new Date(BOT_START.getTime() - 10 * DAY),
    });
    hubspot.put('102', {
      name: 'Globex pilot',
      stage: 'qualifiedtobuy',
      owner: FRED.id,
      lastActivity: new Date(BOT_START.getTime() - 9 * DAY),
    });
    hubspot.put('103', { name: 'Initech', stage: 'appointmentscheduled', owner: ERIN.id, lastActivity: BOT_START });
    bot = await startLocalBot({
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-test',
      HUBSPOT_API_URL: hubspot.url,
      HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
      TEAMMATE_WEBHOOK_CHANNEL_HUBSPOT: 'sales',
      TEAMMATE_HUBSPOT_POLL: '1h',
    });
    await bot.say('alice', `/teammate people link @erin hubspot:${ERIN.id}`);
    await bot.say('erin', '/join #sales');
  });
  after(async () => {
    await bot?.close();
    await hubspot?.close();
  });

  it('the poller reads open deals; a quiet one → follow-up approved → a HubSpot task on the deal → undo deletes it', async () => {
    // The first reading happened at start-up; the detector looks on the next tick.
    await bot.say('alice', '/wait 1h');
    const acme = await bot.runtime.deps.stores.deals.get('hubspot', '101');
    assert.equal(acme?.name, 'Acme renewal');
    assert.equal(acme?.owner, 'local:erin', 'the HubSpot owner is linked to Erin');
    assert.equal(acme?.toolOwner, ERIN.id);
    assert.equal(acme?.channel, 'local:sales');
    const [entry] = (await followUps()).filter((e) => (e.params as { dealId: string }).dealId === '101');
    assert.ok(entry, 'a follow-up is proposed for the quiet deal');
    assert.equal(entry.status, 'pending');
    assert.equal(
      (await followUps()).some((e) => (e.params as { dealId: string }).dealId === '103'),
      false,
      'an active deal is left alone',
    );

    await bot.say('alice', `/teammate approve ${shortId(entry.id)}`);
    const [taskId, task] = [...hubspot.tasks.entries()].find(([, t]) => t.deal === '101') ?? [];
    assert.ok(task && taskId, 'a task was created on the deal');
    assert.equal(task.properties.hubspot_owner_id, ERIN.id, 'for the deal owner');
    assert.match(task.properties.hs_task_subject ?? '', /Acme renewal/);
    assert.match(
      task.properties.hs_task_body ?? '',
      /^<p>Hi — following up on Acme renewal\.[^<]*<\/p><p>Suggested by Teammate/,
    );
    const create = hubspot.requests.find((r) => r.method === 'POST' && r.path === '/crm/v3/objects/tasks');
    assert.equal(create?.headers.authorization, 'Bearer pat-na1-test');
    assert.match(bot.lines.join('\n'), /@erin, “Acme renewal” \(24000\) has had no activity/);

    assert.match(await bot.say('alice', `/teammate undo ${shortId(entry.id)}`), /Undid/);
    assert.equal(hubspot.tasks.has(taskId), false, 'the task is deleted');
    assert.equal((await bot.runtime.deps.stores.ledger.get(entry.id))?.status, 'undone');
  });

  it('an owner nobody links is named on the card; a completed task is not deleted by undo', async () => {
    const [globex] = (await followUps()).filter((e) => (e.params as { dealId: string }).dealId === '102');
    assert.ok(globex);
    assert.match(JSON.stringify(globex.rationale), /its owner in hubspot, 302, is not linked to anyone in chat/);
    await bot.say('alice', `/teammate approve ${shortId(globex.id)}`);
    const [taskId] = [...hubspot.tasks.entries()].find(([, t]) => t.deal === '102') ?? [];
    assert.ok(taskId);
    hubspot.complete(taskId);
    const reply = await bot.say('alice', `/teammate undo ${shortId(globex.id)}`);
    assert.match(reply, /Did not undo .*completed/s);
    assert.equal(hubspot.tasks.has(taskId), true);
  });

  it('signed deliveries: a closed deal withdraws nothing pending and is closed; forged, stale and replayed ones are refused or processed once', async () => {
    hubspot.put('104', {
      name: 'Umbrella',
      stage: 'contractsent',
      owner: ERIN.id,
      lastActivity: new Date(now().getTime() - 8 * DAY),
    });
    const creation = hubspotEvents([{ eventId: 9001, dealId: 104, type: 'deal.creation', at: now() }]);
    const first = await post(creation);
    assert.equal(first.status, 202, await first.clone().text());
    assert.deepEqual(await first.json(), { status: 'queued', ids: ['webhook:hubspot:9001'] });
    assert.deepEqual(await (await post(creation)).json(), { status: 'duplicate', ids: ['webhook:hubspot:9001'] });
    await bot.say('alice', '/wait 1m');
    const pending = (await followUps()).find((e) => (e.params as { dealId: string }).dealId === '104');
    assert.equal(pending?.status, 'pending', 'a delivered quiet deal is nudged too');

    hubspot.put('104', { name: 'Umbrella', stage: 'closedwon', owner: ERIN.id, lastActivity: now(), closed: true });
    const won = hubspotEvents([
      { eventId: 9002, dealId: 104, type: 'deal.propertyChange', property: 'dealstage', value: 'closedwon', at: now() },
      { eventId: 9003, dealId: 104, type: 'contact.creation', at: now() },
    ]);
    assert.deepEqual(await (await post(won)).json(), { status: 'queued', ids: ['webhook:hubspot:9002'] });
    await bot.runtime.teammate.drain();
    assert.equal((await bot.runtime.deps.stores.deals.get('hubspot', '104'))?.closed, true);
    assert.equal((await bot.runtime.deps.stores.ledger.get(pending?.id ?? 0))?.status, 'withdrawn');

    const body = hubspotEvents([{ eventId: 9100, dealId: 101, type: 'deal.creation', at: now() }]);
    const forged = await post(body, { signature: 'bm90IGEgc2lnbmF0dXJl' });
    assert.equal(forged.status, 401);
    assert.match(((await forged.json()) as { message: string }).message, /X-HubSpot-Signature-v3/);
    const stale = await post(body, { timestamp: now().getTime() - 6 * 60_000 });
    assert.equal(stale.status, 401, 'older than HubSpot’s five-minute window');
    const contacts = await post(hubspotEvents([{ eventId: 9200, dealId: 5, type: 'contact.creation', at: now() }]));
    assert.equal(((await contacts.json()) as { status: string }).status, 'ignored');
  });
});
