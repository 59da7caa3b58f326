import { kindPatterns } from '../agents/agent.js';
import { channelScope, defaultRule, type TPolicyRule } from './policy-rule.js';

/**
 * The most specific row for (channel, kind): channel+kind, channel+*, workspace+kind, workspace+*, the default. An
 * agent's kind (`agent:build-bot:deploy`) is also matched by `agent:build-bot:*` and then `agent:*`, in that order,
 * before the scope's `*`.
 */
export function resolveRule<R extends TPolicyRule>(
  rules: readonly R[],
  channel: string,
  kind: string,
): R | TPolicyRule {
  const scope = channelScope(channel);
  const kinds = [...kindPatterns(kind), '*'];
  const candidates: [string, string][] = [
    ...kinds.map((k): [string, string] => [scope, k]),
    ...kinds.map((k): [string, string] => ['workspace', k]),
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
