import type { TConfig } from '../../config.js';
import type { CoreDeps } from '../../core/deps.js';
import { qualify, type TPlatform } from '../../core/identity.js';

/**
 * Feeds from TEAMMATE_CALENDARS and --calendar are added at start (files are allowed here, never from chat);
 * configuration feeds that are no longer configured are removed.
 */
export async function syncConfiguredCalendars(deps: CoreDeps, config: TConfig, platform: TPlatform): Promise<void> {
  const { calendar } = deps.stores;
  const now = deps.clock.now();
  const kept = new Set<number>();
  for (const feed of config.calendars.feeds) {
    const channel = qualify(feed.channel ?? config.webhooks.defaultChannel ?? 'general', platform);
    const added = await calendar.addFeed(
      { channel, url: feed.source, origin: 'config', addedBy: 'configuration' },
      now,
    );
    kept.add(added.id);
  }
  for (const feed of await calendar.feeds()) {
    if (feed.origin === 'config' && !kept.has(feed.id)) await calendar.removeFeed(feed.id);
  }
}
