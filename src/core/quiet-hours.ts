// Quiet hours such as "22:00-08:00", evaluated in a channel's IANA time zone. A window may wrap past midnight.
export type TQuietHours = { from: number; to: number }; // minutes after local midnight

const clock = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function parseQuietHours(text: string): TQuietHours | undefined {
  const [from, to, extra] = text.split('-').map((part) => clock.exec(part.trim()));
  if (!from || !to || extra !== undefined) return undefined;
  const minutes = (m: RegExpExecArray) => Number(m[1]) * 60 + Number(m[2]);
  const window = { from: minutes(from), to: minutes(to) };
  return window.from === window.to ? undefined : window;
}

export function formatQuietHours(window: TQuietHours): string {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(window.from)}-${hhmm(window.to)}`;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function localTime(at: Date, timeZone: string): { hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** Minutes after local midnight of `at` in `timeZone`. */
export function localMinutes(at: Date, timeZone: string): number {
  const { hour, minute } = localTime(at, timeZone);
  return hour * 60 + minute;
}

export function isQuiet(at: Date, window: TQuietHours, timeZone: string): boolean {
  const now = localMinutes(at, timeZone);
  return window.from < window.to ? now >= window.from && now < window.to : now >= window.from || now < window.to;
}

/**
 * When today began in `timeZone` (for daily caps). On a day with a DST change this is off by the shift, which
 * moves the cap's reset by an hour twice a year; that is acceptable for a cap.
 */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const { hour, minute, second } = localTime(at, timeZone);
  return new Date(at.getTime() - ((hour * 60 + minute) * 60 + second) * 1000 - at.getMilliseconds());
}
