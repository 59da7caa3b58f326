import cronParser from 'cron-parser';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** "fri 16:00", "monday 9:30" → a cron rule (minute hour * * weekday); undefined when it is not one. */
export function weeklyCron(text: string): string | undefined {
  const match = /^\s*([a-z]{3})[a-z]*\s+([01]?\d|2[0-3]):([0-5]\d)\s*$/i.exec(text);
  const day = match ? DAYS.indexOf(match[1]?.toLowerCase() as (typeof DAYS)[number]) : -1;
  if (!match || day === -1) return undefined;
  return `${Number(match[3])} ${Number(match[2])} * * ${day}`;
}

/** The same schedule in words, as people typed it: "fri 16:00". */
export function describeWeekly(cron: string): string {
  const [minute, hour, , , day] = cron.split(' ');
  return `${DAYS[Number(day)]} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/**
 * The latest slot of `cron` at or before `now`, in `timeZone`. cron-parser computes wall-clock times in the zone,
 * so a 16:00 slot stays at 16:00 local across DST changes.
 */
export function previousSlot(cron: string, timeZone: string, now: Date): Date {
  // Asking from one millisecond later makes a slot exactly at `now` count as passed.
  const expression = cronParser.parseExpression(cron, { currentDate: new Date(now.getTime() + 1), tz: timeZone });
  return expression.prev().toDate();
}

export function nextSlot(cron: string, timeZone: string, after: Date): Date {
  return cronParser.parseExpression(cron, { currentDate: after, tz: timeZone }).next().toDate();
}
