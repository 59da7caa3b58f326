import type { TFeed } from './autonomy-ports.js';
import { calendarName } from './calendar-connector.js';
import type { CoreDeps } from './deps.js';
import { chatFor } from './deps.js';
import { code, doc, quoted, rich } from './text/build.js';

/**
 * Tells a calendar's channel that it cannot be read (the reason in words: an expired token, a revoked grant, a
 * missing permission), or that it can again. The reason comes from the calendar's server, so it is quoted.
 */
export async function reportCalendar(
  deps: Pick<CoreDeps, 'chats'>,
  feed: TFeed,
  problem: string | undefined,
): Promise<void> {
  const name = `#${feed.id} (${calendarName(feed)})`;
  const body = problem
    ? doc(
        rich`I cannot read calendar ${name}: ${quoted(problem, 300)}. Until it is fixed I do not see its changes and cannot change it. I keep trying, less and less often; ${code('/teammate status')} shows where it stands.`,
      )
    : doc(rich`Calendar ${name} can be read again.`);
  await chatFor(deps, feed.platform).post({ channel: feed.channel }, { body });
}
