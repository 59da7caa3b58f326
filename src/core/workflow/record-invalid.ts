import { settingsOf } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { defaultRule } from '../policy/policy-rule.js';
import { originActor, type TProposal } from '../proposal.js';
import { rich } from '../text/build.js';
import { plainText } from '../text/plain.js';

/**
 * A proposal that never reached the policy table because it was not valid (an unknown tool, arguments its
 * schema refuses, a refusal): recorded as `invalid` with the error, so "why?" and the feedback loop can see it.
 * Nothing is ever executed from such an entry.
 */
export async function recordInvalidProposal(
  deps: CoreDeps,
  proposal: Omit<TProposal, 'params'> & { params: unknown },
  error: string,
): Promise<TLedgerEntry> {
  const now = deps.clock.now();
  const { entry } = await deps.stores.ledger.create(
    {
      dedupeKey: proposal.dedupeKey,
      platform: proposal.platform,
      channel: proposal.channel,
      thread: proposal.thread,
      kind: proposal.kind,
      params: proposal.params ?? null,
      summary: rich`an invalid ${proposal.kind} proposal`,
      origin: proposal.origin,
      trigger: proposal.trigger,
      evidence: proposal.evidence,
      rationale: proposal.rationale,
      requestedBy: proposal.requestedBy,
      policy: {
        ruleKey: 'none',
        builtIn: true,
        rule: defaultRule,
        mode: 'deny',
        notes: ['not validated, so the policy table was not consulted'],
        timeZone: (await settingsOf(deps, proposal.channel)).timeZone,
      },
      mode: 'deny',
      status: 'invalid',
      approvers: [],
      approvalsNeeded: 1,
      allowSelfApproval: false,
      onExpiry: 'deny',
      escalated: false,
      decidedBy: 'validation',
      decidedAt: now,
      undoStatus: 'none',
      error,
    },
    [
      { actor: originActor(proposal.origin), to: 'proposed', note: plainText(proposal.rationale) },
      { actor: 'validation', to: 'invalid', note: error },
    ],
    now,
  );
  deps.metrics.proposal(entry.kind, 'invalid');
  return entry;
}
