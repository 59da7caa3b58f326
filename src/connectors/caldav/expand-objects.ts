import type { TCalendarItem } from '../../core/autonomy-ports.js';
import type { TExpanded } from '../../core/calendar-connector.js';
import { parseCalendar } from '../../sources/calendar/ics.js';

/**
 * The occurrences of a calendar's iCalendar objects, each object on its own: one that does not parse becomes a
 * warning naming it, and the others are read as usual. Each occurrence remembers the object it came from.
 */
export function expandObjects(items: readonly TCalendarItem[], from: Date, to: Date): TExpanded {
  const expanded: TExpanded = { occurrences: [], warnings: [] };
  for (const item of items) {
    try {
      const parsed = parseCalendar(item.data, from, to);
      expanded.occurrences.push(...parsed.occurrences.map((o) => ({ ...o, ref: item.ref })));
      expanded.warnings.push(...parsed.warnings.map((w) => `${item.ref}: ${w}`));
    } catch (error) {
      expanded.warnings.push(`${item.ref} skipped: ${(error as Error).message}`);
    }
  }
  expanded.occurrences.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return expanded;
}
