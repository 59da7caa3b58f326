import type { TSettings } from '../deps.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { outcomeLine } from './cards.js';
import type { TFormatter } from './describe-entry.js';
import { formatTime, relative } from './format.js';

export type TStatusInput = {
  runtime: TSettings['runtime'];
  platforms: string[];
  now: Date;
  timeZone: string;
  pending: readonly TLedgerEntry[];
  recent: readonly TLedgerEntry[];
  stats: readonly { kind: string; approved: number; rejected: number; expired: number }[];
  /** The language model's line (model, today's spend, state). */
  llm: string;
};

export function statusText(input: TStatusInput, format: TFormatter): string {
  const { runtime, now } = input;
  const lines = [
    `*Teammate ${runtime.version}* · up ${relative(runtime.startedAt, now).replace(' ago', '')} · ${input.platforms.join(', ')} · ${runtime.database}`,
  ];
  lines.push(input.llm);
  lines.push(
    input.pending.length === 0
      ? '*Waiting for approval:* nothing'
      : `*Waiting for approval (${input.pending.length}):*`,
  );
  for (const e of input.pending) {
    lines.push(`• ${shortId(e.id)} ${e.summary}${e.expiresAt ? ` — deadline ${relative(e.expiresAt, now)}` : ''}`);
  }
  if (input.recent.length > 0) lines.push('*Recent actions:*');
  for (const e of input.recent) {
    lines.push(
      `• ${shortId(e.id)} ${formatTime(e.createdAt, input.timeZone)} ${e.summary} — ${outcomeLine(e, format)}`,
    );
  }
  lines.push(...approvalRates(input.stats));
  return lines.join('\n');
}

type TStat = TStatusInput['stats'][number];

/** At 95 % approvals or more over at least 5 decisions, the gate of a kind could be loosened. */
export function canLoosen(s: TStat): boolean {
  const decided = s.approved + s.rejected;
  return decided >= 5 && Math.round((s.approved / decided) * 100) >= 95;
}

/** Approval rate per action kind, marking the kinds whose gate could be loosened. */
export function approvalRates(stats: TStatusInput['stats']): string[] {
  if (stats.length === 0) return [];
  const lines = ['*Human decisions, last 30 days* (approved / decided; at 95 % or more a gate could be loosened):'];
  for (const s of stats) {
    const decided = s.approved + s.rejected;
    const rate = decided > 0 ? Math.round((s.approved / decided) * 100) : 0;
    const expired = s.expired > 0 ? `, ${s.expired} expired` : '';
    const hint = canLoosen(s) ? ' ← candidate for auto' : '';
    lines.push(`• ${s.kind}: ${s.approved}/${decided} approved (${rate} %)${expired}${hint}`);
  }
  return lines;
}
