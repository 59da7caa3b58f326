import { channelScope, defaultRule, type TPolicyRule } from './policy-rule.js';

/** The most specific row for (channel, kind): channel+kind, channel+*, workspace+kind, workspace+*, the default. */
export function resolveRule<R extends TPolicyRule>(
  rules: readonly R[],
  channel: string,
  kind: string,
): R | TPolicyRule {
  const scope = channelScope(channel);
  const candidates: [string, string][] = [
    [scope, kind],
    [scope, '*'],
    ['workspace', kind],
    ['workspace', '*'],
  ];
  for (const [s, k] of candidates) {
    const match = rules.find((rule) => rule.scope === s && rule.kind === k);
    if (match) return match;
  }
  return defaultRule;
}

export function isDefault(rule: TPolicyRule): boolean {
  return rule === defaultRule;
}
