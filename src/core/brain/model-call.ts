import type { ChatPort } from '../chat-port.js';
import type { CoreDeps, TBrain } from '../deps.js';
import { asAppError } from '../errors.js';
import type { TPlatform } from '../identity.js';
import { startOfLocalDay } from '../quiet-hours.js';
import { doc, rich } from '../text/build.js';
import { adminsOn } from '../workflow/access.js';
import type { TLlmMessage, TLlmResult, TLlmTool } from './llm-port.js';
import type { TLlmCall } from './usage-port.js';

export type TModelCall = {
  platform: TPlatform;
  channel: string;
  purpose: string;
  promptVersion: string;
  messages: TLlmMessage[];
  tools?: TLlmTool[];
};

export type TModelOutcome =
  | { ok: true; result: TLlmResult }
  | { ok: false; reason: 'over-budget' | 'circuit-open' | 'failed'; message: string };

/** Budgets are per local day of the workspace's default time zone; status reports the same day. */
export function budgetDayStart(deps: CoreDeps): Date {
  return startOfLocalDay(deps.clock.now(), deps.settings.defaultTimeZone);
}

/** Why the model may not be asked now (a budget is spent), or undefined. */
async function overBudget(deps: CoreDeps, brain: TBrain, channel: string): Promise<string | undefined> {
  const since = budgetDayStart(deps);
  const [here, all] = await Promise.all([deps.stores.llm.spent(since, channel), deps.stores.llm.spent(since)]);
  const b = brain.budget;
  if (all.calls >= b.dayCalls || all.tokens >= b.dayTokens)
    return "today's language-model budget for the workspace is spent";
  if (here.calls >= b.channelCalls || here.tokens >= b.channelTokens)
    return "today's language-model budget for this channel is spent";
  return undefined;
}

/** When the circuit opens, once: each admin hears it by DM (a failure to tell one is logged, not retried). */
async function tellAdmins(deps: CoreDeps, chat: ChatPort, reason: string): Promise<void> {
  for (const admin of await adminsOn(deps, chat.platform)) {
    try {
      await chat.sendDm(admin, {
        body: doc(
          rich`The language model failed several times in a row (${reason}); I am working without it for a few minutes and will try again on my own.`,
        ),
      });
    } catch (error) {
      deps.log.warn({ err: asAppError(error), admin }, 'could not tell an admin that the language model is down');
    }
  }
}

/**
 * Every call to the model goes through here: the budgets first, then the circuit breaker, then the call; each
 * attempt is recorded (tokens, model, prompt version, outcome) and counted in the metrics. A failure never throws:
 * callers fall back to what works without the model.
 */
export async function callModel(
  deps: CoreDeps,
  brain: TBrain,
  chat: ChatPort,
  call: TModelCall,
): Promise<TModelOutcome> {
  const now = deps.clock.now();
  const record = (entry: Pick<TLlmCall, 'outcome'> & Partial<TLlmCall>) => {
    deps.metrics.llmCall(entry.outcome, (entry.promptTokens ?? 0) + (entry.completionTokens ?? 0));
    return deps.stores.llm.record({
      at: now,
      channel: call.channel,
      purpose: call.purpose,
      model: brain.llm.model,
      promptVersion: call.promptVersion,
      promptTokens: 0,
      completionTokens: 0,
      ...entry,
    });
  };
  const spent = await overBudget(deps, brain, call.channel);
  if (spent) {
    await record({ outcome: 'over-budget' });
    return { ok: false, reason: 'over-budget', message: spent };
  }
  if (!brain.breaker.allow(now)) {
    await record({ outcome: 'circuit-open' });
    return { ok: false, reason: 'circuit-open', message: 'the language model is paused after repeated failures' };
  }
  try {
    const result = await brain.llm.complete({ messages: call.messages, tools: call.tools ?? [] });
    brain.breaker.success();
    await record({
      outcome: 'ok',
      model: result.model,
      promptTokens: result.usage.promptTokens,
      completionTokens: result.usage.completionTokens,
    });
    return { ok: true, result };
  } catch (error) {
    const failure = asAppError(error);
    await record({ outcome: 'failed', error: failure.message });
    deps.log.warn({ err: failure, channel: call.channel, purpose: call.purpose }, 'the language model call failed');
    if (brain.breaker.failure(deps.clock.now())) await tellAdmins(deps, chat, failure.message);
    return { ok: false, reason: 'failed', message: failure.message };
  }
}
