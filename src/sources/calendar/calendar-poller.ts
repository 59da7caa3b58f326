import type { CalendarStore, TFeed, TOccurrence, TStoredOccurrence } from '../../core/autonomy-ports.js';
import type { CalendarPort, TPollResult } from '../../core/calendar-port.js';
import { feedLabel } from '../../core/calendar-port.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { TSignal } from '../../core/signal.js';
import { refusedAddress } from './address-guard.js';
import { fetchFeed, isUrl } from './fetch-feed.js';
import { parseCalendar } from './ics.js';

const DAY = 86_400_000;
/** What is kept of each feed: the past for attendance history, the future for "next week" and nudges. */
const PAST = 120 * DAY;
const FUTURE = 60 * DAY;
const SOON = 15 * 60_000;
const MAX_BACKOFF = DAY;

export type TCalendarPollerOptions = {
  pollMs: number;
  allowPrivate: boolean;
  timeoutMs?: number;
  maxBytes?: number;
};

type TDeps = {
  calendar: CalendarStore;
  receive(signal: TSignal): Promise<unknown>;
  clock: Clock;
  log: Logger;
  options: TCalendarPollerOptions;
};

function signal(
  feed: TFeed,
  change: Extract<TSignal, { type: 'calendar' }>['change'],
  o: TOccurrence,
  at: Date,
): TSignal {
  return {
    id: `calendar:${feed.id}:${o.key}:${change}:${o.hash}`,
    type: 'calendar',
    platform: feed.platform,
    at,
    change,
    channel: feed.channel,
    feedId: feed.id,
    occurrence: {
      key: o.key,
      uid: o.uid,
      title: o.title,
      startsAt: o.startsAt,
      endsAt: o.endsAt,
      recurring: o.recurring,
    },
  };
}

/** What changed between the stored occurrences and a fresh parse; only future ones become signals. */
export function diffOccurrences(stored: readonly TStoredOccurrence[], fresh: readonly TOccurrence[], now: Date) {
  const before = new Map(stored.map((o) => [o.key, o]));
  const seen = new Set(fresh.map((o) => o.key));
  const upserts = fresh.filter((o) => before.get(o.key)?.hash !== o.hash);
  const changes: { change: 'added' | 'changed' | 'cancelled'; occurrence: TOccurrence }[] = upserts.map((o) => {
    const old = before.get(o.key);
    const change = !old ? 'added' : o.status === 'cancelled' && old.status !== 'cancelled' ? 'cancelled' : 'changed';
    return { change, occurrence: o };
  });
  const removed = stored.filter((o) => !seen.has(o.key) && o.status !== 'cancelled');
  for (const o of removed) changes.push({ change: 'cancelled', occurrence: { ...o, status: 'cancelled' } });
  return { upserts, removed: removed.map((o) => o.key), changes: changes.filter((c) => c.occurrence.startsAt >= now) };
}

/**
 * Polls the feeds that are due, one at a time and each on its own: a feed that fails (timeout, a web page, too
 * large, unparsable) records its error and backs off exponentially, and the others go on. Changes to upcoming
 * meetings become signals; the first sync of a feed only records (it would otherwise announce every meeting).
 */
export function createCalendarPoller(deps: TDeps): CalendarPort & { tick(): Promise<void> } {
  const { calendar, clock, log, options } = deps;
  let running: Promise<void> | undefined;

  async function refuse(url: string): Promise<string | undefined> {
    if (!isUrl(url)) return 'a calendar added from chat must be an http(s) URL; local files go in TEAMMATE_CALENDARS';
    if (options.allowPrivate) return undefined;
    try {
      return await refusedAddress(new URL(url));
    } catch (error) {
      return `cannot resolve ${new URL(url).hostname} (${(error as Error).message})`;
    }
  }

  async function poll(feed: TFeed): Promise<TPollResult> {
    const now = clock.now();
    try {
      const fetched = await fetchFeed(feed.url, {
        timeoutMs: options.timeoutMs ?? 10_000,
        maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
        etag: feed.etag,
        lastModified: feed.lastModified,
        refuse: feed.origin === 'config' ? undefined : (url) => refuse(url.toString()),
        guardConnect: feed.origin !== 'config' && !options.allowPrivate,
      });
      const from = new Date(now.getTime() - PAST);
      const to = new Date(now.getTime() + FUTURE);
      let warnings = feed.warnings;
      if (fetched.status === 'ok') {
        const parsed = parseCalendar(fetched.text, from, to);
        warnings = parsed.warnings.slice(0, 20);
        const diff = diffOccurrences(await calendar.occurrences(feed.id, from, to), parsed.occurrences, now);
        await calendar.save(feed.id, diff.upserts, diff.removed, now);
        if (feed.okAt) for (const c of diff.changes) await deps.receive(signal(feed, c.change, c.occurrence, now));
      }
      await calendar.recordFetch(feed.id, {
        etag: fetched.status === 'ok' ? fetched.etag : feed.etag,
        lastModified: fetched.status === 'ok' ? fetched.lastModified : feed.lastModified,
        checkedAt: now,
        okAt: now,
        nextCheckAt: new Date(now.getTime() + options.pollMs),
        failures: 0,
        warnings,
      });
      const upcoming = (await calendar.occurrences(feed.id, now, new Date(now.getTime() + 30 * DAY))).length;
      return { ok: true, upcoming, warnings };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const failures = feed.failures + 1;
      const wait = Math.min(options.pollMs * 2 ** Math.min(failures, 10), MAX_BACKOFF);
      log.warn({ feed: feed.id, url: feedLabel(feed.url), failures, err: reason }, 'calendar feed failed');
      await calendar.recordFetch(feed.id, {
        etag: feed.etag,
        lastModified: feed.lastModified,
        checkedAt: now,
        nextCheckAt: new Date(now.getTime() + wait),
        failures,
        lastError: reason,
      });
      return { ok: false, error: `calendar feed #${feed.id} (${feedLabel(feed.url)}): ${reason}` };
    }
  }

  async function runTick(): Promise<void> {
    const now = clock.now();
    // Side by side, so one feed that times out delays the tick by its timeout, not by the sum of them.
    await Promise.all((await calendar.feeds()).filter((f) => f.nextCheckAt <= now).map(poll));
    // Read again after polling: a feed added meanwhile (by `calendar add`) has occurrences to claim, and a claimed
    // occurrence whose feed is unknown would be lost.
    const feeds = new Map((await calendar.feeds()).map((f) => [f.id, f]));
    for (const o of await calendar.claimStartingSoon(now, new Date(now.getTime() + SOON))) {
      const feed = feeds.get(o.feedId);
      if (feed && !o.skipped) await deps.receive(signal(feed, 'starting_soon', o, now));
    }
  }

  return {
    refuse,
    poll,
    tick() {
      running ??= runTick().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
