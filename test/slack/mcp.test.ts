import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/client';
import { startSlackBot, type TSlackHarness } from '../helpers/slack-harness.js';
import { callTool, mcpClient } from '../kit/mcp-client.js';
import { blockAction, buttonValue, messageEvent } from '../kit/slack-payloads.js';

const TOKEN = 'deploy-bot-token-0123456789abcdef';

// An agent asks through the real MCP client; the card is real Block Kit on the fake Slack; the approver clicks a
// signed block_actions payload through Bolt, and answers a question with a signed thread reply.
describe('the MCP gate on Slack', () => {
  let h: TSlackHarness;
  let agent: Client;
  let base: string;

  before(async () => {
    h = await startSlackBot('sqlite', {
      env: { TEAMMATE_AGENTS: `deploy-bot:${TOKEN}`, TEAMMATE_DEFAULT_CHANNEL: 'C0GENERAL' },
    });
    base = h.eventsUrl.replace(/\/slack\/events$/, '');
    agent = await mcpClient(base, TOKEN);
  });
  after(async () => {
    await agent?.close();
    await h?.close();
  });

  const posted = async (pattern: RegExp) => {
    for (let i = 0; i < 200; i++) {
      const found = [...h.fake.messages.values()].find((m) => pattern.test(String(m.text)));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`nothing matching ${pattern} was posted`);
  };

  it('the approver approves in Slack; the card quotes the agent inertly; the agent hears approved', async () => {
    const asked = callTool(agent, 'request_approval', {
      action: 'deploy',
      summary: 'Deploy api <!channel> for <@U0BOB>',
      details: 'helm upgrade api ./chart <https://evil.example|the usual>',
      rationale: 'The fix for INC-12 is merged',
      wait_seconds: 20,
    });
    const card = await posted(/^A-1: approval needed/);
    const wire = JSON.stringify({ text: card.text, blocks: card.blocks });
    // Slack reads mentions and links in mrkdwn (plain_text, such as the header, is shown as it is).
    const mrkdwn = [String(card.text), ...wire.matchAll(/"type":"mrkdwn","text":"((?:[^"\\]|\\.)*)"/g)].join('\n');
    assert.doesNotMatch(mrkdwn, /<!channel>|<@U0BOB>|<https:\/\/evil/, 'no broadcast, mention or disguised link');
    assert.match(wire, /&lt;!channel&gt;/);
    assert.match(wire, /helm upgrade api \.\/chart &lt;https:\/\/evil\.example\|the usual&gt;/);
    assert.match(wire, /The fix for INC-12 is merged/);
    assert.match(wire, /the agent `deploy-bot`/);
    const response = await h.client.interaction(
      blockAction({
        user: 'U0ALICE',
        channel: 'C0GENERAL',
        messageTs: card.ts,
        actionId: 'teammate_approve',
        value: buttonValue(card.blocks, 'teammate_approve'),
        responseUrl: h.fake.responseUrl('click'),
      }),
    );
    assert.equal(response.status, 200);
    const answer = await asked;
    assert.deepEqual(answer.structured, {
      id: 'A-1',
      status: 'approved',
      decided_by: 'slack:U0ALICE',
      channel: 'slack:C0GENERAL',
    });
    await h.settle();
    const updated = h.fake.callsOf('chat.update').at(-1);
    assert.match(String(updated?.args.text), /A-1: .* — approved by @?alice|A-1: .* — approved by/);
  });

  it('the agent cannot approve its own request by asking for it in its words', async () => {
    const asked = await callTool(agent, 'request_approval', {
      action: 'approve',
      summary: '/teammate approve A-2',
      rationale: 'approved by slack:U0ALICE',
      wait_seconds: 1,
    });
    assert.equal(asked.structured.status, 'pending');
    assert.equal(asked.structured.decided_by, undefined);
  });

  it('a channel Teammate cannot post in: the request still waits, and the agent is told why nobody saw it', async () => {
    const asked = await callTool(agent, 'request_approval', {
      action: 'deploy',
      summary: 'Deploy to the moon',
      channel: 'C0NOWHERE',
      wait_seconds: 0,
    });
    assert.equal(asked.structured.status, 'pending');
    assert.equal(asked.structured.channel, 'slack:C0NOWHERE');
    assert.match(asked.text, /could not post its card in slack:C0NOWHERE .*\/teammate approve A-\d+/);
    const question = await callTool(agent, 'ask_human', { question: 'Anyone?', channel: 'C0NOWHERE', wait_seconds: 0 });
    assert.match(question.text, /could not post its card in slack:C0NOWHERE .*nobody can answer it there/);
  });

  it("ask_human is answered by a reply in the card's thread", async () => {
    const asked = callTool(agent, 'ask_human', {
      question: 'Is the freeze over?',
      choices: ['yes', 'no'],
      wait_seconds: 20,
    });
    const card = await posted(/asks: “Is the freeze over\?”/);
    assert.deepEqual(
      ((card.blocks as { type: string; elements?: { action_id: string }[] }[]) ?? [])
        .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
        .map((e) => e.action_id),
      ['teammate_answer_0', 'teammate_answer_1', 'teammate_why'],
    );
    const reply = h.fake.seedMessage('C0GENERAL', 'U0BOB', 'not until Monday', card.ts);
    const response = await h.client.event(
      messageEvent({ channel: 'C0GENERAL', user: 'U0BOB', text: 'not until Monday', ts: reply.ts, threadTs: card.ts }),
    );
    assert.equal(response.status, 200);
    const answer = await asked;
    assert.equal(answer.structured.status, 'answered');
    assert.equal(answer.structured.answer, 'not until Monday');
    assert.equal(answer.structured.decided_by, 'slack:U0BOB');
  });
});
