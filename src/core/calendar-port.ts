import type { TFeed } from './autonomy-ports.js';
import { calendarSource } from './calendar-connector.js';

export type TPollResult = { ok: true; upcoming: number; warnings: string[] } | { ok: false; error: string };

/** What the core asks of the calendar source (which does the network and parsing). */
export type CalendarPort = {
  /** Why a feed URL may not be added from chat (not http(s), a private address), or undefined. */
  refuse(url: string): Promise<string | undefined>;
  /** Fetches and syncs one feed now. */
  poll(feed: TFeed): Promise<TPollResult>;
};

/** A feed URL as it may be shown in a channel: private calendar URLs carry their secret in the path or query. */
export function feedLabel(url: string): string {
  // A calendar read through an API is named by its kind and its name within the account, not by a secret URL.
  if (calendarSource(url).kind !== 'ics') return url;
  try {
    const parsed = new URL(url);
    const file = parsed.pathname.split('/').filter(Boolean).at(-1) ?? '';
    return `${parsed.protocol}//${parsed.host}/…/${file.length > 40 ? `${file.slice(0, 12)}…` : file}`;
  } catch {
    return url.split('/').at(-1) ?? url;
  }
}
