import { summarize } from '../brain/write.js';
import type { ChatPort } from '../chat-port.js';
import type { CoreDeps } from '../deps.js';
import type { TKey, TPlatform } from '../identity.js';
import { shortId } from '../ledger-entry.js';
import { formatTime, plural } from '../present/format.js';
import { approvalRates, canLoosen } from '../present/status.js';
import { startOfLocalDay } from '../quiet-hours.js';
import {
  bold,
  channelRef,
  code,
  doc,
  italic,
  list,
  messageLink,
  paragraph,
  person,
  quoted,
  rich,
  text,
} from '../text/build.js';
import type { TDoc, TRich } from '../text/rich-text.js';

const DAY = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The Monday after next, at local midnight: a roundup lists meetings up to then. */
export function endOfNextWeek(now: Date, timeZone: string): Date {
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(now);
  const daysToMonday = 7 - WEEKDAYS.indexOf(weekday);
  return startOfLocalDay(new Date(now.getTime() + (daysToMonday + 7) * DAY), timeZone);
}

/**
 * The week in a channel, from the bot's records: busiest threads, decisions, open questions, next week's
 * meetings, and the bot's own work (actions, approvals pending and expired, undos, approval rates and the gates
 * that could be loosened). Extractive, so it needs no LLM. What people wrote is quoted, never re-posted as theirs.
 */
export async function buildRoundup(
  deps: CoreDeps,
  chat: ChatPort,
  input: { platform: TPlatform; channel: TKey; week: string; now: Date; timeZone: string },
): Promise<TDoc> {
  const { platform, channel, now, timeZone } = input;
  const since = new Date(now.getTime() - 7 * DAY);
  const { threads, questions, calendar, ledger } = deps.stores;
  const [busy, decisions, open, meetings, entries, stats] = await Promise.all([
    threads.busiest(channel, since, 5),
    threads.decisions(channel, since),
    questions.open(channel, new Date(now.getTime() - 30 * DAY)),
    calendar.meetings(channel, now, endOfNextWeek(now, timeZone)),
    ledger.recent({ limit: 500, channel, since }),
    ledger.approvalStats(new Date(now.getTime() - 30 * DAY)),
  ]);
  const body: TDoc = doc(rich`${bold('Weekly roundup for ')}${channelRef(channel)}${bold(`: ${input.week}`)}`);
  // The model reads people by key; what it writes back is shown as plain text.
  const key = (user: string) => `@${user}`;
  const summary = await summarize(deps, chat, {
    platform,
    channel,
    purpose: 'roundup',
    instruction:
      'Summarise the week of this team channel in at most four sentences for a weekly roundup: what was discussed, what was decided, what is still open, what meetings come next.',
    items: [
      ...busy.map(
        (t) =>
          `Thread started by ${key(t.starter)}: ${t.text || t.lastText} (${t.replies} replies; last, ${key(t.lastUser)}: ${t.lastText})`,
      ),
      ...decisions.map((d) => `Decision by ${key(d.user)}: ${d.text}`),
      ...open.map((q) => `Open question from ${key(q.user)}: ${q.text}`),
      ...meetings.filter((m) => m.status !== 'cancelled').map((m) => `Meeting next: ${m.title}`),
    ],
  });
  if (summary)
    body.push(
      ...doc(rich`${bold('In short')} (written by ${deps.brain?.llm.model ?? 'the language model'})`, [text(summary)]),
    );
  const section = (title: string, items: TRich[], empty: string) => {
    body.push(...doc([bold(title)]), items.length > 0 ? list(items) : paragraph([italic(empty)]));
  };
  section(
    'Busiest threads',
    busy.map((t) => {
      const said = quoted(t.text || t.lastText, 90);
      const thread = messageLink({ platform, conversation: channel, id: t.root }, 'thread');
      const people = `${t.participants.length} ${t.participants.length === 1 ? 'person' : 'people'}`;
      return rich`${said} (${thread}): ${t.replies} ${t.replies === 1 ? 'reply' : 'replies'}, ${people}${t.resolved ? ', resolved' : ''}`;
    }),
    'no threads this week',
  );
  section(
    'Decisions',
    decisions.map((d) => rich`${person(d.user)}: ${quoted(d.text, 140)}`),
    'none recorded (start a message with "Decision:" to have it listed)',
  );
  section(
    'Open questions',
    open
      .slice(0, 10)
      .map(
        (q) => rich`${person(q.user)} asked ${quoted(q.text, 100)} on ${formatTime(q.askedAt, timeZone).slice(0, 10)}`,
      ),
    'none',
  );
  section(
    'Meetings until the end of next week',
    meetings
      .filter((m) => m.status !== 'cancelled')
      .slice(0, 15)
      .map(
        (m) =>
          rich`${formatTime(m.startsAt, timeZone)} ${quoted(m.title, 120)}${m.skipped ? ' (cancelled by Teammate: async update instead)' : ''}`,
      ),
    'none on the calendars of this channel',
  );
  const by = (status: string) => entries.filter((e) => e.status === status);
  const executed = [...by('executed'), ...by('undone')];
  const kinds = new Map<string, number>();
  for (const e of executed) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
  const pending = by('pending');
  const work: TRich[] = [
    rich`${plural(executed.length, 'action')} taken${kinds.size > 0 ? ` (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
    rich`${pending.length} waiting for approval${pending.length > 0 ? `: ${pending.map((e) => shortId(e.id)).join(', ')}` : ''}`,
    rich`${by('expired').length} expired without a decision, ${by('rejected').length} rejected, ${by('undone').length} undone`,
  ];
  if (by('shadowed').length > 0)
    work.push(rich`${by('shadowed').length} recorded in shadow mode (see ${code('/teammate report')})`);
  section('What I did this week', work, '');
  body.push(...approvalRates(stats));
  for (const s of stats.filter(canLoosen))
    body.push(
      ...doc(rich`To let ${s.kind} run without asking here: ${code(`/teammate policy set ${s.kind} auto in here`)}`),
    );
  return body;
}
