import type { TKey } from '../identity.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { scopeChannel } from '../policy/policy-rule.js';
import { code, person, rich } from '../text/build.js';
import type { TRich } from '../text/rich-text.js';

// Words for an entry whose asker may not approve it and too few others can: on the card, and in the refusal.

/** The command that would allow self-approval for an entry's kind, where its policy row applies. */
function allowCommand(entry: TLedgerEntry): string {
  const channel = scopeChannel(entry.policy.rule.scope);
  return `/teammate policy set ${entry.policy.rule.kind} approve self-approval=yes${channel ? ` in #${channel}` : ''}`;
}

/** How many people besides the asker could approve an entry they may not approve themselves, when too few. */
export function othersWhoCould(entry: TLedgerEntry, deciders: readonly TKey[]): number | undefined {
  const asker = entry.requestedBy;
  if (!asker || entry.allowSelfApproval) return undefined;
  const others = deciders.filter((d) => d !== asker).length;
  return others < entry.approvalsNeeded ? others : undefined;
}

/** The ways out for an entry too few others can approve. */
export function waysOut(entry: TLedgerEntry): TRich {
  return rich`add an approver (${code('/teammate admins grant @user')}, or approvers= on the policy row), or allow self-approval with ${code(allowCommand(entry))}`;
}

/** The card's sentence when only the asker could approve (undefined when someone else can). */
export function noOtherApprover(entry: TLedgerEntry, deciders: readonly TKey[]): TRich | undefined {
  const others = othersWhoCould(entry, deciders);
  if (others === undefined || !entry.requestedBy) return undefined;
  const asker = person(entry.requestedBy);
  return others === 0
    ? rich`Nobody but ${asker}, who asked, can approve this: ${waysOut(entry)}.`
    : rich`${shortId(entry.id)} needs ${entry.approvalsNeeded} approvals besides ${asker}, who asked, and only ${others} can give one: ${waysOut(entry)}.`;
}
