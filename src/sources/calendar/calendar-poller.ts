import type {
  CalendarStore,
  TCalendarDelta,
  TCalendarItem,
  TFeed,
  TFetchRecord,
  TOccurrence,
  TStoredOccurrence,
} from '../../core/autonomy-ports.js';
import {
  type CalendarConnectors,
  calendarSource,
  connectorFor,
  feedLabel,
  noCalendars,
  type TCalendarKind,
} from '../../core/calendar-connector.js';
import type { CalendarPort, TPollResult } from '../../core/calendar-port.js';
import type { Clock } from '../../core/clock.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { TSignal } from '../../core/signal.js';
import { refusedAddress } from './address-guard.js';
import { fetchFeed, isUrl } from './fetch-feed.js';
import { parseCalendar, type TParsedCalendar } from './ics.js';

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
  /** The calendars read through an API (CalDAV, Google, Microsoft 365) that this process has credentials for. */
  calendars?: CalendarConnectors;
  /**
   * Tells a feed's channel that it cannot be read (and, after that, that it can again): at once for credentials
   * (an expired token, a revoked grant, a missing permission), after a few failures for anything else.
   */
  report?(feed: TFeed, problem: string | undefined): Promise<void>;
};

/** Failures in a row before a problem that may pass by itself (a timeout, a server error) is told in the channel. */
const REPORT_AFTER = 3;
/** Incremental reads do not bring occurrences that move into the window; a full read is redone this often. */
const FULL_READ = DAY;

type TRead = { parsed?: TParsedCalendar; record: Partial<TFetchRecord> };

/** The objects of a calendar after a read, as the store keeps them (so they need not be read back). */
function afterRead(held: readonly TCalendarItem[], read: TCalendarDelta): TCalendarItem[] {
  const removed = new Set(read.removed);
  const kept = read.full ? [] : held.filter((item) => !removed.has(item.ref));
  const byRef = new Map(kept.map((item) => [item.ref, item]));
  for (const item of read.items) byRef.set(item.ref, item);
  return [...byRef.values()];
}

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
    const { kind, name } = calendarSource(url);
    if (kind !== 'ics') {
      if (!name) return `say which calendar of the ${kind} account: ${kind}:<calendar>`;
      const connectors = deps.calendars ?? noCalendars;
      return connectors.connected.has(kind)
        ? undefined
        : (connectors.missing.get(kind) ?? `${kind} calendars are not connected`);
    }
    if (!isUrl(url)) return 'a calendar added from chat must be an http(s) URL; local files go in TEAMMATE_CALENDARS';
    if (options.allowPrivate) return undefined;
    try {
      return await refusedAddress(new URL(url));
    } catch (error) {
      return `cannot resolve ${new URL(url).hostname} (${(error as Error).message})`;
    }
  }

  /** An iCalendar feed: fetched whole (with its validators, so an unchanged feed costs a 304). */
  async function fetchIcs(feed: TFeed, from: Date, to: Date): Promise<TRead> {
    const fetched = await fetchFeed(feed.url, {
      timeoutMs: options.timeoutMs ?? 10_000,
      maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
      etag: feed.etag,
      lastModified: feed.lastModified,
      refuse: feed.origin === 'config' ? undefined : (url) => refuse(url.toString()),
      guardConnect: feed.origin !== 'config' && !options.allowPrivate,
    });
    if (fetched.status !== 'ok') return { record: {} };
    return {
      parsed: parseCalendar(fetched.text, from, to),
      record: { etag: fetched.etag, lastModified: fetched.lastModified },
    };
  }

  /** A calendar read through its API: what changed since the last read, applied to the objects kept of it. */
  async function readRemote(
    feed: TFeed,
    kind: Exclude<TCalendarKind, 'ics'>,
    from: Date,
    to: Date,
    now: Date,
  ): Promise<TRead> {
    const connector = connectorFor(deps.calendars, kind);
    const full = !feed.fullSyncAt || now.getTime() - feed.fullSyncAt.getTime() >= FULL_READ;
    const held = await calendar.items(feed.id);
    const read = await connector.read(feed, { from, to }, { token: full ? undefined : feed.syncToken, items: held });
    await calendar.saveItems(feed.id, read);
    return {
      parsed: connector.expand(afterRead(held, read), from, to),
      record: {
        syncToken: read.token ?? null,
        ...(full ? { fullSyncAt: now } : {}),
        ...(read.label ? { label: read.label } : {}),
      },
    };
  }

  async function poll(feed: TFeed): Promise<TPollResult> {
    const now = clock.now();
    try {
      const from = new Date(now.getTime() - PAST);
      const to = new Date(now.getTime() + FUTURE);
      const { kind } = calendarSource(feed.url);
      const { parsed, record } =
        kind === 'ics' ? await fetchIcs(feed, from, to) : await readRemote(feed, kind, from, to, now);
      let warnings = feed.warnings;
      if (parsed) {
        warnings = parsed.warnings.slice(0, 20);
        const diff = diffOccurrences(await calendar.occurrences(feed.id, from, to), parsed.occurrences, now);
        await calendar.save(feed.id, diff.upserts, diff.removed, now);
        if (feed.okAt) for (const c of diff.changes) await deps.receive(signal(feed, c.change, c.occurrence, now));
      }
      await calendar.recordFetch(feed.id, {
        etag: feed.etag,
        lastModified: feed.lastModified,
        ...record,
        checkedAt: now,
        okAt: now,
        nextCheckAt: new Date(now.getTime() + options.pollMs),
        failures: 0,
        warnings,
      });
      if (feed.failures > 0 && wasReported(feed)) await tell(feed, undefined);
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
      const credentials = error instanceof AppError && error.code === AppErrorCode.config;
      if (credentials ? !wasReported(feed) : failures === REPORT_AFTER) await tell(feed, reason);
      return { ok: false, error: `calendar feed #${feed.id} (${feedLabel(feed.url)}): ${reason}` };
    }
  }

  /** Whether the channel was told about the current run of failures (the same rule that told it). */
  function wasReported(feed: TFeed): boolean {
    return feed.failures >= REPORT_AFTER || (feed.failures > 0 && reportedCredentials.has(feed.id));
  }
  const reportedCredentials = new Set<number>();

  async function tell(feed: TFeed, problem: string | undefined): Promise<void> {
    if (problem === undefined) reportedCredentials.delete(feed.id);
    else reportedCredentials.add(feed.id);
    try {
      await deps.report?.(feed, problem);
    } catch (error) {
      log.warn({ feed: feed.id, err: (error as Error).message }, 'could not tell the channel about its calendar');
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
