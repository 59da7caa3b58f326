import { z } from 'zod';
import { isQuiet, parseQuietHours } from '../quiet-hours.js';
import { ruleKey, type TPolicyRule, ZMode, ZPolicyRule } from './policy-rule.js';

/** What the policy table decided for one proposal, kept on the ledger entry so "why?" can show it. */
export const ZPolicyDecision = z.object({
  ruleKey: z.string(),
  builtIn: z.boolean(),
  rule: ZPolicyRule,
  mode: ZMode,
  notes: z.array(z.string()),
  timeZone: z.string(),
  /** Why the action cannot be undone, when it cannot: the card says so before anyone approves. */
  irreversible: z.string().optional(),
});
export type TPolicyDecision = z.infer<typeof ZPolicyDecision>;

export type TGateInput = {
  rule: TPolicyRule;
  builtIn: boolean;
  /** Why the action cannot be undone, or undefined when it can. */
  irreversible?: string;
  now: Date;
  timeZone: string;
  /** Automatic runs already counted against this rule today (only read when the rule has a cap). */
  autoRunsToday: number;
};

/**
 * The gate. Conditions only ever tighten a rule: `auto` falls back to `approve` for irreversible actions, in quiet
 * hours and past the daily cap; nothing makes `approve` or `deny` looser. An LLM's output never reaches here
 * except as a proposal, so it cannot change the outcome.
 */
export function decide(input: TGateInput): TPolicyDecision {
  const { rule } = input;
  const decision = (mode: TPolicyDecision['mode'], notes: string[] = []): TPolicyDecision => ({
    ruleKey: input.builtIn ? 'default' : ruleKey(rule),
    builtIn: input.builtIn,
    rule,
    mode,
    notes,
    timeZone: input.timeZone,
    ...(input.irreversible ? { irreversible: input.irreversible } : {}),
  });
  if (rule.mode !== 'auto') return decision(rule.mode);
  if (input.irreversible) {
    return decision('approve', ['this action cannot be undone, so it always needs approval']);
  }
  const quiet = rule.quietHours ? parseQuietHours(rule.quietHours) : undefined;
  if (quiet && isQuiet(input.now, quiet, input.timeZone)) {
    return decision('approve', [`quiet hours ${rule.quietHours} (${input.timeZone}): asking instead of acting`]);
  }
  if (rule.dailyAutoCap !== undefined && input.autoRunsToday >= rule.dailyAutoCap) {
    return decision('approve', [`the daily cap of ${rule.dailyAutoCap} automatic runs is reached`]);
  }
  return decision('auto');
}

/** What an action in shadow mode would have done: "run it", "asked for approval", "refused it". */
export function wouldHave(mode: TPolicyDecision['mode']): string {
  return mode === 'auto' ? 'run it' : mode === 'approve' ? 'asked for approval' : 'refused it';
}
