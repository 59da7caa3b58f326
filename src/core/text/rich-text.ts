import { z } from 'zod';
import { ZKey } from '../identity.js';
import { ZMessageRef } from '../message-ref.js';

// The text the core writes, and the text people write as the core receives it: a small document model that each
// adapter renders in its own format (Slack mrkdwn and Block Kit, Adaptive Cards, plain text). Nothing in it is markup:
// a text run is shown as it is on every platform, so text people wrote cannot turn into a mention, a broadcast or a
// link with a label of its own.

/** Where links may go: the web and mail, nothing a client would run. */
export const ZLinkUrl = z.string().regex(/^(?:https?:\/\/|mailto:)\S+$/, 'expected an http(s) or mailto link');

/** One run of inline content. */
export const ZInline = z.discriminatedUnion('type', [
  /** Text the bot wrote, shown as it is (escaped by every renderer). */
  z.object({ type: z.literal('text'), text: z.string(), style: z.enum(['bold', 'italic', 'code']).optional() }),
  /** Someone the bot means to address: a real mention where the platform has them. */
  z.object({ type: z.literal('mention'), user: ZKey, name: z.string().optional() }),
  /** Someone named, not addressed (who approved, who asked): shown by name, never notified. */
  z.object({ type: z.literal('person'), user: ZKey, name: z.string().optional() }),
  /** A conversation, shown as a link to it where the platform can. */
  z.object({ type: z.literal('channel'), channel: ZKey, name: z.string().optional() }),
  /** A link whose label the bot chose. */
  z.object({ type: z.literal('link'), url: ZLinkUrl, label: z.string().min(1) }),
  /** A link to a message, where the platform can make one; the label otherwise. */
  z.object({ type: z.literal('message'), ref: ZMessageRef, label: z.string().min(1) }),
  /** Text a person or an agent wrote, quoted: shown inert, inside quotation marks. */
  z.object({ type: z.literal('quote'), text: z.string() }),
]);
export type TInline = z.infer<typeof ZInline>;

export const ZRich = z.array(ZInline);
/** A line (or a few) of inline content: a sentence, a label, a title. */
export type TRich = z.infer<typeof ZRich>;

export const ZBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), content: ZRich }),
  z.object({ type: z.literal('list'), items: z.array(ZRich) }),
  /** Preformatted text (an exported policy file). */
  z.object({ type: z.literal('code'), text: z.string() }),
]);
export type TBlock = z.infer<typeof ZBlock>;

/** A message body: paragraphs, lists and preformatted blocks. */
export const ZDoc = z.array(ZBlock);
export type TDoc = z.infer<typeof ZDoc>;
