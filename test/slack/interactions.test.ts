import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rich } from '../../src/core/text/build.js';
import { startSlackBot, type TSlackHarness } from '../helpers/slack-harness.js';
import {
  blockAction,
  buttonValue,
  commandFields,
  envelope,
  homeAction,
  messageEvent,
  rejectSubmission,
  type TBlock,
} from '../kit/slack-payloads.js';

describe('Slack interactions: the Reject form, the slash command, App Home', () => {
  let h: TSlackHarness;
  let card: { ts: string; blocks: unknown[]; threadTs: string };

  before(async () => {
    h = await startSlackBot('sqlite', { admins: ['U0ALICE', 'U0BOB'] });
    const seeded = h.fake.seedMessage('C0GENERAL', 'U0CAROL', 'Can someone review my PR?');
    await h.client.event(messageEvent({ channel: 'C0GENERAL', user: 'U0CAROL', text: seeded.text, ts: seeded.ts }));
    await h.settle();
    h.runtime.clock.advance(3_600_000);
    await h.runtime.tick();
    await h.settle();
    const posted = [...h.fake.messages.values()].find((m) => m.text.startsWith('A-1: approval needed'));
    assert.ok(posted?.blocks);
    card = { ts: posted.ts, blocks: posted.blocks, threadTs: seeded.ts };
  });
  after(async () => {
    await h?.close();
  });

  const command = async (user: string, text: string) => {
    const response = await h.client.command(
      commandFields({
        text,
        user,
        channel: 'C0GENERAL',
        responseUrl: h.fake.responseUrl(`cmd-${h.fake.responses.length}`),
      }),
    );
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '', 'the command is acknowledged at once, with an empty body');
    await h.settle();
    const reply = h.fake.responses.at(-1)?.body;
    assert.equal(reply?.response_type, 'ephemeral');
    return String(reply?.text);
  };

  const clickReject = (user: string) =>
    h.client.interaction(
      blockAction({
        user,
        channel: 'C0GENERAL',
        messageTs: card.ts,
        threadTs: card.threadTs,
        actionId: 'teammate_reject',
        value: buttonValue(card.blocks, 'teammate_reject'),
        responseUrl: h.fake.responseUrl('x'),
        blocks: card.blocks,
      }),
    );

  it('Reject by someone who may not decide is refused without opening the form', async () => {
    await clickReject('U0CAROL');
    await h.settle();
    assert.equal(h.fake.callsOf('views.open').length, 0);
    assert.match(String(h.fake.callsOf('chat.postEphemeral').at(-1)?.args.text), /You are not an approver for A-1/);
  });

  it('when Slack will not open the form, the approver is told how to reject with the command', async () => {
    h.fake.fail('views.open', { error: 'expired_trigger_id' });
    await clickReject('U0BOB');
    await h.settle();
    assert.equal(
      h.fake.callsOf('chat.postEphemeral').at(-1)?.args.text,
      'I could not open the form; reject with `/teammate reject A-1 &lt;reason&gt;`.',
    );
    assert.equal((await h.runtime.teammate.deps.stores.ledger.get(1))?.status, 'pending');
  });

  it('Reject by an approver opens a form; its reason goes to the ledger and the card', async () => {
    await clickReject('U0BOB');
    await h.settle();
    const opened = h.fake.callsOf('views.open').at(-1);
    const view = opened?.args.view as {
      callback_id: string;
      private_metadata: string;
      title: { text: string };
      blocks: TBlock[];
    };
    assert.equal(view.callback_id, 'teammate_reject');
    assert.equal(view.title.text, 'Reject A-1');
    assert.match(view.blocks[0]?.text?.text ?? '', /A-1 · Approval needed/);
    const submitted = await h.client.interaction(
      rejectSubmission({
        user: 'U0BOB',
        privateMetadata: view.private_metadata,
        reason: 'Reviews go through the PR bot',
      }),
    );
    assert.equal(submitted.status, 200);
    assert.equal(await submitted.text(), '', 'the form closes');
    await h.settle();
    const entry = await h.runtime.teammate.deps.stores.ledger.get(1);
    assert.equal(entry?.status, 'rejected');
    assert.equal(entry?.reason, 'Reviews go through the PR bot');
    assert.match(
      String(h.fake.callsOf('chat.update').at(-1)?.args.text),
      /A-1: .* — rejected by @bob: “Reviews go through the PR bot”/,
    );
    assert.match(
      String(h.fake.callsOf('chat.postEphemeral').at(-1)?.args.text),
      /Rejected A-1\. Nothing will be done; your reason is in the ledger\./,
    );
  });

  it('/teammate answers privately through response_url, with usage for wrong arguments', async () => {
    assert.match(
      await command('U0CAROL', 'policy set post_message sometimes'),
      /mode must be auto, approve or deny \(got "sometimes"\)\nUsage: `\/teammate policy set &lt;kind\|\*&gt;/,
    );
    assert.match(await command('U0CAROL', 'policy set post_message auto'), /Only admins can change that\./);
    assert.match(
      await command('U0ALICE', 'policy set post_message auto in <#C0GENERAL|general> quiet=22:00-08:00'),
      /Policy row added: <#C0GENERAL> \/ post_message → auto/,
    );
    assert.match(await command('U0CAROL', 'why A-1'), /Rejected by:\* @bob/);
    assert.match(await command('U0CAROL', 'why A-99'), /There is no action A-99\./);
    assert.match(await command('U0CAROL', 'status'), /^\*Teammate test\* · up 1h(?:\d+s)? · slack · SQLite/);
    assert.match(await command('U0ALICE', 'admins grant <@U0CAROL|carol>'), /@carol is now an admin\./);
  });

  it('App Home shows the viewer what waits for them, and buttons there work', async () => {
    const seeded = h.fake.seedMessage('C0RANDOM', 'U0CAROL', 'x');
    await h.runtime.teammate.propose({
      kind: 'pin_message',
      params: { channel: 'slack:C0GENERAL', messageId: card.threadTs },
      rationale: rich`the question is a recurring one`,
      evidence: [],
      origin: { type: 'detector', name: 'test' },
      trigger: { signalId: 'test', type: 'test', summary: rich`a test`, at: new Date() },
      platform: 'slack',
      channel: 'slack:C0GENERAL',
      thread: card.threadTs,
      dedupeKey: `home-test-${seeded.ts}`,
    });
    await h.client.event(
      envelope({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0ALICE', tab: 'home', event_ts: '1.1' }),
    );
    await h.settle();
    const home = h.fake.homes.get('U0ALICE') as { type: string; blocks: TBlock[] };
    assert.equal(home.type, 'home');
    const headers = home.blocks.filter((b) => b.type === 'header').map((b) => b.text?.text);
    assert.deepEqual(headers.slice(0, 2), ['Waiting for you (1)', 'A-2 · Approval needed: pin a message in #general']);
    assert.ok(headers.includes('Recent actions') && headers.includes('Policy') && headers.includes('Approval rates'));
    const before = h.fake.callsOf('views.publish').length;
    await h.client.interaction(
      homeAction({
        user: 'U0ALICE',
        actionId: 'teammate_approve',
        value: buttonValue(home.blocks, 'teammate_approve'),
      }),
    );
    await h.settle();
    assert.equal((await h.runtime.teammate.deps.stores.ledger.get(2))?.status, 'executed');
    assert.ok(h.fake.pins.has(`C0GENERAL/${card.threadTs}`));
    assert.match(
      String(h.fake.callsOf('chat.postMessage').at(-1)?.args.text),
      /^Approved A-2/,
      'the reply from App Home arrives as a direct message',
    );
    assert.equal(h.fake.callsOf('chat.postMessage').at(-1)?.args.channel, 'D0ALICE');
    assert.equal(h.fake.callsOf('views.publish').length, before + 1, 'the home is refreshed');
    assert.match(JSON.stringify(h.fake.homes.get('U0ALICE')), /Waiting for you \(0\)/);
  });
});
