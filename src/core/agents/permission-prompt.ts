import type { CoreDeps } from '../deps.js';
import { platformOf } from '../identity.js';
import { shortId, type TLedgerEntry } from '../ledger-entry.js';
import { code, quoted, rich } from '../text/build.js';
import { announce } from '../workflow/announce.js';
import { submitProposal } from '../workflow/submit.js';
import { agentActor, agentKind } from './agent.js';
import { agentAnswer, type TAgentAnswer } from './agent-answer.js';
import type { TAgentCaller } from './agent-calls.js';
import { agentChannel } from './agent-channel.js';
import { sha256Hex } from './agent-token.js';
import { settleApproved } from './settle.js';
import { waitWhile } from './wait.js';

/** Claude Code's answer to its `--permission-prompt-tool`: go ahead with this input, or don't, and why. */
export type TPermission = { behavior: 'allow'; updatedInput: unknown } | { behavior: 'deny'; message: string };

const DETAILS_MAX = 2000;

/** A tool's name as the action of a kind: `Bash` → `bash`, `mcp__github__create_pr` stays, others made safe. */
export function toolAction(toolName: string): string {
  const safe = toolName
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return safe === '' || safe === 'question' ? `tool-${safe || 'unnamed'}` : safe;
}

/** The line on the card: the command, the file or the URL the tool is about, as the agent gave it. */
function toolSummary(toolName: string, input: unknown): string {
  const fields = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const subject = ['command', 'file_path', 'url', 'path', 'pattern']
    .map((k) => fields[k])
    .find((v) => typeof v === 'string');
  return typeof subject === 'string' ? `${toolName}: ${subject}`.slice(0, 300) : toolName.slice(0, 300);
}

function toolDetails(input: unknown): string | undefined {
  const json = JSON.stringify(input ?? {}, null, 1) ?? '';
  if (json === '{}' || json === '') return undefined;
  return json.length <= DETAILS_MAX
    ? json
    : `${json.slice(0, DETAILS_MAX - 60)} … (${json.length - DETAILS_MAX + 60} more characters not shown)`;
}

/** A stable name for the same step asked again (Claude Code asks again after a deny), so it reuses the open request. */
async function stepKey(agent: string, toolName: string, input: unknown): Promise<string> {
  const hex = await sha256Hex(JSON.stringify([toolName, input ?? null]));
  return `mcp:${agent}:permission:${hex.slice(0, 32)}:`;
}

/** A new request for one step, keyed by `prefix` (the step) so that asking again finds it while it is open. */
async function askFor(
  deps: CoreDeps,
  caller: TAgentCaller,
  input: { toolName: string; input: unknown; channel?: string },
  prefix: string,
): Promise<TLedgerEntry> {
  const { agent } = caller;
  const channel = agentChannel(deps, agent, input.channel, caller.defaultChannel);
  const details = toolDetails(input.input);
  const request = `${prefix}${globalThis.crypto.randomUUID()}`;
  const { entry } = await submitProposal(deps, {
    kind: agentKind(agent.name, toolAction(input.toolName)),
    params: {
      agent: agent.name,
      action: toolAction(input.toolName),
      summary: toolSummary(input.toolName, input.input),
      ...(details ? { details } : {}),
      input: input.input,
    },
    rationale: rich`${code(agent.name)} asks before using its tool ${quoted(input.toolName, 100)}`,
    evidence: details ? [{ label: 'Details', excerpt: details, whole: true }] : [],
    origin: { type: 'agent', name: agent.name },
    trigger: {
      signalId: request,
      type: 'permission_prompt',
      summary: rich`a permission prompt from ${code(agent.name)}`,
      at: deps.clock.now(),
    },
    platform: platformOf(channel),
    channel,
    dedupeKey: request,
  });
  return entry;
}

/**
 * Claude Code's permission prompt: `{tool_name, input}` becomes a request for `agent:<name>:<tool>` (the policy table
 * decides: `agent:claude-code:read auto`, `agent:claude-code:bash approve`), and the answer is allow (with the input
 * unchanged) or deny (with the reason). The same step asked again while its request is open is the same request; an
 * allowed step is recorded as handed over, since Claude Code reports nothing after.
 */
export async function permissionPrompt(
  deps: CoreDeps,
  caller: TAgentCaller,
  input: { toolName: string; input: unknown; channel?: string; waitMs: number },
): Promise<{ permission: TPermission; answer: TAgentAnswer }> {
  const { agent } = caller;
  const prefix = await stepKey(agent.name, input.toolName, input.input);
  const [open] = await deps.stores.ledger.pendingByKey({ prefix }, ['pending', 'approved']);
  const entry = open ?? (await askFor(deps, caller, input, prefix));
  const settled = await waitWhile(deps, entry, 'pending', input.waitMs, caller.signal);
  if (settled.status !== 'approved') {
    const answer = agentAnswer(settled);
    const message =
      answer.status === 'pending'
        ? `${answer.id} is still waiting for approval in ${settled.channel}; it stays open: ask again for the same step later and Teammate answers from ${answer.id}.`
        : answer.text;
    return { permission: { behavior: 'deny', message }, answer };
  }
  // Handed over: Claude Code runs the tool now and reports nothing after, so the entry records the hand-over.
  const done = await settleApproved(
    deps,
    settled,
    agentActor(agent.name),
    {
      status: 'executed',
      undo: {},
      result: { summary: rich`${code(agent.name)} was allowed to run it` },
      note: `${agent.name} was allowed to run it`,
    },
    'allowed: handed to the agent',
  );
  if (done) await announce(deps, done);
  return {
    permission: { behavior: 'allow', updatedInput: input.input ?? {} },
    answer: { ...agentAnswer(done ?? settled), status: 'approved', text: `${shortId(settled.id)} is allowed.` },
  };
}
