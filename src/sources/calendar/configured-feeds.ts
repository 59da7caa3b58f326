import type { CoreDeps } from '../../core/deps.js';
import type { TRouting } from '../../routing.js';

/**
 * Feeds from TEAMMATE_CALENDARS and --calendar are added at start, each to the channel it names (files are allowed
 * here, never from chat); configuration feeds that are no longer configured are removed.
 */
export async function syncConfiguredCalendars(
  deps: Pick<CoreDeps, 'stores' | 'clock'>,
  feeds: TRouting['calendars'],
): Promise<void> {
  const { calendar } = deps.stores;
  const now = deps.clock.now();
  const kept = new Set<number>();
  for (const feed of feeds) {
    const added = await calendar.addFeed(
      { channel: feed.channel, url: feed.source, origin: 'config', addedBy: 'configuration' },
      now,
    );
    kept.add(added.id);
  }
  for (const feed of await calendar.feeds()) {
    if (feed.origin === 'config' && !kept.has(feed.id)) await calendar.removeFeed(feed.id);
  }
}
