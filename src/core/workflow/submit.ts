import { specFor } from '../actions/catalogue.js';
import { capabilityWords, missingCapabilities } from '../capabilities.js';
import { settingsOf } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import { AppError, AppErrorCode } from '../errors.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import type { TStatus } from '../lifecycle.js';
import { decide, wouldHave } from '../policy/gate.js';
import { ruleKey } from '../policy/policy-rule.js';
import { isDefault, resolveRule } from '../policy/resolve-rule.js';
import { originActor, type TProposal } from '../proposal.js';
import { startOfLocalDay } from '../quiet-hours.js';
import { plainText } from '../text/plain.js';
import { executeEntry } from './execute.js';
import { postApprovalCards } from './post-approval.js';
import { recordInvalidProposal } from './record-invalid.js';
import { SOLE_ADMIN_NOTE, soleAdminAsks } from './self-approval.js';

/**
 * The only way an action gets done: validate the parameters with the kind's schema, let the policy table decide,
 * write the ledger entry (with its first history steps) and only then act on the decision.
 */
export async function submitProposal(
  deps: CoreDeps,
  proposal: TProposal,
): Promise<{ entry: TLedgerEntry; created: boolean }> {
  const spec = specFor(deps.catalogue, proposal.kind);
  if (!spec) throw new AppError(AppErrorCode.invalid, { message: `unknown action kind "${proposal.kind}"` });
  const parsed = spec.parse(proposal.params);
  if (!parsed.ok)
    throw new AppError(AppErrorCode.invalid, { message: `invalid ${spec.kind} parameters: ${parsed.error}` });
  const chat = chatFor(deps, proposal.platform);
  const missing = missingCapabilities(chat, spec.requires);
  if (missing.length > 0) {
    // Refused now, with the reason in the ledger: nobody is asked to approve what cannot be carried out.
    const lacks = missing.map((c) => capabilityWords[c]).join(' or ');
    const entry = await recordInvalidProposal(
      deps,
      proposal,
      `${spec.kind} needs ${lacks}, which ${chat.platform} does not have`,
    );
    return { entry, created: true };
  }
  const policyChannel = spec.channelOf(parsed.params) ?? proposal.channel;
  const rule = resolveRule(await deps.stores.policy.list(), policyChannel, proposal.kind);
  const builtIn = isDefault(rule);
  const { timeZone, mode } = await settingsOf(deps, policyChannel);
  const now = deps.clock.now();
  const capped = rule.mode === 'auto' && rule.dailyAutoCap !== undefined;
  const autoRunsToday = capped
    ? await deps.stores.ledger.countAutoRuns(builtIn ? 'default' : ruleKey(rule), startOfLocalDay(now, timeZone))
    : 0;
  const gated = decide({ rule, builtIn, irreversible: spec.irreversible(parsed.params), now, timeZone, autoRunsToday });
  // A team of one: when the only admin asks for something only they could approve, they may approve it themselves,
  // and the ledger and the card say so.
  const soleAdmin =
    gated.mode === 'approve' && !rule.allowSelfApproval && (await soleAdminAsks(deps, rule, proposal.requestedBy));
  const decision = soleAdmin ? { ...gated, notes: [...gated.notes, SOLE_ADMIN_NOTE] } : gated;
  const shadow = mode === 'shadow';
  const status: TStatus = shadow
    ? 'shadowed'
    : decision.mode === 'deny'
      ? 'denied'
      : decision.mode === 'auto'
        ? 'approved'
        : 'pending';
  const { entry, created } = await deps.stores.ledger.create(
    {
      dedupeKey: proposal.dedupeKey,
      platform: proposal.platform,
      channel: proposal.channel,
      thread: proposal.thread,
      kind: proposal.kind,
      params: parsed.params,
      summary: spec.describe(parsed.params),
      origin: proposal.origin,
      trigger: proposal.trigger,
      evidence: proposal.evidence,
      rationale: proposal.rationale,
      requestedBy: proposal.requestedBy,
      policy: decision,
      mode: decision.mode,
      status,
      approvers: rule.approvers,
      approvalsNeeded: rule.approvalsNeeded,
      allowSelfApproval: rule.allowSelfApproval || soleAdmin,
      expiresAt: status === 'pending' ? new Date(now.getTime() + rule.expiresAfterMs) : undefined,
      onExpiry: rule.onExpiry,
      escalated: false,
      decidedBy: status === 'pending' ? undefined : shadow ? 'shadow mode' : 'policy',
      decidedAt: status === 'pending' ? undefined : now,
      undoStatus: 'none',
    },
    [
      { actor: originActor(proposal.origin), to: 'proposed', note: plainText(proposal.rationale) },
      {
        actor: 'policy',
        to: status,
        note: [
          `rule ${decision.ruleKey}: ${decision.mode}`,
          ...decision.notes,
          ...(shadow ? [`shadow mode: recorded only, would have ${wouldHave(decision.mode)}`] : []),
        ].join('; '),
      },
    ],
    now,
  );
  if (!created) return { entry, created };
  deps.metrics.proposal(entry.kind, entry.origin.type);
  deps.metrics.decision(entry.kind, entry.mode);
  deps.log.info(
    { entry: shortId(entry.id), kind: entry.kind, mode: entry.mode, rule: decision.ruleKey },
    'proposal gated',
  );
  if (status === 'pending') await postApprovalCards(deps, entry);
  if (status === 'approved' && !spec.external) await executeEntry(deps, entry.id);
  return { entry: (await deps.stores.ledger.get(entry.id)) ?? entry, created };
}
