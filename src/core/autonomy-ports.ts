import { z } from 'zod';
import type { TToolPerson } from './connector-port.js';
import type { TKey, TPlatform } from './identity.js';

// The stores behind autonomy: what the bot remembers about meetings, tasks, deals and threads so that detectors
// can notice what changed, and the claim rows that make scheduled work run once.

export const ZPartStat = z.enum(['accepted', 'declined', 'tentative', 'needs-action', 'delegated']);
export const ZAttendee = z.object({ name: z.string(), email: z.string().optional(), partstat: ZPartStat });
export type TAttendee = z.infer<typeof ZAttendee>;

/** One occurrence of a meeting as a feed describes it (a recurring series yields one per date). */
export type TOccurrence = {
  key: string;
  uid: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  recurring: boolean;
  status: 'confirmed' | 'tentative' | 'cancelled';
  organizer?: string;
  attendees: TAttendee[];
  /** Changes when anything above changes: the poller compares it to tell "changed" from "unchanged". */
  hash: string;
  /** The calendar object or event it was read from, for a calendar Teammate can change (a CalDAV href, an event id). */
  ref?: string;
};
/** `skipped`: the bot called this occurrence off (cancel_occurrence). */
export type TStoredOccurrence = TOccurrence & { feedId: number; skipped: boolean };

export type TFeed = {
  id: number;
  platform: TPlatform;
  channel: TKey;
  url: string;
  /** `chat` feeds were added with /teammate calendar add; `config` ones come from TEAMMATE_CALENDARS. */
  origin: 'chat' | 'config';
  /** A person's key, or `configuration`. */
  addedBy: string;
  etag?: string;
  lastModified?: string;
  checkedAt?: Date;
  okAt?: Date;
  nextCheckAt: Date;
  failures: number;
  lastError?: string;
  warnings: string[];
  /** For calendars read through an API: where the next incremental read starts, and when the last full one was. */
  syncToken?: string;
  fullSyncAt?: Date;
  /** The calendar's own name, as its server gives it. */
  label?: string;
};
export type TFetchRecord = Pick<TFeed, 'etag' | 'lastModified' | 'okAt' | 'nextCheckAt' | 'failures' | 'lastError'> & {
  checkedAt: Date;
  warnings?: string[];
  /** Only given by a read through an API: `null` forgets the token (the next read is a full one). */
  syncToken?: string | null;
  fullSyncAt?: Date;
  label?: string;
};

/** One object of a calendar read through an API, as its server last gave it (iCalendar text or an event's JSON). */
export type TCalendarItem = { ref: string; etag?: string; data: string };
/** What one read of such a calendar brought: everything (full), or what changed since the last token. */
export type TCalendarDelta = { full: boolean; items: TCalendarItem[]; removed: string[] };

export type CalendarStore = {
  addFeed(feed: Pick<TFeed, 'channel' | 'url' | 'origin' | 'addedBy'>, at: Date): Promise<TFeed>;
  removeFeed(id: number): Promise<boolean>;
  feeds(filter?: { channel: TKey }): Promise<TFeed[]>;
  recordFetch(id: number, record: TFetchRecord): Promise<void>;
  /** Stored occurrences of a feed starting in [from, to). */
  occurrences(feedId: number, from: Date, to: Date): Promise<TStoredOccurrence[]>;
  /** Inserts or replaces occurrences (matched by key) and marks the given keys cancelled. */
  save(feedId: number, upserts: readonly TOccurrence[], cancelled: readonly string[], at: Date): Promise<void>;
  /** Occurrences starting in [from, to) not announced as starting soon yet; marks them announced. */
  claimStartingSoon(from: Date, to: Date): Promise<TStoredOccurrence[]>;
  /** Occurrences of the feeds of a channel starting in [from, to), in order. */
  meetings(channel: TKey, from: Date, to: Date): Promise<TStoredOccurrence[]>;
  /** The bot called an occurrence off (true) or an undo restored it (false). */
  markSkipped(feedId: number, key: string, skipped: boolean): Promise<void>;
  feed(id: number): Promise<TFeed | undefined>;
  occurrence(feedId: number, key: string): Promise<TStoredOccurrence | undefined>;
  /** The objects last read from a calendar read through an API. */
  items(feedId: number): Promise<TCalendarItem[]>;
  /** Applies one read: a full one replaces every object, an incremental one changes and removes some. */
  saveItems(feedId: number, delta: TCalendarDelta): Promise<void>;
};

export type TTask = {
  id: number;
  source: string;
  externalId: string;
  platform: TPlatform;
  channel: TKey;
  title: string;
  /** The person in chat the task is with (for a tracker's task: its first assignee who is linked to someone). */
  assignee?: TKey;
  /** A tracker's own assignees, linked to someone in chat or not (absent for Teammate's own task format). */
  toolAssignees?: TToolPerson[];
  /** The GitHub milestone (`owner/repo/milestones/3`) whose due date the task has. */
  milestone?: string;
  labels?: string[];
  dueAt?: Date;
  status: 'open' | 'done';
  url?: string;
  misses: number;
  createdAt: Date;
};

export type TaskStore = {
  /** Applies a tracker's view of a task: fields left undefined keep their values, null clears assignee or due. */
  apply(
    task: { source: string; externalId: string; channel: TKey } & Partial<
      Pick<TTask, 'title' | 'status' | 'url' | 'toolAssignees' | 'labels'>
    > & {
        assignee?: TKey | null;
        dueAt?: Date | null;
        milestone?: string | null;
      },
    at: Date,
  ): Promise<TTask>;
  /** Gives the open tasks of a milestone its new due date (null: it has none any more). */
  redateMilestone(source: string, milestone: string, dueAt: Date | null, at: Date): Promise<void>;
  /** The open tasks of a milestone (none when `milestone` names no milestone). */
  inMilestone(source: string, milestone: string): Promise<TTask[]>;
  /** Open tasks of a source with a tracker assignee nobody in chat was linked to yet. */
  unlinked(source: string): Promise<TTask[]>;
  get(source: string, externalId: string): Promise<TTask | undefined>;
  open(channel: TKey): Promise<TTask[]>;
  /** Open tasks past their due date whose current due date has not been counted as missed yet. */
  newlyOverdue(before: Date, limit: number): Promise<TTask[]>;
  /** Counts the miss of this due date once; returns the task's misses, or undefined if already counted. */
  countMiss(id: number, dueAt: Date): Promise<number | undefined>;
  /** Sets the assignee only if it is still `from`; false otherwise. */
  reassign(
    source: string,
    externalId: string,
    from: TKey | undefined,
    to: TKey | undefined,
    at: Date,
  ): Promise<boolean>;
  /** The channels that have open tasks. */
  channels(): Promise<TKey[]>;
  /** Tasks that reached done since `since`, in a channel. */
  doneSince(channel: TKey, since: Date): Promise<TTask[]>;
};

export type TDeal = {
  id: number;
  source: string;
  externalId: string;
  platform: TPlatform;
  channel: TKey;
  name: string;
  stage: string;
  owner?: TKey;
  /** The CRM's own owner id (for the tasks Teammate creates there). */
  toolOwner?: string;
  value?: string;
  url?: string;
  closed: boolean;
  lastActivityAt: Date;
};

export type DealStore = {
  apply(deal: Omit<TDeal, 'id' | 'platform'>, at: Date): Promise<TDeal>;
  get(source: string, externalId: string): Promise<TDeal | undefined>;
  /** Open deals with no activity since `before` that nobody was nudged about for that activity yet. */
  quiet(before: Date, limit: number): Promise<TDeal[]>;
  /** Claims the nudge for this quiet spell; false if another process did. */
  markNudged(id: number, lastActivityAt: Date): Promise<boolean>;
  /** Open deals whose CRM owner is `toolOwner` and that have no owner in chat get `person`; returns how many. */
  linkOwner(source: string, toolOwner: string, person: TKey, at: Date): Promise<number>;
};

export type TThread = {
  id: number;
  platform: TPlatform;
  channel: TKey;
  /** The id of the thread's first message. */
  root: string;
  starter: TKey;
  text: string;
  replies: number;
  participants: TKey[];
  startedAt: Date;
  lastAt: Date;
  lastUser: TKey;
  lastText: string;
  resolved: boolean;
};

export type ThreadStore = {
  /** A message in a thread (or one that starts it): counts it and remembers who spoke last. */
  touch(message: { channel: TKey; thread: string; user: TKey; text: string; at: Date; reply: boolean }): Promise<void>;
  resolve(channel: TKey, thread: string): Promise<void>;
  get(channel: TKey, thread: string): Promise<TThread | undefined>;
  /** Unresolved threads with at least `minReplies` replies, silent since `before`, not nudged for that silence. */
  quiet(before: Date, minReplies: number, limit: number): Promise<TThread[]>;
  markNudged(id: number, lastAt: Date): Promise<boolean>;
  busiest(channel: TKey, since: Date, limit: number): Promise<TThread[]>;
  recordDecision(decision: { channel: TKey; messageId: string; user: TKey; text: string; at: Date }): Promise<void>;
  decisions(channel: TKey, since: Date): Promise<{ user: TKey; text: string; messageId: string; at: Date }[]>;
};

export type TJobClaim = 'claimed' | 'taken' | 'skipped';

/** One row per (job, slot): the database refuses a second claim, so a slot runs once across processes. */
export type JobRunStore = {
  /**
   * Claims the slot. `skipped` (recorded too) when an earlier slot of the job is still running within `leaseMs`;
   * `taken` when another process claimed this slot first.
   */
  claim(job: string, slot: Date, owner: string, at: Date, leaseMs: number): Promise<TJobClaim>;
  finish(job: string, slot: Date, status: 'done' | 'failed', at: Date, error?: string): Promise<void>;
  /** The most recent slot recorded for the job. */
  latest(job: string): Promise<{ slot: Date; status: string; owner: string } | undefined>;
};

export type TRoundupSchedule = { channel: TKey; schedule: string; setBy: TKey; setAt: Date };

export type RoundupStore = {
  set(schedule: TRoundupSchedule): Promise<void>;
  remove(channel: TKey): Promise<boolean>;
  all(): Promise<TRoundupSchedule[]>;
};
