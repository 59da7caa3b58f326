import type { CoreDeps } from '../deps.js';
import { AppError, AppErrorCode } from '../errors.js';
import { platformOf, type TKey } from '../identity.js';
import { parseShortId, shortId, type TLedgerEntry } from '../ledger-entry.js';
import type { TEvidence } from '../proposal.js';
import { code, quoted, rich } from '../text/build.js';
import { plainDoc } from '../text/plain.js';
import { announce } from '../workflow/announce.js';
import { submitProposal } from '../workflow/submit.js';
import { explainFromLedger } from '../workflow/why.js';
import { agentActor, agentKind, type TAgent } from './agent.js';
import { agentAnswer, type TAgentAnswer, withCardCheck } from './agent-answer.js';
import { agentChannel } from './agent-channel.js';
import type { TAgentRequest, TAgentUndo } from './agent-request.js';
import { settleApproved } from './settle.js';
import { waitWhile } from './wait.js';

/** Who is calling: an agent, with the channel its requests go to when it names none. */
export type TAgentCaller = { agent: TAgent; defaultChannel?: TKey; signal?: AbortSignal };

export type TApprovalInput = Omit<TAgentRequest, 'agent'> & { channel?: string; waitMs: number };

/** Evidence shown on the card: the agent's details and undo hint, whole and quoted. */
function agentEvidence(input: Pick<TAgentRequest, 'details' | 'undoHint'>): TEvidence[] {
  return [
    ...(input.details ? [{ label: 'Details', excerpt: input.details, whole: true }] : []),
    ...(input.undoHint ? [{ label: 'To undo', excerpt: input.undoHint, whole: true }] : []),
  ];
}

/**
 * An agent asks to do something: the policy table decides on `agent:<name>:<action>` like on any action (a deny row
 * answers at once and posts nothing; auto approves at once; otherwise a card asks the approvers), and the call waits
 * up to `waitMs` for a decision.
 */
export async function requestApproval(
  deps: CoreDeps,
  caller: TAgentCaller,
  input: TApprovalInput,
): Promise<TAgentAnswer> {
  const { agent } = caller;
  const channel = agentChannel(deps, agent, input.channel, caller.defaultChannel);
  const now = deps.clock.now();
  const request = globalThis.crypto.randomUUID();
  const { channel: _channel, waitMs, ...params } = input;
  const { entry } = await submitProposal(deps, {
    kind: agentKind(agent.name, input.action),
    params: { ...params, agent: agent.name },
    rationale: input.rationale
      ? rich`${code(agent.name)} says: ${quoted(input.rationale, 1000)}`
      : rich`${code(agent.name)} gave no reason`,
    evidence: agentEvidence(input),
    origin: { type: 'agent', name: agent.name },
    trigger: {
      signalId: `mcp:${agent.name}:${request}`,
      type: 'agent_request',
      summary: rich`a request from ${code(agent.name)}`,
      at: now,
    },
    platform: platformOf(channel),
    channel,
    dedupeKey: `mcp:${agent.name}:${request}`,
  });
  return withCardCheck(deps, agentAnswer(await waitWhile(deps, entry, 'pending', waitMs, caller.signal)));
}

/** The agent's own entry: another agent's, or anyone else's, does not exist for it. */
export async function ownEntry(deps: CoreDeps, agent: TAgent, id: string): Promise<TLedgerEntry> {
  const number = parseShortId(id);
  const entry = number === undefined ? undefined : await deps.stores.ledger.get(number);
  if (entry?.origin.type !== 'agent' || entry.origin.name !== agent.name) {
    throw new AppError(AppErrorCode.notFound, { message: `there is no request ${id} from ${agent.name}` });
  }
  return entry;
}

/** Where a request stands, waiting up to `waitMs` while nobody has decided. */
export async function getDecision(
  deps: CoreDeps,
  caller: TAgentCaller,
  input: { id: string; waitMs: number },
): Promise<TAgentAnswer> {
  const entry = await ownEntry(deps, caller.agent, input.id);
  return agentAnswer(await waitWhile(deps, entry, 'pending', input.waitMs, caller.signal));
}

export type TOutcomeInput = { id: string; status: 'done' | 'failed'; result?: string; undo?: TAgentUndo };

/**
 * The agent says what happened after an approval: the entry becomes executed (with the agent's result and how to undo
 * it) or failed, its cards say so, and Undo calls the agent's webhook where it gave one.
 */
export async function reportOutcome(deps: CoreDeps, caller: TAgentCaller, input: TOutcomeInput): Promise<TAgentAnswer> {
  const { agent } = caller;
  const entry = await ownEntry(deps, agent, input.id);
  const id = shortId(entry.id);
  const said = input.result ? rich`: ${quoted(input.result, 1000)}` : [];
  const undo = entry.policy.irreversible ? {} : (input.undo ?? {});
  const outcome =
    entry.status === 'approved'
      ? await settleApproved(
          deps,
          entry,
          agentActor(agent.name),
          input.status === 'done'
            ? {
                status: 'executed',
                undo,
                note: `done${input.result ? `: ${input.result}` : ''}`,
                result: {
                  summary: rich`${code(agent.name)} reports done${said}${undo.instruction ? rich` · to undo: ${quoted(undo.instruction, 500)}` : []}`,
                },
              }
            : {
                status: 'failed',
                error: `${agent.name} reports it failed${input.result ? `: "${input.result}"` : ''}`,
                note: `failed${input.result ? `: ${input.result}` : ''}`,
              },
          `${agent.name} reports ${input.status}`,
        )
      : undefined;
  if (!outcome) {
    const latest = (await deps.stores.ledger.get(entry.id)) ?? entry;
    throw new AppError(AppErrorCode.conflict, {
      message:
        latest.status === 'executed' || latest.status === 'failed' || latest.status === 'undone'
          ? `${id} already has an outcome (${latest.status})`
          : `${id} is not approved (it is ${agentAnswer(latest).status}), so there is nothing to report: do not do it`,
    });
  }
  deps.metrics.execution(entry.kind, outcome.status === 'executed' ? 'executed' : 'failed');
  await announce(deps, outcome);
  return agentAnswer(outcome);
}

/** The "why?" of one of the agent's own entries, from the ledger, as plain text. */
export async function explainForAgent(deps: CoreDeps, caller: TAgentCaller, id: string): Promise<TAgentAnswer> {
  const entry = await ownEntry(deps, caller.agent, id);
  return { ...agentAnswer(entry), text: plainDoc(await explainFromLedger(deps, entry)) };
}
