import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/client';
import { startTeamsBot, type TTeamsHarness } from '../helpers/teams-harness.js';
import { callTool, mcpClient } from '../kit/mcp-client.js';
import { ALICE, BOB, botAddedToTeam, CHANNEL } from '../kit/teams-activities.js';

const TOKEN = 'teams-bot-token-0123456789abcdefgh';

type TCardContent = { actions: { type: string; verb?: string; title?: string; data?: Record<string, unknown> }[] };
const cardOf = (activity: Record<string, unknown> | undefined): TCardContent | undefined =>
  (activity?.attachments as { contentType: string; content: TCardContent }[] | undefined)?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content;

// An agent's question on Teams: an Adaptive Card with a button per choice (Action.Execute carrying the choice),
// answered by a real adaptiveCard/action invoke through botbuilder.
describe('an agent asks the team on Teams', () => {
  let h: TTeamsHarness;
  let agent: Client;

  before(async () => {
    h = await startTeamsBot('sqlite', {
      admins: [`teams:${ALICE.aadObjectId}`],
      env: { TEAMMATE_AGENTS: `teams-bot:${TOKEN}`, TEAMMATE_DEFAULT_CHANNEL: `teams:${CHANNEL}` },
    });
    await h.send(botAddedToTeam({ serviceUrl: h.connector.serviceUrl, by: ALICE }));
    await h.settle();
    agent = await mcpClient(h.baseUrl, TOKEN);
  });
  after(async () => {
    await agent?.close();
    await h?.close();
  });

  it('a choice pressed in Teams answers ask_human', async () => {
    const asked = callTool(agent, 'ask_human', {
      question: 'Roll back <at>everyone</at>?',
      choices: ['roll back', 'keep it'],
      wait_seconds: 20,
    });
    let card: TCardContent | undefined;
    let posted: ReturnType<TTeamsHarness['connector']['posted']>[number] | undefined;
    for (let i = 0; i < 200 && !card; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      posted = h.connector.posted().find((m) => cardOf(m.activity)?.actions.some((a) => a.verb === 'answer'));
      card = posted ? cardOf(posted.activity) : undefined;
    }
    assert.ok(card && posted, 'the question card was posted');
    assert.deepEqual(
      card.actions.map((a) => [a.verb, a.title, a.data?.choice]),
      [
        ['answer', 'roll back', 0],
        ['answer', 'keep it', 1],
        ['why', 'Why?', undefined],
      ],
    );
    assert.doesNotMatch(JSON.stringify(posted), /"mentioned"|"type":"mention"/, 'the agent’s <at> is not a mention');
    const entryId = Number(card.actions[1]?.data?.entryId);
    const response = await h.click(BOB, { id: posted.id, conversationId: CHANNEL }, 'answer', { entryId, choice: 1 });
    assert.equal(response.status, 200);
    const answer = await asked;
    assert.equal(answer.structured.status, 'answered');
    assert.equal(answer.structured.answer, 'keep it');
    assert.equal(answer.structured.decided_by, `teams:${BOB.aadObjectId}`);
  });
});
