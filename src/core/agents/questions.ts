import { settingsOf } from '../channel-settings.js';
import type { TButton, TOutbound } from '../chat-port.js';
import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import { asAppError } from '../errors.js';
import { platformOf, type TKey, type TPlatform } from '../identity.js';
import { shortId, type TLedgerEntry } from '../ledger-entry.js';
import { ruleKey } from '../policy/policy-rule.js';
import { isDefault, resolveRule } from '../policy/resolve-rule.js';
import type { TMessageSignal } from '../signal.js';
import { bold, code, doc, person, quoted, rich } from '../text/build.js';
import { plainText } from '../text/plain.js';
import type { TRich } from '../text/rich-text.js';
import { announce } from '../workflow/announce.js';
import { agentActor, agentKind, isQuestionKind, QUESTION } from './agent.js';
import { agentAnswer, type TAgentAnswer, withCardCheck } from './agent-answer.js';
import type { TAgentCaller } from './agent-calls.js';
import { agentChannel } from './agent-channel.js';
import { ZAgentRequest } from './agent-request.js';
import { settleApproved } from './settle.js';
import { waitWhile } from './wait.js';

const ANSWER_MAX = 1000;

/** The question card: the agent's question quoted, a button per choice, and the thread for any other answer. */
export function questionCard(entry: TLedgerEntry): TOutbound {
  const id = shortId(entry.id);
  const params = ZAgentRequest.safeParse(entry.params);
  const choices = params.success ? (params.data.choices ?? []) : [];
  const buttons: TButton[] = choices.map((choice, i) => ({
    label: choice,
    action: 'answer',
    entryId: entry.id,
    choice: i,
  }));
  buttons.push({ label: 'Why?', action: 'why', entryId: entry.id });
  const how = choices.length > 0 ? 'Answer with a button or reply in this thread.' : 'Reply in this thread to answer.';
  return {
    body: doc(rich`${id}: ${entry.summary}. ${how}`),
    card: {
      title: rich`${id} · ${entry.summary}`,
      body: doc(
        ...(params.success && params.data.details
          ? [rich`${bold('Details:')} ${quoted(params.data.details, 2001)}`]
          : []),
        rich`${how} The first answer from anyone here settles it.`,
      ),
      fields: [{ label: 'Asked by', value: rich`the agent ${code(params.success ? params.data.agent : '?')}` }],
      buttons,
    },
  };
}

/**
 * An agent's question to the team: recorded like any entry (`agent:<name>:question`), posted as a card with its
 * choices, answered by the first person who clicks a choice or replies in its thread. A question is not an action, so
 * the policy table can only refuse it (a deny row); otherwise it waits for an answer until the row's expiry.
 */
export async function askHuman(
  deps: CoreDeps,
  caller: TAgentCaller,
  input: { question: string; details?: string; channel?: string; choices?: string[]; waitMs: number },
): Promise<TAgentAnswer> {
  const { agent } = caller;
  const channel = agentChannel(deps, agent, input.channel, caller.defaultChannel);
  const kind = agentKind(agent.name, QUESTION);
  const params = ZAgentRequest.parse({
    agent: agent.name,
    action: QUESTION,
    summary: input.question,
    ...(input.details ? { details: input.details } : {}),
    ...(input.choices && input.choices.length > 0 ? { choices: input.choices } : {}),
  });
  const rule = resolveRule(await deps.stores.policy.list(), channel, kind);
  const denied = rule.mode === 'deny';
  const now = deps.clock.now();
  const { timeZone } = await settingsOf(deps, channel);
  const key = isDefault(rule) ? 'default' : ruleKey(rule);
  const note = denied ? `rule ${key}: deny` : `rule ${key}: a question, so anyone in the channel may answer`;
  const { entry } = await deps.stores.ledger.create(
    {
      dedupeKey: `mcp:${agent.name}:${globalThis.crypto.randomUUID()}`,
      platform: platformOf(channel),
      channel,
      kind,
      params,
      summary: rich`${code(agent.name)} asks: ${quoted(params.summary, 300)}`,
      origin: { type: 'agent', name: agent.name },
      trigger: {
        signalId: `mcp:${agent.name}:question`,
        type: 'agent_question',
        summary: rich`a question from ${code(agent.name)}`,
        at: now,
      },
      evidence: [],
      rationale: rich`${code(agent.name)} asked the team`,
      policy: { ruleKey: key, builtIn: isDefault(rule), rule, mode: denied ? 'deny' : 'approve', notes: [], timeZone },
      mode: denied ? 'deny' : 'approve',
      status: denied ? 'denied' : 'pending',
      approvers: rule.approvers,
      approvalsNeeded: 1,
      allowSelfApproval: false,
      expiresAt: denied ? undefined : new Date(now.getTime() + rule.expiresAfterMs),
      onExpiry: 'deny',
      escalated: false,
      decidedBy: denied ? 'policy' : undefined,
      decidedAt: denied ? now : undefined,
      undoStatus: 'none',
    },
    [
      { actor: agentActor(agent.name), to: 'proposed', note: input.question },
      { actor: 'policy', to: denied ? 'denied' : 'pending', note },
    ],
    now,
  );
  if (!denied) {
    try {
      const ref = await chatFor(deps, entry.platform).post({ channel }, questionCard(entry));
      await deps.stores.ledger.addCard(entry.id, ref);
    } catch (error) {
      deps.log.error({ err: asAppError(error), entry: shortId(entry.id) }, 'could not post the question');
    }
  }
  return withCardCheck(
    deps,
    agentAnswer(await waitWhile(deps, entry, 'pending', input.waitMs, caller.signal)),
    'question',
  );
}

/**
 * A person's answer to a pending question (a choice's button or a reply in its thread): the first one settles it and
 * the card shows it. Returns the private reply for the person, or undefined when `entryId` is not a pending question.
 */
export async function answerQuestion(
  deps: CoreDeps,
  input: { platform: TPlatform; entryId: number; user: TKey; answer: string },
): Promise<TRich> {
  const { ledger } = deps.stores;
  const id = shortId(input.entryId);
  const entry = await ledger.get(input.entryId);
  if (!entry || entry.platform !== input.platform || !isQuestionKind(entry.kind))
    return rich`There is no question ${id}.`;
  const answer = input.answer.trim().slice(0, ANSWER_MAX);
  const now = deps.clock.now();
  const approved = await ledger.transition(
    entry.id,
    { status: ['pending'] },
    { status: 'approved', decidedBy: input.user, decidedAt: now, reason: answer },
    { actor: input.user, note: `answered: ${answer}` },
    now,
  );
  if (!approved) return rich`${id} was already answered or closed: ${agentAnswer(entry).status}.`;
  const done = await settleApproved(deps, entry, 'teammate', {
    status: 'executed',
    undo: {},
    result: { summary: rich`${person(input.user)} answered ${quoted(answer, 300)}` },
    note: 'the answer is handed to the agent',
  });
  await announce(deps, done ?? approved);
  return rich`Thanks, your answer to ${id} is recorded.`;
}

/** A choice's button on a question card. */
export async function answerChoice(
  deps: CoreDeps,
  input: { platform: TPlatform; entryId: number; user: TKey; choice?: number },
): Promise<TRich> {
  const entry = await deps.stores.ledger.get(input.entryId);
  const params = entry ? ZAgentRequest.safeParse(entry.params) : undefined;
  const choice = params?.success && input.choice !== undefined ? params.data.choices?.[input.choice] : undefined;
  if (choice === undefined) return rich`That answer is not one of ${shortId(input.entryId)}'s choices.`;
  return answerQuestion(deps, { ...input, answer: choice });
}

/** A person's reply in the thread of a pending question answers it; true when it did. */
export async function answerInThread(deps: CoreDeps, message: TMessageSignal): Promise<boolean> {
  if (!message.thread || message.fromBot) return false;
  const entries = await deps.stores.ledger.inThread(message.channel, message.thread);
  const question = entries.find((e) => e.status === 'pending' && isQuestionKind(e.kind));
  const answer = plainText(message.text).trim();
  if (!question || answer === '') return false;
  await answerQuestion(deps, { platform: message.platform, entryId: question.id, user: message.user, answer });
  return true;
}
