import { missingCapabilities } from '../capabilities.js';
import { settingsOf } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import { formatPolicyFile, parsePolicyFile, ruleProblems } from '../policy/policy-file.js';
import { channelScope, defaultRule, type TPolicyRule, ZPolicyRule } from '../policy/policy-rule.js';
import { describeRule, policyHistory, policyTable } from '../present/policy-table.js';
import { channelRef, code, codeBlock, doc, rich } from '../text/build.js';
import type { TDoc, TRich } from '../text/rich-text.js';
import { reachOf, unreachable } from '../workflow/policy-reach.js';
import { formatIssues } from '../zod-issues.js';
import type { TCommand } from './grammar.js';
import type { TCommandInput } from './run-command.js';
import { usage } from './usage.js';

type PolicyCommand = Extract<TCommand, { name: `policy ${string}` }>;

const invalid = (problem: string | TRich): TDoc =>
  doc(rich`That row is not valid: ${problem}`, rich`Usage: ${code(usage['policy set'])}`);

/** A policy row's fields as `policy set` names them. */
const RULE_FIELDS = {
  approvalsNeeded: 'needs',
  expiresAfterMs: 'expires',
  allowSelfApproval: 'self-approval',
  onExpiry: 'on-expiry',
  quietHours: 'quiet',
  dailyAutoCap: 'cap',
};

/** Policy commands; the caller has already checked that changes come from an admin. */
export async function runPolicyCommand(deps: CoreDeps, input: TCommandInput, command: PolicyCommand): Promise<TDoc> {
  const { policy } = deps.stores;
  const now = deps.clock.now();
  const { timeZone } = await settingsOf(deps, input.channel);
  // The kinds the asker's platform cannot carry out are marked, so nobody sets a gate that can never open.
  const chat = chatFor(deps, input.platform);
  const unavailable = {
    platform: input.platform,
    kinds: [...deps.catalogue.values()]
      .filter((s) => missingCapabilities(chat, s.requires).length > 0)
      .map((s) => s.kind),
  };
  switch (command.name) {
    case 'policy list':
      return policyTable(await policy.list(), timeZone, unavailable);
    case 'policy history':
      return policyHistory(await policy.history(command.limit), timeZone);
    case 'policy export':
      return doc(codeBlock(formatPolicyFile(await policy.list(), command.format)));
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
        notify: o.notify ?? base.notify,
      });
      if (!candidate.success) return invalid(formatIssues(candidate.error, { names: RULE_FIELDS }));
      const problems = ruleProblems([candidate.data], deps.catalogue, () => command.kind);
      if (problems.length > 0) return invalid(problems.join('; '));
      // A gate nobody can open is refused; one waiting for a group that may be created later is stored, with a word.
      const reach = await reachOf(deps, candidate.data);
      const blocked = unreachable(candidate.data, reach);
      if (blocked && reach.missingGroups.length === 0) return invalid(blocked);
      const before = await policy.upsert(candidate.data, input.user, 'chat', now);
      const changed = before
        ? doc(rich`Policy changed.`, rich`Before: ${describeRule(before)}`, rich`Now: ${describeRule(candidate.data)}`)
        : doc(rich`Policy row added: ${describeRule(candidate.data)}`);
      if (blocked) {
        const [first] = reach.missingGroups;
        changed.push(
          ...doc(
            rich`Nobody can approve it yet: ${reach.missingGroups.map((g) => `group:${g}`).join(', ')} does not exist. Create it with ${code(`/teammate group set ${first} @user…`)}; until then, what this row gates waits and expires.`,
          ),
        );
      }
      return changed;
    }
    case 'policy reset': {
      const scope = command.channel ? channelScope(command.channel) : 'workspace';
      const where = command.channel ? channelRef(command.channel) : 'workspace';
      if (command.target === 'all') {
        const rows = await policy.list();
        const keep = command.channel ? rows.filter((r) => r.scope !== scope) : [];
        const changes = await policy.replaceAll(keep, input.user, 'chat', now);
        const n = changes.length;
        return doc(rich`Removed ${n} policy row${n === 1 ? '' : 's'}${command.channel ? rich` for ${where}` : ''}.`);
      }
      const removed = await policy.remove(scope, command.target, input.user, 'chat', now);
      return removed
        ? doc(rich`Removed: ${describeRule(removed)}`)
        : doc(rich`There is no row for ${where} / ${command.target}; nothing changed.`);
    }
    case 'policy import': {
      const parsed = parsePolicyFile(command.text, deps.catalogue, input.platform);
      if (!parsed.ok) return doc(rich`The policy file was not imported, nothing changed: ${parsed.error}`);
      const changes = await policy.replaceAll(parsed.rules, input.user, 'import', now);
      const n = parsed.rules.length;
      return [
        ...doc(rich`Imported ${n} row${n === 1 ? '' : 's'} (${changes.length} changed).`),
        ...policyTable(await policy.list(), timeZone, unavailable),
      ];
    }
  }
}
