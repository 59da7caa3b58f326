import type { CoreDeps } from '../deps.js';
import { budgetDayStart } from './model-call.js';

const STATES = {
  closed: 'answering',
  open: 'paused after repeated failures',
  'half-open': 'being tried again',
} as const;

/** One line for `/teammate status`: which model, today's spend against the budget, and whether it answers. */
export async function llmStatusLine(deps: CoreDeps): Promise<string> {
  const brain = deps.brain;
  if (!brain) return '*Language model:* none configured (detectors, templates and extractive summaries only)';
  const spent = await deps.stores.llm.spent(budgetDayStart(deps));
  const b = brain.budget;
  return `*Language model:* ${brain.llm.model} · today ${spent.calls} ${spent.calls === 1 ? 'call' : 'calls'}, ${spent.tokens.toLocaleString('en-US')} tokens (budget ${b.dayCalls} calls and ${b.dayTokens.toLocaleString('en-US')} tokens a day, ${b.channelCalls} calls and ${b.channelTokens.toLocaleString('en-US')} tokens per channel) · ${STATES[brain.breaker.state]}`;
}
