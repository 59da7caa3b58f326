import type { TFeed } from './autonomy-ports.js';

export type TPollResult = { ok: true; upcoming: number; warnings: string[] } | { ok: false; error: string };

/** What the core asks of the calendar source (which does the network and parsing). */
export type CalendarPort = {
  /** Why a feed URL may not be added from chat (not http(s), a private address), or undefined. */
  refuse(url: string): Promise<string | undefined>;
  /** Fetches and syncs one feed now. */
  poll(feed: TFeed): Promise<TPollResult>;
};
