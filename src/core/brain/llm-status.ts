import type { CoreDeps } from '../deps.js';
import { bold, rich } from '../text/build.js';
import type { TRich } from '../text/rich-text.js';
import { budgetDayStart } from './model-call.js';

const STATES = {
  closed: 'answering',
  open: 'paused after repeated failures',
  'half-open': 'being tried again',
} as const;

/** One line for `/teammate status`: which model, today's spend against the budget, and whether it answers. */
export async function llmStatusLine(deps: CoreDeps): Promise<TRich> {
  const brain = deps.brain;
  const label = bold('Language model:');
  if (!brain) return rich`${label} none configured (detectors, templates and extractive summaries only)`;
  const spent = await deps.stores.llm.spent(budgetDayStart(deps));
  const b = brain.budget;
  const n = (value: number) => value.toLocaleString('en-US');
  return rich`${label} ${brain.llm.model} · today ${spent.calls} ${spent.calls === 1 ? 'call' : 'calls'}, ${n(spent.tokens)} tokens (budget ${b.dayCalls} calls and ${n(b.dayTokens)} tokens a day, ${b.channelCalls} calls and ${n(b.channelTokens)} tokens per channel) · ${STATES[brain.breaker.state]}`;
}
