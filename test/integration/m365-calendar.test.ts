import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { shortId } from '../../src/core/ledger-entry.js';
import { startLocalBot, type TLocalBot } from '../helpers/local-bot.js';
import { plain } from '../helpers/text.js';
import { startFakeGraphCalendar } from '../kit/fake-graph-calendar.js';

// The low-attendance scenario on Microsoft 365, against a fake of Microsoft Graph that speaks its documented JSON
// (test/kit/fake-graph-calendar.ts names the sources): occurrences read with the calendar view's delta query, the
// next one cancelled with `cancel` (the attendees get the comment the card shows). Graph cannot restore a
// cancelled occurrence, so the action is irreversible there: never automatic, said on the card, no undo.

const MAILBOX = 'alice@contoso.com';
const UID = '040000008200E00074C5B7101A82E00800000000D0A1C2B3';

async function fixture() {
  return startFakeGraphCalendar({
    tenant: 'contoso.onmicrosoft.com',
    clientId: '11111111-2222-3333-4444-555555555555',
    secret: 'Kx8Q~test-client-secret',
    mailbox: MAILBOX,
    series: { uid: UID, subject: 'Team standup', firstStart: '2026-10-19T10:00:00Z', weeks: 12, organizer: MAILBOX },
    responses: {
      [MAILBOX]: 'organizer',
      'bob@contoso.com': 'accepted',
      'carol@contoso.com': 'notResponded',
      'dave@contoso.com': 'declined',
      'erin@contoso.com': 'declined',
    },
  });
}

describe('Microsoft 365 calendars', () => {
  let graph: Awaited<ReturnType<typeof fixture>> | undefined;
  let bot: TLocalBot | undefined;
  afterEach(async () => {
    await bot?.close();
    await graph?.close();
    bot = undefined;
    graph = undefined;
  });

  /** The bot with Microsoft 365 connected; the mailbox's calendar added at start, or later from chat. */
  async function start(server: Awaited<ReturnType<typeof fixture>>, calendars = `m365:${MAILBOX} #general`) {
    return startLocalBot({
      MS365_TENANT_ID: 'contoso.onmicrosoft.com',
      MS365_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
      MS365_CLIENT_SECRET: 'Kx8Q~test-client-secret',
      MS365_GRAPH_URL: server.graphUrl,
      MS365_LOGIN_URL: server.loginUrl,
      TEAMMATE_CALENDARS: calendars,
    });
  }

  /** An admin sets a policy row, then connects the calendar: the proposal it leads to is gated by that row. */
  async function gatedBy(row: string) {
    graph = await fixture();
    bot = await start(graph, '');
    await bot.say('alice', `/teammate policy set cancel_occurrence ${row}`);
    assert.match(await bot.say('alice', `/teammate calendar add m365:${MAILBOX}`), /Added calendar #1 for #general/);
    await bot.say('alice', '/wait 6m');
    const entry = (await bot.entries()).find((e) => e.kind === 'cancel_occurrence');
    assert.ok(entry, 'a cancellation is proposed');
    return { graph, bot, entry };
  }

  const proposal = async (b: TLocalBot) => {
    await b.say('alice', '/wait 1m');
    const entry = (await b.entries()).find((e) => e.kind === 'cancel_occurrence');
    assert.ok(entry, 'a cancellation is proposed');
    return entry;
  };

  it('never automatic, "cannot be undone" on the card, cancelled with the comment, and undo says why not', async () => {
    // Even an auto row asks: the gate tightens it for an action that cannot be undone.
    const { graph, bot, entry } = await gatedBy('auto');
    assert.equal(entry.status, 'pending');
    assert.match(entry.policy.notes.join(' '), /cannot be undone, so it always needs approval/);
    assert.match(
      plain(entry.summary),
      /in the Microsoft 365 calendar “alice@contoso\.com” \(organiser “alice@contoso\.com”\)/,
    );
    const card = bot.lines.join('\n');
    assert.match(card, /This cannot be undone: Microsoft 365 cannot put a cancelled occurrence back/);

    await bot.say('alice', `/teammate approve ${shortId(entry.id)}`);
    const done = (await bot.entries()).find((e) => e.id === entry.id);
    assert.equal(done?.status, 'executed', done?.error);
    const [cancel] = graph.cancels;
    const next = [...graph.occurrences.values()].find((o) => o.start === '2026-11-23T10:00:00.000Z');
    assert.equal(cancel?.id, next?.id, 'the next occurrence, by its own id');
    assert.match(
      String(cancel?.comment),
      /“Team standup” on 2026-11-23 10:00 UTC is cancelled: over its last 4 meetings 75 % of invitees/,
    );
    const resolved = bot.lines.find((l) =>
      l.includes('Outcome: approved by @alice · done: cancelled in Microsoft 365'),
    );
    assert.ok(resolved, 'the card shows the outcome');
    assert.doesNotMatch(resolved, /\] Undo/, 'and offers no Undo');
    assert.match(resolved, /\] Why\?/);

    const reply = await bot.say('alice', `/teammate undo ${shortId(entry.id)}`);
    assert.match(reply, /cannot be undone: Microsoft 365 cannot put a cancelled occurrence back/);
    assert.equal(graph.cancels.length, 1);
    assert.match(
      await bot.say('alice', `/teammate why ${shortId(entry.id)}`),
      /Undo: not possible: Microsoft 365 cannot/,
    );

    // The next delta read brings the cancellation as a removed event: the occurrence is cancelled, nothing new asked.
    await bot.say('alice', '/wait 20m');
    const deltas = graph.requests.filter((r) => r.query.has('$deltatoken'));
    assert.ok(deltas.length > 0, 'later reads follow the deltaLink');
    assert.equal((await bot.entries()).filter((e) => e.kind === 'cancel_occurrence').length, 1);
  });

  it('a policy row that says notify=none is honoured by refusing: Graph always tells the attendees', async () => {
    const { graph, bot, entry } = await gatedBy('approve notify=none');
    await bot.say('alice', `/teammate approve ${shortId(entry.id)}`);
    const failed = (await bot.entries()).find((e) => e.id === entry.id);
    assert.equal(failed?.status, 'failed');
    assert.match(
      failed?.error ?? '',
      /Microsoft 365 always tells every attendee .* notify=none, so nothing was changed/,
    );
    assert.equal(graph.cancels.length, 0);
  });

  it('an expired client secret is told in the channel and shown in /teammate status', async () => {
    graph = await fixture();
    bot = await start(graph);
    await proposal(bot);
    graph.expireSecret();
    await bot.say('alice', '/wait 20m');
    assert.match(
      bot.lines.join('\n'),
      /I cannot read calendar #1 \(the Microsoft 365 calendar “alice@contoso\.com”\): “Microsoft 365 refused Teammate's credentials \(invalid_client: AADSTS7000222: The provided client secret keys/,
    );
    assert.match(
      await bot.say('alice', '/teammate status'),
      /Microsoft 365: failing since .*check MS365_TENANT_ID, MS365_CLIENT_ID and MS365_CLIENT_SECRET/,
    );
    assert.ok(!JSON.stringify(bot.lines).includes('Kx8Q~test-client-secret'), 'the secret is never shown');
  });
});
