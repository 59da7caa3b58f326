import type { TFeed } from '../autonomy-ports.js';
import { calendarName } from '../calendar-connector.js';
import type { TConnectorHealth } from '../connector-port.js';
import type { TSettings } from '../deps.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import type { TPolicyRule } from '../policy/policy-rule.js';
import { bold, code, doc, joinRich, list, rich } from '../text/build.js';
import type { TBlock, TDoc, TRich } from '../text/rich-text.js';
import { outcomeLine } from './cards.js';
import { formatTime, relative } from './format.js';
import { describeRule } from './policy-table.js';

export type TStatusInput = {
  runtime: TSettings['runtime'];
  platforms: string[];
  now: Date;
  timeZone: string;
  pending: readonly TLedgerEntry[];
  recent: readonly TLedgerEntry[];
  stats: readonly { kind: string; approved: number; rejected: number; expired: number }[];
  /** The language model's line (model, today's spend, state). */
  llm: TRich;
  /** Policy rows nobody can approve as things stand, each with the reason. */
  blockedRules: readonly { rule: TPolicyRule; reason: TRich }[];
  /** Deliveries the inbox gave up on. */
  failedDeliveries: number;
  /** The tools Teammate is connected to, with what this process last saw of each. */
  connectors: readonly { label: string; health: TConnectorHealth }[];
  /** The calendars Teammate reads, as their last reads left them. */
  calendars: readonly TFeed[];
};

function calendarsLine(feeds: readonly TFeed[]): TRich {
  const failing = feeds.filter((f) => f.lastError);
  const head = `${feeds.length} (${feeds.length - failing.length} ok${failing.length ? `, ${failing.length} failing` : ''})`;
  return rich`${bold('Calendars:')} ${head}${joinRich(
    failing.map((f) => rich`; #${f.id} ${calendarName(f)}: ${f.lastError ?? ''}`),
    '',
  )}`;
}

function connectorLine(c: TStatusInput['connectors'][number], now: Date, timeZone: string): TRich {
  const { okAt, error } = c.health;
  if (error && (!okAt || error.at >= okAt))
    return rich`${c.label}: failing since ${formatTime(error.at, timeZone)} — ${error.message}`;
  if (okAt) return rich`${c.label}: ok (last answer ${relative(okAt, now)})`;
  return rich`${c.label}: connected, not called yet`;
}

export function statusText(input: TStatusInput): TDoc {
  const { runtime, now } = input;
  const blocks: TDoc = doc(
    rich`${bold(`Teammate ${runtime.version}`)} · up ${relative(runtime.startedAt, now).replace(' ago', '')} · ${input.platforms.join(', ')} · ${runtime.database}`,
    input.llm,
    ...(input.connectors.length > 0
      ? [
          rich`${bold('Connected tools:')} ${joinRich(
            input.connectors.map((c) => connectorLine(c, now, input.timeZone)),
            '; ',
          )}`,
        ]
      : []),
    ...(input.calendars.length > 0 ? [calendarsLine(input.calendars)] : []),
    input.pending.length === 0
      ? rich`${bold('Waiting for approval:')} nothing`
      : rich`${bold(`Waiting for approval (${input.pending.length}):`)}`,
  );
  if (input.pending.length > 0) {
    blocks.push(
      list(
        input.pending.map(
          (e) => rich`${shortId(e.id)} ${e.summary}${e.expiresAt ? ` — deadline ${relative(e.expiresAt, now)}` : ''}`,
        ),
      ),
    );
  }
  if (input.recent.length > 0) {
    blocks.push(
      ...doc(rich`${bold('Recent actions:')}`),
      list(
        input.recent.map(
          (e) => rich`${shortId(e.id)} ${formatTime(e.createdAt, input.timeZone)} ${e.summary} — ${outcomeLine(e)}`,
        ),
      ),
    );
  }
  if (input.blockedRules.length > 0) {
    blocks.push(
      ...doc(rich`${bold('Policy rows nobody can approve as they stand:')}`),
      list(input.blockedRules.map(({ rule, reason }) => rich`${describeRule(rule)} — ${reason}`)),
    );
  }
  if (input.failedDeliveries > 0) {
    blocks.push(
      ...doc(
        rich`${bold(`Deliveries I gave up on: ${input.failedDeliveries}`)} — ${code('/teammate inbox')} shows why; ${code('/teammate inbox retry all')} tries them again.`,
      ),
    );
  }
  blocks.push(...approvalRates(input.stats));
  return blocks;
}

type TStat = TStatusInput['stats'][number];

/** At 95 % approvals or more over at least 5 decisions, the gate of a kind could be loosened. */
export function canLoosen(s: TStat): boolean {
  const decided = s.approved + s.rejected;
  return decided >= 5 && Math.round((s.approved / decided) * 100) >= 95;
}

/** Approval rate per action kind, marking the kinds whose gate could be loosened. */
export function approvalRates(stats: TStatusInput['stats']): TBlock[] {
  if (stats.length === 0) return [];
  const rows = stats.map((s) => {
    const decided = s.approved + s.rejected;
    const rate = decided > 0 ? Math.round((s.approved / decided) * 100) : 0;
    const expired = s.expired > 0 ? `, ${s.expired} expired` : '';
    const hint = canLoosen(s) ? ' ← candidate for auto' : '';
    return rich`${s.kind}: ${s.approved}/${decided} approved (${rate} %)${expired}${hint}`;
  });
  return doc(
    rich`${bold('Human decisions, last 30 days')} (approved / decided; at 95 % or more a gate could be loosened):`,
    list(rows),
  );
}
