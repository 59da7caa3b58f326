import type { TKey } from '../identity.js';

export type TLlmOutcome = 'ok' | 'failed' | 'over-budget' | 'circuit-open';

/** One call to the model (or one that was not made, and why): the cost record behind budgets and status. */
export type TLlmCall = {
  at: Date;
  channel: TKey;
  purpose: string;
  model: string;
  promptVersion: string;
  promptTokens: number;
  completionTokens: number;
  outcome: TLlmOutcome;
  error?: string;
};

export type TSpend = { calls: number; tokens: number };

export type LlmUsageStore = {
  record(call: TLlmCall): Promise<void>;
  /** Calls made (outcome ok or failed) and tokens used since `since`, in one channel or everywhere. */
  spent(since: Date, channel?: string): Promise<TSpend>;
};
