import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import { formatPolicyFile, parsePolicyFile, ruleProblems } from '../policy/policy-file.js';
import { channelScope, defaultRule, type TPolicyRule, ZPolicyRule } from '../policy/policy-rule.js';
import { describeRule, policyHistory, policyTable } from '../present/policy-table.js';
import { timeZoneOf } from '../workflow/time-zone.js';
import { formatIssues } from '../zod-issues.js';
import type { TCommand } from './grammar.js';
import type { TCommandInput } from './run-command.js';
import { usage } from './usage.js';

type PolicyCommand = Extract<TCommand, { name: `policy ${string}` }>;

/** Policy commands; the caller has already checked that changes come from an admin. */
export async function runPolicyCommand(deps: CoreDeps, input: TCommandInput, command: PolicyCommand): Promise<string> {
  const { policy } = deps.stores;
  const chat = chatFor(deps, input.platform);
  const now = deps.clock.now();
  const timeZone = await timeZoneOf(deps, input.channel);
  switch (command.name) {
    case 'policy list':
      return policyTable(await policy.list(), chat, timeZone);
    case 'policy history':
      return policyHistory(await policy.history(command.limit), chat, timeZone);
    case 'policy export':
      return `\`\`\`\n${formatPolicyFile(await policy.list(), command.format)}\`\`\``;
    case 'policy set': {
      const scope = command.channel ? channelScope(command.channel) : 'workspace';
      const existing = (await policy.list()).find((r) => r.scope === scope && r.kind === command.kind);
      const base: TPolicyRule = existing ?? { ...defaultRule, scope, kind: command.kind };
      const { options: o } = command;
      const candidate = ZPolicyRule.safeParse({
        scope,
        kind: command.kind,
        mode: command.mode,
        approvers: o.approvers ?? base.approvers,
        approvalsNeeded: o.needs ?? base.approvalsNeeded,
        allowSelfApproval: o['self-approval'] ?? base.allowSelfApproval,
        expiresAfterMs: o.expires ?? base.expiresAfterMs,
        onExpiry: o['on-expiry'] ?? base.onExpiry,
        quietHours: o.quiet === 'off' ? undefined : (o.quiet ?? base.quietHours),
        dailyAutoCap: o.cap === 'off' ? undefined : (o.cap ?? base.dailyAutoCap),
      });
      if (!candidate.success)
        return `That row is not valid: ${formatIssues(candidate.error)}\nUsage: \`${usage['policy set']}\``;
      const problems = ruleProblems([candidate.data], deps.catalogue, () => command.kind);
      if (problems.length > 0)
        return `That row is not valid: ${problems.join('; ')}\nUsage: \`${usage['policy set']}\``;
      const before = await policy.upsert(candidate.data, input.user, 'chat', now);
      return before
        ? `Policy changed.\nBefore: ${describeRule(before, chat)}\nNow: ${describeRule(candidate.data, chat)}`
        : `Policy row added: ${describeRule(candidate.data, chat)}`;
    }
    case 'policy reset': {
      const scope = command.channel ? channelScope(command.channel) : 'workspace';
      if (command.target === 'all') {
        const rows = await policy.list();
        const keep = command.channel ? rows.filter((r) => r.scope !== scope) : [];
        const changes = await policy.replaceAll(keep, input.user, 'chat', now);
        return `Removed ${changes.length} policy row${changes.length === 1 ? '' : 's'}${command.channel ? ` for ${chat.channelLabel(command.channel)}` : ''}.`;
      }
      const removed = await policy.remove(scope, command.target, input.user, 'chat', now);
      return removed
        ? `Removed: ${describeRule(removed, chat)}`
        : `There is no row for ${command.channel ? chat.channelLabel(command.channel) : 'workspace'} / ${command.target}; nothing changed.`;
    }
    case 'policy import': {
      const parsed = parsePolicyFile(command.text, deps.catalogue, input.platform);
      if (!parsed.ok) return `The policy file was not imported, nothing changed: ${parsed.error}`;
      const changes = await policy.replaceAll(parsed.rules, input.user, 'import', now);
      return `Imported ${parsed.rules.length} row${parsed.rules.length === 1 ? '' : 's'} (${changes.length} changed).\n${policyTable(await policy.list(), chat, timeZone)}`;
    }
  }
}
