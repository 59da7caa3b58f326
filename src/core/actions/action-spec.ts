import { z } from 'zod';
import type { TNotify } from '../calendar-connector.js';
import type { TCapability } from '../capabilities.js';
import type { ChatPort, TChatTarget } from '../chat-port.js';
import type { Connectors } from '../connector-port.js';
import { AppError, AppErrorCode } from '../errors.js';
import { ZKey } from '../identity.js';
import type { TActionResult } from '../ledger-entry.js';
import type { TMessageRef } from '../message-ref.js';
import { ZMessageId } from '../signal.js';
import type { Stores } from '../store-ports.js';
import { doc, quoted, text } from '../text/build.js';
import { plainText } from '../text/plain.js';
import { type TDoc, type TInline, type TRich, ZDoc } from '../text/rich-text.js';
import { formatIssues } from '../zod-issues.js';

export type TRisk = 'low' | 'medium' | 'high';
/**
 * What an action may touch: the chat, the bot's own records of tasks and meetings and who is who across tools
 * (never the ledger), and the tools where the work lives (the connectors that are configured).
 */
export type ActionIO = {
  chat: ChatPort;
  now: Date;
  stores: Pick<Stores, 'tasks' | 'calendar' | 'people'>;
  connectors: Connectors;
  /** The ledger entry being carried out: the messages the action posts carry it (TOutbound.entryId). */
  entryId?: number;
  /** On undo: when the action was carried out (what changed since is someone else's). */
  executedAt?: Date;
  /** On undo: who asked for it. */
  undoneBy?: string;
  /** The entry's kind as recorded (an agent's request: `agent:build-bot:deploy`). */
  kind?: string;
  /** Whom a change to a calendar tells, as the policy row that let the action through says (unset: everyone). */
  notify?: TNotify;
};
/** What a run returns: the result for humans and exactly what undo needs. */
export type TReceipt = { result: TActionResult; undo: unknown };
/** What looking for an interrupted run's effect found, when it found no receipt. */
export type TRecovery = 'not-done' | 'unknown';

type Definition<P, H> = {
  kind: string;
  title: string;
  risk: TRisk;
  reversible: boolean;
  /**
   * For a kind that is reversible in general: why this one cannot be undone (a calendar that cannot restore what
   * was cancelled), or undefined. Such an action always needs approval, and its card says so before anyone decides.
   */
  irreversible?(params: P): string | undefined;
  /** What the platform must be able to do; a platform without it refuses the proposal when it is made. */
  requires?: readonly TCapability[];
  /**
   * Carried out by whoever asked (an agent), not by Teammate: approval hands it back to them, the entry stays
   * `approved` until they report the outcome, and nothing here ever runs it (`run` is never called).
   */
  external?: boolean;
  /** The one schema for this kind: it validates proposals, re-parses LLM tool arguments and drives tool definitions. */
  params: z.ZodType<P>;
  undoHandle: z.ZodType<H>;
  /** The channel the action changes, when it has one: the policy of that channel applies. */
  channelOf?(params: P): string | undefined;
  describe(params: P): TRich;
  run(params: P, io: ActionIO): Promise<{ result: TActionResult; undo: H }>;
  undo(handle: H, io: ActionIO): Promise<void>;
  /**
   * After a crash between the platform call and the ledger write: the receipt of the run if it took effect (its
   * message is found), 'not-done' if it did not (so running it now does it once), 'unknown' where the platform
   * cannot tell. Kinds without it, and 'unknown', are marked failed for a person to check.
   */
  recover?(params: P, io: ActionIO): Promise<{ result: TActionResult; undo: H } | TRecovery>;
};

/** An action kind with its types erased: everything that enters is parsed by the kind's own schemas first. */
export type ActionSpec = {
  readonly kind: string;
  readonly title: string;
  readonly risk: TRisk;
  readonly reversible: boolean;
  readonly requires: readonly TCapability[];
  /** See Definition.external. */
  readonly external: boolean;
  /** Why this action (these parameters) cannot be undone, or undefined when it can. */
  irreversible(raw: unknown): string | undefined;
  readonly params: z.ZodType;
  parse(raw: unknown): { ok: true; params: unknown } | { ok: false; error: string };
  channelOf(raw: unknown): string | undefined;
  describe(raw: unknown): TRich;
  execute(raw: unknown, io: ActionIO): Promise<TReceipt>;
  undo(handle: unknown, io: ActionIO): Promise<void>;
  /** See Definition.recover; absent for kinds that cannot tell whether an interrupted run took effect. */
  recover?(raw: unknown, io: ActionIO): Promise<TReceipt | TRecovery>;
};

function strictParse<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new AppError(AppErrorCode.invalid, { message: `invalid ${what}: ${formatIssues(parsed.error)}` });
}

export function defineAction<P, H>(definition: Definition<P, H>): ActionSpec {
  const params = (raw: unknown) => strictParse(definition.params, raw, `${definition.kind} parameters`);
  return {
    kind: definition.kind,
    title: definition.title,
    risk: definition.risk,
    reversible: definition.reversible,
    requires: definition.requires ?? [],
    external: definition.external ?? false,
    params: definition.params,
    parse(raw) {
      const parsed = definition.params.safeParse(raw);
      return parsed.success ? { ok: true, params: parsed.data } : { ok: false, error: formatIssues(parsed.error) };
    },
    irreversible: (raw) =>
      definition.reversible ? definition.irreversible?.(params(raw)) : `${definition.kind} has no inverse`,
    channelOf: (raw) => definition.channelOf?.(params(raw)),
    describe: (raw) => definition.describe(params(raw)),
    execute: async (raw, io) => definition.run(params(raw), io),
    undo: async (handle, io) =>
      definition.undo(strictParse(definition.undoHandle, handle, `${definition.kind} undo handle`), io),
    ...(definition.recover
      ? {
          recover: (raw: unknown, io: ActionIO): Promise<TReceipt | TRecovery> =>
            definition.recover?.(params(raw), io) ?? Promise.resolve('unknown'),
        }
      : {}),
  };
}

/**
 * `recover` for kinds whose effect is one message the bot posted: found by the entry id it carries (findOwn), on
 * platforms that can look.
 */
export async function findPosted(
  io: ActionIO,
  target: TChatTarget | { user: string },
  result: (ref: TMessageRef) => TActionResult,
): Promise<{ result: TActionResult; undo: TMessageRef } | TRecovery> {
  if (io.entryId === undefined || !io.chat.findOwn) return 'unknown';
  const ref = await io.chat.findOwn(target, io.entryId);
  return ref ? { result: result(ref), undo: ref } : 'not-done';
}

// Shared field schemas.
/** A conversation as a key (`slack:C123`, `local:general`). */
export const ZChannel = ZKey;
/** A message's id within its conversation (a thread is named by its first message). */
export const ZMessage = ZMessageId;
/** Plain text an agent or a person wrote for the bot to post: always shown as it is, never read as markup. */
export const ZPlainText = z.string().trim().min(1).max(4000);
/**
 * What a message action posts: plain text (what a model or an agent writes), or a document the bot composed itself,
 * the only kind that may address people by mention or carry links.
 */
export const ZMessageBody = z.union([ZPlainText, ZDoc.min(1).max(50)]);
export type TMessageBody = z.infer<typeof ZMessageBody>;
/** The same for a report (the weekly roundup): longer. */
export const ZLongPlainText = z.string().trim().min(1).max(12_000);
export const ZLongMessageBody = z.union([ZLongPlainText, ZDoc.min(1).max(200)]);
/** Each message body schema with the plain text that is all a model or an agent may write in it. */
export const plainAlternatives: ReadonlyMap<unknown, z.ZodType> = new Map<unknown, z.ZodType>([
  [ZMessageBody, ZPlainText],
  [ZLongMessageBody, ZLongPlainText],
]);
export const ZEmoji = z
  .string()
  .trim()
  .transform((name) => name.replace(/^:|:$/g, ''))
  .pipe(z.string().regex(/^[a-z0-9_+\-']{1,100}$/, 'expected an emoji name such as white_check_mark'));

/** A message body as the platform gets it. */
export function bodyOf(body: TMessageBody): TDoc {
  return typeof body === 'string' ? doc([text(body)]) : body;
}

/**
 * A message body in a description, quoted and cut to about `max` characters. Text someone else wrote is a quote; a
 * document the bot composed keeps its people and channels, named but no longer addressed (a card that shows a
 * proposed nudge must not notify the people the nudge would).
 */
export function excerpt(body: TMessageBody, max = 80): TRich {
  if (typeof body === 'string') return [quoted(body, max)];
  const flat = body.flatMap((block, i) => {
    const content = block.type === 'paragraph' ? block.content : block.type === 'list' ? block.items.flat() : [];
    return i === 0 ? content : [text(' '), ...content];
  });
  return [text('“'), ...clip(flat.map(named), max), text('”')];
}

const named = (node: TInline): TInline => (node.type === 'mention' ? { ...node, type: 'person' } : node);

/** Rich text cut to about `max` characters as shown, marked with an ellipsis. */
function clip(content: TRich, max: number): TRich {
  const out: TRich = [];
  let left = max;
  for (const node of content) {
    const shown = plainText([node]).replace(/\s+/g, ' ');
    if (shown.length < left) {
      out.push(node.type === 'text' ? { ...node, text: node.text.replace(/\s+/g, ' ') } : node);
      left -= shown.length;
      continue;
    }
    if (node.type === 'text') out.push({ ...node, text: `${shown.slice(0, Math.max(0, left - 1))}…` });
    else if (node.type === 'quote') out.push({ ...node, text: `${node.text.slice(0, Math.max(0, left - 3))}…` });
    else out.push(text('…'));
    break;
  }
  return out;
}

/** The top-level fields of parsed parameters that hold a composed document rather than plain text. */
export function composedFields(params: unknown): string[] {
  if (!params || typeof params !== 'object') return [];
  return Object.entries(params).flatMap(([name, value]) => (ZDoc.min(1).safeParse(value).success ? [name] : []));
}

/** The message an action names by conversation and id, as a reference its platform's port accepts. */
export function refOf(chat: Pick<ChatPort, 'platform'>, p: { channel: string; messageId: string }): TMessageRef {
  return { platform: chat.platform, conversation: p.channel, id: p.messageId };
}
