import { composedFields } from '../actions/action-spec.js';
import type { ChatPort } from '../chat-port.js';
import type { CoreDeps, TBrain } from '../deps.js';
import { shortId } from '../ledger-entry.js';
import type { TProposal } from '../proposal.js';
import type { TSignal } from '../signal.js';
import { code, doc, person, quoted, rich, text } from '../text/build.js';
import type { TDoc } from '../text/rich-text.js';
import { recordInvalidProposal } from '../workflow/record-invalid.js';
import { submitProposal } from '../workflow/submit.js';
import type { TLlmToolCall } from './llm-port.js';
import { callModel } from './model-call.js';
import { mentionContext } from './model-context.js';
import { mentionPrompt, PROMPT_VERSION } from './prompt.js';
import { toolsFromCatalogue } from './tools.js';

type TMention = Extract<TSignal, { type: 'mention' }>;

/** One tool call → a proposal through the policy gate, or an `invalid` ledger entry with the reason. */
async function proposeCall(
  deps: CoreDeps,
  brain: TBrain,
  mention: TMention,
  call: TLlmToolCall,
  index: number,
  request: string,
) {
  const base = proposalBase(brain, mention, request, String(index));
  const spec = deps.catalogue.get(call.name);
  let args: unknown;
  try {
    args = JSON.parse(call.arguments || '{}');
  } catch {
    return {
      invalid: await recordInvalidProposal(
        deps,
        { ...base, kind: call.name, params: call.arguments },
        `the arguments are not JSON: ${JSON.stringify(call.arguments.slice(0, 80))}`,
      ),
    };
  }
  if (!spec)
    return {
      invalid: await recordInvalidProposal(
        deps,
        { ...base, kind: call.name, params: args },
        `unknown tool "${call.name}"`,
      ),
    };
  const parsed = spec.parse(args);
  if (!parsed.ok)
    return {
      invalid: await recordInvalidProposal(
        deps,
        { ...base, kind: spec.kind, params: args },
        `invalid ${spec.kind} arguments: ${parsed.error}`,
      ),
    };
  // A model writes plain text only: a composed document could address people or label links of its own.
  const composed = composedFields(parsed.params);
  if (composed.length > 0)
    return {
      invalid: await recordInvalidProposal(
        deps,
        { ...base, kind: spec.kind, params: args },
        `the model may only write plain text, and sent a composed message in ${composed.join(', ')}`,
      ),
    };
  const proposal: TProposal = { ...base, kind: spec.kind, params: parsed.params };
  return { entry: (await submitProposal(deps, proposal)).entry };
}

/**
 * Asks the model what to do about a request, within the budgets and the circuit breaker. Its tool calls become
 * proposals (several when it calls several tools); nothing it says can reach past the policy table, because the
 * only way out of here is `submitProposal`. Returns the reply for the thread.
 */
export async function askModel(
  deps: CoreDeps,
  brain: TBrain,
  chat: ChatPort,
  mention: TMention,
  request: string,
): Promise<TDoc> {
  const context = await mentionContext(deps, chat, mention, request);
  const outcome = await callModel(deps, brain, chat, {
    platform: mention.platform,
    channel: mention.channel,
    purpose: 'mention',
    promptVersion: PROMPT_VERSION,
    messages: mentionPrompt(context),
    tools: toolsFromCatalogue(deps.catalogue, chat),
  });
  if (!outcome.ok) {
    const help = code('/teammate help');
    if (outcome.reason === 'over-budget')
      return doc(
        rich`I can't think about that with the language model: ${outcome.message}. ${help} lists what works without it.`,
      );
    if (outcome.reason === 'circuit-open')
      return doc(
        rich`The language model is not answering at the moment, so I am working without it; ${help} lists what still works.`,
      );
    return doc(rich`The language model did not answer, so nothing was proposed. ${help} lists what works without it.`);
  }
  const { result } = outcome;
  if (result.refusal) {
    const entry = await recordInvalidProposal(
      deps,
      { ...proposalBase(brain, mention, request, 'refusal'), kind: 'refusal', params: null },
      `the model refused: ${result.refusal}`,
    );
    return doc(rich`I won't do that (${shortId(entry.id)}): ${result.refusal}`);
  }
  const outcomes = [];
  for (const [index, call] of result.toolCalls.entries())
    outcomes.push(await proposeCall(deps, brain, mention, call, index, request));
  const made = outcomes.flatMap((o) => (o.entry ? [o.entry] : []));
  const invalid = outcomes.flatMap((o) => (o.invalid ? [o.invalid] : []));
  const lines = [
    ...made.map(
      (e) => rich`${shortId(e.id)}: ${e.summary} (${e.status === 'pending' ? 'waiting for approval' : e.status})`,
    ),
    ...invalid.map((e) => rich`${shortId(e.id)}: not done, ${e.error ?? 'invalid'}`),
  ];
  if (lines.length > 0) return doc(...lines);
  // The model's own words: shown as they are, like any text the bot did not compose.
  return doc([text(result.text?.trim() || 'I have nothing to propose for that.')]);
}

/** What every proposal from one request shares; `key` tells them apart (the tool call's index). */
function proposalBase(brain: TBrain, mention: TMention, request: string, key: string) {
  return {
    rationale: rich`${person(mention.user)} asked: ${quoted(request, 200)}`,
    evidence: [
      {
        label: 'the request',
        message: { platform: mention.platform, conversation: mention.channel, id: mention.messageId },
        excerpt: request.slice(0, 200),
      },
    ],
    origin: { type: 'llm' as const, model: brain.llm.model, promptVersion: PROMPT_VERSION },
    trigger: {
      signalId: mention.id,
      type: 'mention',
      summary: rich`${person(mention.user)} addressed the bot`,
      at: mention.at,
      user: mention.user,
    },
    platform: mention.platform,
    channel: mention.channel,
    thread: mention.thread ?? mention.messageId,
    requestedBy: mention.user,
    dedupeKey: `llm:${mention.id}:${key}`,
  };
}
