import { settingsOf } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import type { TPlatform } from '../identity.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { channelRef, person, rich } from '../text/build.js';
import { submitProposal } from '../workflow/submit.js';
import { buildRoundup } from './build-roundup.js';
import { isoWeek } from './week.js';

/**
 * Proposes the channel's roundup as a `post_roundup` action, so it is gated, recorded and can be undone. The
 * scheduled one is keyed by channel and ISO week: one per week, whatever restarts or replicas do. One asked for
 * with `roundup now` is keyed by the request, so it never takes the scheduled one's place.
 */
export async function proposeRoundup(
  deps: CoreDeps,
  input: { platform: TPlatform; channel: string; requestedBy?: string; slot?: Date },
): Promise<{ entry: TLedgerEntry; created: boolean }> {
  const chat = chatFor(deps, input.platform);
  const now = deps.clock.now();
  const { timeZone } = await settingsOf(deps, input.channel);
  const week = isoWeek(input.slot ?? now, timeZone);
  const text = await buildRoundup(deps, chat, {
    platform: input.platform,
    channel: input.channel,
    week,
    now,
    timeZone,
  });
  const scheduled = input.requestedBy === undefined;
  return submitProposal(deps, {
    kind: 'post_roundup',
    params: { channel: input.channel, week, text },
    rationale: input.requestedBy
      ? rich`${person(input.requestedBy)} asked for the roundup now`
      : rich`the weekly roundup of ${channelRef(input.channel)} is scheduled for now`,
    evidence: [],
    origin: scheduled
      ? { type: 'detector', name: 'roundup-schedule' }
      : { type: 'person', user: input.requestedBy ?? '' },
    trigger: {
      signalId: scheduled ? `roundup:${input.channel}:${week}` : `roundup-now:${now.toISOString()}`,
      type: scheduled ? 'schedule' : 'command',
      summary: scheduled ? rich`the weekly roundup schedule (${week})` : rich`/teammate roundup now`,
      at: input.slot ?? now,
      user: input.requestedBy,
    },
    platform: input.platform,
    channel: input.channel,
    requestedBy: input.requestedBy,
    dedupeKey: scheduled
      ? `roundup:${input.channel}:${week}`
      : `roundup-now:${input.channel}:${input.requestedBy}:${now.toISOString()}`,
  });
}
