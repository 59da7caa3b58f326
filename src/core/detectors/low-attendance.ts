import type { TFeed, TStoredOccurrence } from '../autonomy-ports.js';
import { calendarName, calendarSource } from '../calendar-connector.js';
import { formatTime } from '../present/format.js';
import type { TProposal } from '../proposal.js';
import { doc, quoted, rich } from '../text/build.js';
import type { Detector } from './detector.js';
import { mayPropose, option } from './detector-settings.js';
import { throttle } from './throttle.js';

const NAME = 'low-attendance';
const DAY = 86_400_000;
const HISTORY = 180 * DAY;

/** The share of invitees who declined or never answered (the organizer does not count). */
export function absentShare(occurrence: Pick<TStoredOccurrence, 'attendees' | 'organizer'>): number | undefined {
  const invited = occurrence.attendees.filter((a) => !occurrence.organizer || a.email !== occurrence.organizer);
  if (invited.length === 0) return undefined;
  return invited.filter((a) => a.partstat === 'declined' || a.partstat === 'needs-action').length / invited.length;
}

function proposal(
  next: TStoredOccurrence,
  past: TStoredOccurrence[],
  share: number,
  feed: TFeed,
  timeZone: string,
): TProposal {
  const { channel, platform } = feed;
  const percent = `${Math.round(share * 100)} %`;
  const when = formatTime(next.startsAt, timeZone);
  const { kind } = calendarSource(feed.url);
  // A feed is read-only, so the organiser is asked to remove it; a calendar Teammate changes has it removed already.
  const organizer =
    kind === 'ics'
      ? next.organizer
        ? ` ${next.organizer}, please remove it from the calendar.`
        : ''
      : ' It is taken out of the calendar.';
  const title = quoted(next.title, 80);
  return {
    kind: 'cancel_occurrence',
    params: {
      channel,
      feedId: next.feedId,
      key: next.key,
      title: next.title,
      startsAt: next.startsAt,
      organizer: next.organizer,
      calendar: kind,
      ...(kind === 'ics' ? {} : { calendarName: calendarName(feed) }),
      text: doc(
        rich`${title} on ${when} is cancelled: over its last ${past.length} meetings ${percent} of invitees (the organizer not counted) declined or did not answer.${organizer}`,
        rich`Please post your update in this thread instead: what you did, what is next, what blocks you.`,
      ),
    },
    rationale: rich`over the last ${past.length} occurrences of ${quoted(next.title, 60)}, ${percent} of invitees (the organizer not counted) declined or did not answer; an async thread costs nobody a meeting`,
    evidence: past.map((o) => ({
      label: `${formatTime(o.startsAt, timeZone)}: ${Math.round((absentShare(o) ?? 0) * 100)} % absent`,
      excerpt: o.attendees
        .map(
          (a) => `${a.name}${o.organizer && a.email === o.organizer ? ' (organizer, not counted)' : ''}: ${a.partstat}`,
        )
        .join(', ')
        .slice(0, 300),
    })),
    origin: { type: 'detector', name: NAME },
    trigger: {
      signalId: `calendar:${next.feedId}:${next.uid}:attendance`,
      type: 'calendar',
      summary: rich`${quoted(next.title, 60)} had low attendance over its last ${past.length} occurrences`,
      at: past.at(-1)?.startsAt ?? next.startsAt,
    },
    platform,
    channel,
    dedupeKey: keyOf(next.feedId, next.key),
  };
}

const due = throttle(5 * 60_000);

/** The dedupe key of the proposal to cancel one occurrence. */
const keyOf = (feedId: number, occurrence: string) => `${NAME}:${feedId}:${occurrence}`;

/** A recurring meeting people keep skipping: propose calling the next one off and collecting updates in a thread. */
export const lowAttendance: Detector = {
  name: NAME,
  description:
    'a recurring meeting keeps being declined or ignored → propose cancelling the next one for an async thread',
  options: [
    { key: 'occurrences', kind: 'count', default: 4, help: 'past meetings to look at' },
    { key: 'threshold', kind: 'ratio', default: 0.5, help: 'share of declines and non-answers that counts as low' },
    { key: 'ahead', kind: 'duration', default: 7 * DAY, help: 'how far ahead the next meeting may be' },
  ],
  async onSignal(signal, { withdraw }) {
    // The organizer moved or cancelled the meeting a pending proposal would call off.
    if (signal.type !== 'calendar' || (signal.change !== 'changed' && signal.change !== 'cancelled')) return;
    await withdraw(
      { key: keyOf(signal.feedId, signal.occurrence.key) },
      signal.change === 'cancelled'
        ? 'the meeting was cancelled in the calendar'
        : 'the meeting was changed in the calendar',
    );
  },
  async onTick({ deps, now, propose }) {
    if (!due(deps.stores, now)) return;
    // The same meeting may be read from a feed and from a calendar Teammate can change (matched by UID): the one it
    // can change is looked at first, and each series once per channel.
    const feeds = (await deps.stores.calendar.feeds()).sort(
      (a, b) => Number(calendarSource(a.url).kind === 'ics') - Number(calendarSource(b.url).kind === 'ics'),
    );
    const seen = new Set<string>();
    for (const feed of feeds) {
      if (!deps.chats.has(feed.platform)) continue;
      const allowed = await mayPropose(deps, lowAttendance, feed.channel, now);
      if (!allowed) continue;
      const { config, settings } = allowed;
      const k = option(config, 'occurrences');
      const all = await deps.stores.calendar.occurrences(
        feed.id,
        new Date(now.getTime() - HISTORY),
        new Date(now.getTime() + option(config, 'ahead')),
      );
      const series = new Map<string, TStoredOccurrence[]>();
      for (const o of all) {
        // An occurrence the bot called off stays in its series even once the calendar shows it cancelled.
        if (o.recurring && (o.status !== 'cancelled' || o.skipped))
          series.set(o.uid, [...(series.get(o.uid) ?? []), o]);
      }
      for (const [uid, occurrences] of series) {
        if (seen.has(`${feed.channel}|${uid}`)) continue;
        seen.add(`${feed.channel}|${uid}`);
        // Meetings the bot called off did not happen, so they say nothing about attendance; and once it called
        // one off, it waits for a real meeting before proposing again.
        const past = occurrences.filter((o) => o.endsAt <= now && !o.skipped && absentShare(o) !== undefined).slice(-k);
        const next = occurrences.find((o) => o.startsAt > now && !o.skipped);
        const latest = past.at(-1);
        if (!next || !latest || past.length < k) continue;
        if (occurrences.some((o) => o.skipped && o.startsAt > latest.startsAt)) continue;
        const share = past.reduce((sum, o) => sum + (absentShare(o) ?? 0), 0) / past.length;
        if (share < option(config, 'threshold')) continue;
        await propose(proposal(next, past, share, feed, settings.timeZone));
      }
    }
  },
};
