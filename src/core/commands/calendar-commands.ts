import { feedLabel } from '../calendar-port.js';
import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import { relative } from '../present/format.js';
import type { TCommand } from './grammar.js';
import type { TCommandInput } from './run-command.js';

type CalendarCommand = Extract<TCommand, { name: `calendar ${string}` }>;

/** `/teammate calendar add|list|remove`: feeds from chat are http(s) only and checked before the first fetch. */
export async function runCalendarCommand(
  deps: CoreDeps,
  input: TCommandInput,
  command: CalendarCommand,
): Promise<string> {
  const { calendar } = deps.stores;
  const chat = chatFor(deps, input.platform);
  const now = deps.clock.now();
  switch (command.name) {
    case 'calendar list': {
      const feeds = await calendar.feeds();
      if (feeds.length === 0) return 'No calendars yet. Add one with `/teammate calendar add <ics-url> [#channel]`.';
      return feeds
        .map((f) => {
          const state = f.lastError
            ? `failing (${f.failures}×): ${f.lastError}; next try ${relative(f.nextCheckAt, now)}`
            : f.okAt
              ? `ok, checked ${relative(f.okAt, now)}${f.warnings.length > 0 ? `, ${f.warnings.length} warnings` : ''}`
              : 'not fetched yet';
          return `• #${f.id} ${feedLabel(f.url)} → ${chat.channelLabel(f.channel)}${f.origin === 'config' ? ' (configuration)' : ''}: ${state}`;
        })
        .join('\n');
    }
    case 'calendar add': {
      if (!deps.calendars) return 'Calendars are not available in this process.';
      const refused = await deps.calendars.refuse(command.url);
      if (refused) return `I cannot add that calendar: ${refused}.`;
      const feed = await calendar.addFeed(
        { channel: command.channel, url: command.url, origin: 'chat', addedBy: input.user },
        now,
      );
      const result = await deps.calendars.poll(feed);
      const where = chat.channelLabel(command.channel);
      if (!result.ok) {
        return `Added calendar #${feed.id} for ${where}, but the first fetch failed: ${result.error}. I will keep trying, less and less often; \`/teammate calendar list\` shows its state.`;
      }
      const warnings = result.warnings.length > 0 ? ` (${result.warnings.length} warnings: ${result.warnings[0]})` : '';
      return `Added calendar #${feed.id} for ${where}: ${result.upcoming} meetings in the next 30 days${warnings}.`;
    }
    case 'calendar remove': {
      const feed = (await calendar.feeds()).find((f) => f.id === command.feedId);
      if (!feed) return `There is no calendar #${command.feedId}; \`/teammate calendar list\` shows them.`;
      if (feed.origin === 'config')
        return `Calendar #${feed.id} comes from the configuration (TEAMMATE_CALENDARS); remove it there.`;
      await calendar.removeFeed(feed.id);
      return `Removed calendar #${feed.id} (${feedLabel(feed.url)}) from ${chat.channelLabel(feed.channel)}.`;
    }
  }
}
