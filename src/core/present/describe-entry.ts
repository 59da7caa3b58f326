import type { ChatPort } from '../chat-port.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import type { TOrigin } from '../proposal.js';

export type TFormatter = Pick<ChatPort, 'mention' | 'channelLabel' | 'permalink'>;

export function describeOrigin(origin: TOrigin, format: TFormatter): string {
  if (origin.type === 'detector') return `the \`${origin.name}\` detector`;
  if (origin.type === 'llm') return `the LLM \`${origin.model}\` (prompt ${origin.promptVersion})`;
  return format.mention(origin.user);
}

export function describeApprovers(approvers: readonly string[], format: TFormatter): string {
  return approvers
    .map((a) => (a === 'admins' ? 'admins' : a.startsWith('group:') ? `group ${a.slice(6)}` : format.mention(a)))
    .join(', ');
}

/** Evidence as links; labels stay plain text, because a link's label cannot hold a mention. */
export function describeEvidence(entry: Pick<TLedgerEntry, 'evidence' | 'platform'>, format: TFormatter): string[] {
  return entry.evidence.map((e) => {
    const url = e.url ?? (e.message ? format.permalink(e.message) : undefined);
    const label = url ? `<${url}|${e.label}>` : e.label;
    return e.excerpt ? `${label} ${JSON.stringify(e.excerpt)}` : label;
  });
}

export function describePolicy(entry: Pick<TLedgerEntry, 'policy'>, format: TFormatter): string {
  const { policy } = entry;
  const where =
    policy.rule.scope === 'workspace' ? 'workspace' : format.channelLabel(policy.rule.scope.slice('channel:'.length));
  const row = policy.builtIn
    ? 'the built-in default (every kind: approve, by admins)'
    : `${where} / ${policy.rule.kind}`;
  const notes = policy.notes.length > 0 ? ` (${policy.notes.join('; ')})` : '';
  return `${row} → ${policy.mode}${notes}`;
}
