import { isKey } from '../identity.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { scopeChannel } from '../policy/policy-rule.js';
import type { TOrigin } from '../proposal.js';
import { channelRef, code, joinRich, link, messageLink, person, quoted, rich, text } from '../text/build.js';
import type { TRich } from '../text/rich-text.js';

export function describeOrigin(origin: TOrigin): TRich {
  if (origin.type === 'detector') return rich`the ${code(origin.name)} detector`;
  if (origin.type === 'llm') return rich`the LLM ${code(origin.model)} (prompt ${origin.promptVersion})`;
  if (origin.type === 'agent') return rich`the agent ${code(origin.name)}`;
  return [person(origin.user)];
}

/** Someone who acted: a person by name, or the bot's own part ("policy", "teammate") as it is. */
export function describeActor(actor: string): TRich {
  return isKey(actor) ? [person(actor)] : [text(actor)];
}

export function describeApprovers(approvers: readonly string[]): TRich {
  return joinRich(
    approvers.map((a) =>
      a === 'admins' ? [text('admins')] : a.startsWith('group:') ? [text(`group ${a.slice(6)}`)] : [person(a)],
    ),
    ', ',
  );
}

/** Evidence as links (a label the bot chose), each with the text it points at quoted. */
export function describeEvidence(entry: Pick<TLedgerEntry, 'evidence'>): TRich[] {
  return entry.evidence.map((e) => {
    const label = e.url ? link(e.url, e.label) : e.message ? messageLink(e.message, e.label) : text(e.label);
    return e.excerpt ? rich`${label} ${quoted(e.excerpt, e.whole ? e.excerpt.length + 1 : 200)}` : [label];
  });
}

export function describePolicy(entry: Pick<TLedgerEntry, 'policy'>): TRich {
  const { policy } = entry;
  const notes = policy.notes.length > 0 ? ` (${policy.notes.join('; ')})` : '';
  if (policy.builtIn) return rich`the built-in default (every kind: approve, by admins) → ${policy.mode}${notes}`;
  const channel = scopeChannel(policy.rule.scope);
  return rich`${channel ? channelRef(channel) : 'workspace'} / ${policy.rule.kind} → ${policy.mode}${notes}`;
}
