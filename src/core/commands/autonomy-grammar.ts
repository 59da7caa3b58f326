import { WORKSPACE, ZRunMode } from '../channel-settings.js';
import { allDetectors } from '../detectors/all-detectors.js';
import { parseDuration } from '../duration.js';
import { parseQuietHours } from '../quiet-hours.js';
import { weeklyCron } from '../schedule-rule.js';
import type { TCommand, TParsed } from './grammar.js';
import { channelKey, takeChannel, userKey } from './references.js';
import { type TUsageKey, usage } from './usage.js';

const fail = (key: TUsageKey, error: string): TParsed => ({ ok: false, error, usage: usage[key] });
const ok = (command: TCommand): TParsed => ({ ok: true, command });

/** "in #channel", "in here" or "workspace" among the words; the current channel when neither is there. */
export function takeTarget(
  words: readonly string[],
  current: string,
  allowWorkspace: boolean,
): { words: string[]; target: string } | { error: string } {
  const rest = [...words];
  const ws = rest.indexOf('workspace');
  if (ws !== -1) {
    if (!allowWorkspace) return { error: 'this applies to one channel; use "in #channel"' };
    rest.splice(ws, 1);
    return { words: rest, target: WORKSPACE };
  }
  const scoped = takeChannel(rest, current);
  return scoped.error ? { error: scoped.error } : { words: scoped.words, target: scoped.channel ?? current };
}

function parseCalendar(words: string[], current: string): TParsed {
  const [, sub, ...rest] = words;
  switch (sub) {
    case undefined:
    case 'list':
      return ok({ name: 'calendar list' });
    case 'add': {
      const [source, where, extra] = rest;
      const channel = where ? channelKey(where, current) : current;
      if (!source || !channel || extra !== undefined)
        return fail(
          'calendar',
          'give the calendar (a feed URL, caldav:…, google:… or m365:…) and, if not here, a #channel',
        );
      return ok({ name: 'calendar add', url: source, channel });
    }
    case 'remove': {
      const id = Number((rest[0] ?? '').replace(/^#/, ''));
      return Number.isInteger(id) && id > 0 && rest.length === 1
        ? ok({ name: 'calendar remove', feedId: id })
        : fail('calendar', 'give the feed number from `/teammate calendar list`');
    }
    default:
      return fail('calendar', `unknown calendar command "${sub}"; use add, list or remove`);
  }
}

function parseRoundup(words: string[], current: string): TParsed {
  const scoped = takeTarget(words.slice(1), current, false);
  if ('error' in scoped) return fail('roundup', scoped.error);
  const [sub, ...rest] = scoped.words;
  const channel = scoped.target;
  if (sub === undefined) return ok({ name: 'roundup show', channel });
  if ((sub === 'now' || sub === 'off') && rest.length === 0) return ok({ name: `roundup ${sub}`, channel });
  if (sub === 'schedule') {
    const when = rest.join(' ');
    const cron = weeklyCron(when);
    return cron
      ? ok({ name: 'roundup schedule', channel, cron, text: when })
      : fail('roundup', `"${when}" is not a weekly time; write it like "fri 16:00"`);
  }
  return fail('roundup', `unknown roundup command "${sub}"; use schedule, now or off`);
}

function parseDetector(words: string[], current: string): TParsed {
  const scoped = takeTarget(words.slice(1), current, true);
  if ('error' in scoped) return fail('detector', scoped.error);
  const [name, action, ...pairs] = scoped.words;
  const detector = allDetectors.find((d) => d.name === name);
  if (!detector)
    return fail('detector', `unknown detector "${name ?? ''}"; they are ${allDetectors.map((d) => d.name).join(', ')}`);
  if ((action === 'on' || action === 'off') && pairs.length === 0) {
    return ok({
      name: 'detector',
      detector: detector.name,
      target: scoped.target,
      values: { enabled: action === 'on' },
    });
  }
  if (action !== 'set' || pairs.length === 0) return fail('detector', 'use on, off or set <option>=<value>');
  const values: Record<string, number> = {};
  for (const pair of pairs) {
    const [key = '', raw = ''] = pair.split('=');
    const option = detector.options?.find((o) => o.key === key);
    if (!option) {
      const known = detector.options?.map((o) => o.key).join(', ');
      return fail(
        'detector',
        known
          ? `${detector.name} has no option "${key}"; its options are ${known}`
          : `${detector.name} has no option "${key}": it can only be turned on or off`,
      );
    }
    const value = option.kind === 'duration' ? parseDuration(raw) : Number(raw);
    const valid =
      value !== undefined &&
      Number.isFinite(value) &&
      value > 0 &&
      (option.kind !== 'count' || Number.isInteger(value)) &&
      (option.kind !== 'ratio' || value <= 100);
    if (!valid) {
      const expected = {
        duration: 'a duration such as 2d or 12h',
        count: 'a whole number',
        ratio: 'a number such as 0.5',
      }[option.kind];
      return fail('detector', `${key} must be ${expected} (got "${raw}")`);
    }
    values[key] = value;
  }
  return ok({ name: 'detector', detector: detector.name, target: scoped.target, values });
}

/** The commands that give the bot its autonomy: calendars, roundups, shadow mode, detectors, quiet hours. */
export function parseAutonomyCommand(head: string, words: string[], current: string): TParsed | undefined {
  switch (head) {
    case 'calendar':
      return parseCalendar(words, current);
    case 'roundup':
      return parseRoundup(words, current);
    case 'detector':
      return parseDetector(words, current);
    case 'detectors': {
      const scoped = takeTarget(words.slice(1), current, true);
      if ('error' in scoped || scoped.words.length > 0)
        return fail('detectors', 'use /teammate detectors [in #channel]');
      return ok({ name: 'detectors', target: scoped.target });
    }
    case 'mode': {
      const scoped = takeTarget(words.slice(1), current, true);
      if ('error' in scoped) return fail('mode', scoped.error);
      const [mode, extra] = scoped.words;
      if (mode === undefined) return ok({ name: 'mode', target: scoped.target });
      const parsed = ZRunMode.safeParse(mode);
      return parsed.success && extra === undefined
        ? ok({ name: 'mode', target: scoped.target, mode: parsed.data })
        : fail('mode', 'the mode is shadow or live');
    }
    case 'report': {
      const scoped = takeTarget(words.slice(1), current, true);
      if ('error' in scoped || scoped.words.length > 0)
        return fail('report', 'use /teammate report [in #channel | workspace]');
      return ok({ name: 'report', target: scoped.target });
    }
    case 'quiet': {
      const scoped = takeTarget(words.slice(1), current, true);
      if ('error' in scoped) return fail('quiet', scoped.error);
      const [hours, extra] = scoped.words;
      if (hours === undefined) return ok({ name: 'quiet', target: scoped.target });
      if (extra !== undefined || (hours !== 'off' && !parseQuietHours(hours)))
        return fail('quiet', 'write quiet hours like 20:00-08:00, or off');
      return ok({ name: 'quiet', target: scoped.target, hours: hours === 'off' ? null : hours });
    }
    case 'lead': {
      const scoped = takeTarget(words.slice(1), current, true);
      if ('error' in scoped) return fail('lead', scoped.error);
      const [who, extra] = scoped.words;
      if (who === undefined) return ok({ name: 'lead', target: scoped.target });
      const user = who === 'off' ? null : userKey(who, current);
      if (user === undefined || extra !== undefined) return fail('lead', 'name one person, e.g. @dana, or off');
      return ok({ name: 'lead', target: scoped.target, user });
    }
    default:
      return undefined;
  }
}
