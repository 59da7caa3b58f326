import { z } from 'zod';
import type { ChatPort, TMessageRef } from '../chat-port.js';
import { AppError, AppErrorCode } from '../errors.js';
import { ZKey } from '../identity.js';
import type { TActionResult } from '../ledger-entry.js';
import { ZMessageId } from '../signal.js';
import type { Stores } from '../store-ports.js';
import { formatIssues } from '../zod-issues.js';

export type TRisk = 'low' | 'medium' | 'high';
/** What an action may touch: the chat, and the bot's own records of tasks and meetings (never the ledger). */
export type ActionIO = { chat: ChatPort; now: Date; stores: Pick<Stores, 'tasks' | 'calendar'> };
export type TFormat = Pick<ChatPort, 'mention' | 'channelLabel'>;
/** What a run returns: the result for humans and exactly what undo needs. */
export type TReceipt = { result: TActionResult; undo: unknown };

type Definition<P, H> = {
  kind: string;
  title: string;
  risk: TRisk;
  reversible: boolean;
  /** The one schema for this kind: it validates proposals, re-parses LLM tool arguments and drives tool definitions. */
  params: z.ZodType<P>;
  undoHandle: z.ZodType<H>;
  /** The channel the action changes, when it has one: the policy of that channel applies. */
  channelOf?(params: P): string | undefined;
  describe(params: P, format: TFormat): string;
  run(params: P, io: ActionIO): Promise<{ result: TActionResult; undo: H }>;
  undo(handle: H, io: ActionIO): Promise<void>;
};

/** An action kind with its types erased: everything that enters is parsed by the kind's own schemas first. */
export type ActionSpec = {
  readonly kind: string;
  readonly title: string;
  readonly risk: TRisk;
  readonly reversible: boolean;
  readonly params: z.ZodType;
  parse(raw: unknown): { ok: true; params: unknown } | { ok: false; error: string };
  channelOf(raw: unknown): string | undefined;
  describe(raw: unknown, format: TFormat): string;
  execute(raw: unknown, io: ActionIO): Promise<TReceipt>;
  undo(handle: unknown, io: ActionIO): Promise<void>;
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
    params: definition.params,
    parse(raw) {
      const parsed = definition.params.safeParse(raw);
      return parsed.success ? { ok: true, params: parsed.data } : { ok: false, error: formatIssues(parsed.error) };
    },
    channelOf: (raw) => definition.channelOf?.(params(raw)),
    describe: (raw, format) => definition.describe(params(raw), format),
    execute: async (raw, io) => definition.run(params(raw), io),
    undo: async (handle, io) =>
      definition.undo(strictParse(definition.undoHandle, handle, `${definition.kind} undo handle`), io),
  };
}

// Shared field schemas.
/** A conversation as a key (`slack:C123`, `local:general`). */
export const ZChannel = ZKey;
/** A message's id within its conversation (a thread is named by its first message). */
export const ZMessage = ZMessageId;
export const ZMessageText = z.string().trim().min(1).max(4000);
export const ZEmoji = z
  .string()
  .trim()
  .transform((name) => name.replace(/^:|:$/g, ''))
  .pipe(z.string().regex(/^[a-z0-9_+\-']{1,100}$/, 'expected an emoji name such as white_check_mark'));

/** The message an action names by conversation and id, as a reference its platform's port accepts. */
export function refOf(chat: Pick<ChatPort, 'platform'>, p: { channel: string; messageId: string }): TMessageRef {
  return { platform: chat.platform, conversation: p.channel, id: p.messageId };
}

export function quote(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
}
