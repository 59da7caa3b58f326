import { calendarName, calendarSource, feedLabel } from '../calendar-connector.js';
import type { CoreDeps } from '../deps.js';
import { relative } from '../present/format.js';
import { channelRef, code, doc, list, rich } from '../text/build.js';
import type { TDoc } from '../text/rich-text.js';
import type { TCommand } from './grammar.js';
import type { TCommandInput } from './run-command.js';

type CalendarCommand = Extract<TCommand, { name: `calendar ${string}` }>;

/** `/teammate calendar add|list|remove`: feeds from chat are http(s) only and checked before the first fetch. */
export async function runCalendarCommand(
  deps: CoreDeps,
  input: TCommandInput,
  command: CalendarCommand,
): Promise<TDoc> {
  const { calendar } = deps.stores;
  const now = deps.clock.now();
  const listCommand = code('/teammate calendar list');
  switch (command.name) {
    case 'calendar list': {
      const feeds = await calendar.feeds();
      if (feeds.length === 0)
        return doc(
          rich`No calendars yet. Add one with ${code('/teammate calendar add <ics-url|caldav:…|google:…|m365:…> [#channel]')}.`,
        );
      return doc(
        list(
          feeds.map((f) => {
            const state = f.lastError
              ? `failing (${f.failures}×): ${f.lastError}; next try ${relative(f.nextCheckAt, now)}`
              : f.okAt
                ? `ok, checked ${relative(f.okAt, now)}${f.warnings.length > 0 ? `, ${f.warnings.length} warnings` : ''}`
                : 'not fetched yet';
            const name = calendarSource(f.url).kind === 'ics' ? feedLabel(f.url) : `${calendarName(f)} (${f.url})`;
            return rich`#${f.id} ${name} → ${channelRef(f.channel)}${f.origin === 'config' ? ' (configuration)' : ''}: ${state}`;
          }),
        ),
      );
    }
    case 'calendar add': {
      if (!deps.calendars) return doc(rich`Calendars are not available in this process.`);
      const refused = await deps.calendars.refuse(command.url);
      if (refused) return doc(rich`I cannot add that calendar: ${refused}.`);
      const feed = await calendar.addFeed(
        { channel: command.channel, url: command.url, origin: 'chat', addedBy: input.user },
        now,
      );
      const result = await deps.calendars.poll(feed);
      const where = channelRef(command.channel);
      if (!result.ok) {
        return doc(
          rich`Added calendar #${feed.id} for ${where}, but the first fetch failed: ${result.error}. I will keep trying, less and less often; ${listCommand} shows its state.`,
        );
      }
      const warnings = result.warnings.length > 0 ? ` (${result.warnings.length} warnings: ${result.warnings[0]})` : '';
      return doc(
        rich`Added calendar #${feed.id} for ${where}: ${result.upcoming} meetings in the next 30 days${warnings}.`,
      );
    }
    case 'calendar remove': {
      const feed = (await calendar.feeds()).find((f) => f.id === command.feedId);
      if (!feed) return doc(rich`There is no calendar #${command.feedId}; ${listCommand} shows them.`);
      if (feed.origin === 'config')
        return doc(rich`Calendar #${feed.id} comes from the configuration (TEAMMATE_CALENDARS); remove it there.`);
      await calendar.removeFeed(feed.id);
      return doc(rich`Removed calendar #${feed.id} (${feedLabel(feed.url)}) from ${channelRef(feed.channel)}.`);
    }
  }
}
