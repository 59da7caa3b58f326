import type { AgentStore } from './agents/agent.js';
import type { CalendarStore, DealStore, JobRunStore, RoundupStore, TaskStore, ThreadStore } from './autonomy-ports.js';
import type { LlmUsageStore } from './brain/usage-port.js';
import type { TChannelSettings, TChannelSettingsPatch, TDetectorOverrides, WORKSPACE } from './channel-settings.js';
import type { PeopleStore } from './connector-port.js';
import type { TKey, TPlatform } from './identity.js';
import type { TLedgerEntry, TLedgerEvent, TVote } from './ledger-entry.js';
import type { TStatus, TUndoStatus } from './lifecycle.js';
import type { TMessageRef } from './message-ref.js';
import type { TPolicyChange, TPolicyRule, TScope, TStoredRule } from './policy/policy-rule.js';
import type { TSignal } from './signal.js';
import type { TDoc } from './text/rich-text.js';

export type TNewEntry = Omit<TLedgerEntry, 'id' | 'createdAt' | 'updatedAt'>;
/** The fields a transition may change. */
export type TEntryPatch = Partial<
  Pick<
    TLedgerEntry,
    | 'status'
    | 'approvers'
    | 'expiresAt'
    | 'escalated'
    | 'decidedBy'
    | 'decidedAt'
    | 'executedAt'
    | 'leaseUntil'
    | 'result'
    | 'undoHandle'
    | 'undoStatus'
    | 'undoneBy'
    | 'undoneAt'
    | 'error'
    | 'reason'
  >
>;
/**
 * A transition only happens while the entry is still in one of these states (a conditional update). A move to a
 * new status names exactly the one status it leaves, which must lead there in the lifecycle.
 */
export type TEntryGuard = {
  status?: readonly TStatus[];
  undoStatus?: readonly TUndoStatus[];
  escalated?: boolean;
  /** Only while the lease ran out before this time (one process takes over an interrupted run). */
  leaseBefore?: Date;
};
export type TEventInput = { actor: string; to?: string; note?: string };

/** The ledger. Every write records its history event in the same transaction. */
export type LedgerStore = {
  /** Inserts the entry with its first history events, or returns the existing one with the same dedupe key. */
  create(entry: TNewEntry, events: TEventInput[], at: Date): Promise<{ entry: TLedgerEntry; created: boolean }>;
  get(id: number): Promise<TLedgerEntry | undefined>;
  /** Applies `patch` only if the guard still holds; returns the updated entry, or undefined if someone got there first. */
  transition(
    id: number,
    guard: TEntryGuard,
    patch: TEntryPatch,
    event: TEventInput,
    at: Date,
  ): Promise<TLedgerEntry | undefined>;
  events(id: number): Promise<TLedgerEvent[]>;
  /** False when this user already voted on the entry. */
  addVote(id: number, vote: TVote): Promise<boolean>;
  votes(id: number): Promise<TVote[]>;
  addCard(id: number, ref: TMessageRef): Promise<void>;
  cards(id: number): Promise<TMessageRef[]>;
  /** Entries discussed in, shown in, or that produced, the given thread; newest first. */
  inThread(channel: TKey, thread: string): Promise<TLedgerEntry[]>;
  pendingExpiringBefore(at: Date): Promise<TLedgerEntry[]>;
  /**
   * Pending entries (or entries in `statuses`) whose dedupe key is `key`, or starts with `prefix` (a detector's
   * proposals about one thing; an agent's open permission prompt for one command).
   */
  pendingByKey(match: { key: string } | { prefix: string }, statuses?: readonly TStatus[]): Promise<TLedgerEntry[]>;
  /** Approved but never claimed (a crash between approval and execution); agents' requests wait for the agent. */
  approvedUnclaimed(): Promise<TLedgerEntry[]>;
  /** Executing or undoing with a lease that ran out before `at` (a crash in the middle of running or undoing). */
  leaseExpired(at: Date): Promise<TLedgerEntry[]>;
  countAutoRuns(ruleKey: string, since: Date): Promise<number>;
  recent(filter: { limit: number; status?: readonly TStatus[]; channel?: TKey; since?: Date }): Promise<TLedgerEntry[]>;
  /** Human decisions per action kind since `since`: approvals vs rejections. */
  approvalStats(since: Date): Promise<{ kind: string; approved: number; rejected: number; expired: number }[]>;
};

export type PolicyStore = {
  list(): Promise<TStoredRule[]>;
  /** Inserts or replaces the row for (scope, kind) and records the change; returns the row it replaced. */
  upsert(rule: TPolicyRule, actor: string, source: TPolicyChange['source'], at: Date): Promise<TPolicyRule | undefined>;
  remove(
    scope: TScope,
    kind: string,
    actor: string,
    source: TPolicyChange['source'],
    at: Date,
  ): Promise<TPolicyRule | undefined>;
  /** Makes the table exactly `rules`, recording one change per row added, changed or removed. */
  replaceAll(rules: TPolicyRule[], actor: string, source: TPolicyChange['source'], at: Date): Promise<TPolicyChange[]>;
  history(limit: number): Promise<TPolicyChange[]>;
};

/** Admins granted in chat, approver groups and per-channel settings. */
export type DirectoryStore = {
  grantedAdmins(): Promise<TKey[]>;
  grantAdmin(user: TKey, by: TKey, at: Date): Promise<boolean>;
  revokeAdmin(user: TKey): Promise<boolean>;
  groups(): Promise<{ name: string; members: TKey[] }[]>;
  setGroup(name: string, members: TKey[], by: TKey, at: Date): Promise<void>;
  removeGroup(name: string): Promise<boolean>;
  /** A channel's own settings (WORKSPACE for the workspace-wide row); empty when nothing was set. */
  channelSettings(channel: TKey | typeof WORKSPACE): Promise<TChannelSettings>;
  /** The detector overrides of every row that has some (a detector's shortest delay anywhere). */
  allDetectorOverrides(): Promise<TDetectorOverrides[]>;
  updateChannelSettings(
    channel: TKey | typeof WORKSPACE,
    patch: TChannelSettingsPatch,
    by: TKey,
    at: Date,
  ): Promise<void>;
};

export type TOpenQuestion = {
  id: number;
  channel: TKey;
  messageId: string;
  user: TKey;
  text: string;
  askedAt: Date;
};

/** The unanswered-question detector's memory. */
export type QuestionStore = {
  track(question: Omit<TOpenQuestion, 'id'>): Promise<void>;
  /** A reply by someone other than the asker answers the question; true when it is answered (now or before). */
  markAnswered(channel: TKey, messageId: string, by: TKey, at: Date): Promise<boolean>;
  /**
   * Unanswered questions on these platforms asked before `askedBefore` that no proposal has been made for yet, in
   * the order they were tracked; `afterId` pages on from the last one seen.
   */
  due(askedBefore: Date, platforms: readonly TPlatform[], limit: number, afterId?: number): Promise<TOpenQuestion[]>;
  /** Answered questions of a channel, newest first (to name who answered similar ones). */
  answered(channel: TKey, limit: number): Promise<{ text: string; user: TKey; answeredBy: TKey }[]>;
  /** Unanswered questions of a channel asked since `since`. */
  open(channel: TKey, since: Date): Promise<TOpenQuestion[]>;
  /** Claims the question for one proposal; false if another process already did. */
  markProposed(id: number, at: Date): Promise<boolean>;
  /** The message was deleted: stop watching it. */
  forget(channel: TKey, messageId: string): Promise<void>;
};

/** A delivery the inbox gave up on after its attempts, kept with the error until an admin retries it. */
export type TFailedDelivery = { key: string; platform: string; error: string; attempts: number; failedAt: Date };

/**
 * The durable inbox: every inbound signal is stored under its deterministic id before it is acknowledged, then
 * claimed (with a lease) and processed. A second delivery of the same id is refused by the database.
 */
export type InboxStore = {
  /** True when the signal is new; false when its id was received before. */
  enqueue(signal: TSignal, at: Date): Promise<boolean>;
  /** Claims up to `limit` signals, oldest first: queued ones, and ones whose earlier claim lapsed. */
  claim(limit: number, leaseUntil: Date, at: Date): Promise<{ key: string; signal: TSignal; attempts: number }[]>;
  /** Marks processed signals done (a batch at a time). */
  complete(keys: readonly string[], at: Date): Promise<void>;
  /** Records a failure; the signal is tried again after `retryAt`, or given up when that is undefined. */
  fail(key: string, error: string, retryAt: Date | undefined, at: Date): Promise<void>;
  /** Forgets processed signals received before `before`; returns how many. */
  prune(before: Date): Promise<number>;
  /** Deliveries given up on (the dead letters), most recent first, and how many there are in all. */
  failed(limit: number): Promise<{ rows: TFailedDelivery[]; total: number }>;
  /** Queues given-up deliveries again, with fresh attempts (every one for 'all'); returns how many. */
  retry(keys: readonly string[] | 'all'): Promise<number>;
};

/**
 * What a platform's adapter remembers to reach conversations and people later (a Teams conversation reference,
 * the Teams id behind an AAD object id). The data is the adapter's own: it is handed back as parsed JSON, and the
 * adapter checks it with its own schema.
 */
export type AddressStore = {
  get(platform: string, kind: string, key: string): Promise<unknown>;
  put(platform: string, kind: string, key: string, data: unknown, at: Date): Promise<void>;
};

/** A message Teammate will post itself at a time (for platforms that cannot schedule messages). */
export type TScheduledMessage = {
  id: number;
  platform: string;
  channel: TKey;
  thread?: string;
  body: TDoc;
  postAt: Date;
};

export type ScheduledMessageStore = {
  add(message: Omit<TScheduledMessage, 'id'>, at: Date): Promise<number>;
  /** Cancels a pending message; false when it is posted, being posted, or gone. */
  cancel(id: number, at: Date): Promise<boolean>;
  /** Claims the pending messages due by `now` (pending → posting, one winner per row across replicas). */
  claimDue(now: Date, limit: number): Promise<TScheduledMessage[]>;
  settle(id: number, outcome: { messageId: string } | { error: string }, at: Date): Promise<void>;
  /**
   * Settles as failed the messages claimed before `before` and never settled (the process stopped while posting):
   * they may or may not have been posted, and are never posted again. Returns how many.
   */
  abandon(before: Date, at: Date): Promise<number>;
};

export type Stores = {
  ledger: LedgerStore;
  policy: PolicyStore;
  directory: DirectoryStore;
  questions: QuestionStore;
  inbox: InboxStore;
  calendar: CalendarStore;
  tasks: TaskStore;
  deals: DealStore;
  people: PeopleStore;
  threads: ThreadStore;
  jobs: JobRunStore;
  roundups: RoundupStore;
  llm: LlmUsageStore;
  addresses: AddressStore;
  scheduled: ScheduledMessageStore;
  agents: AgentStore;
};
