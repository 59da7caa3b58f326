import type { TOutbound } from '../../src/core/chat-port.js';
import { doc, text } from '../../src/core/text/build.js';
import { plainDoc, plainText } from '../../src/core/text/plain.js';
import type { TRich } from '../../src/core/text/rich-text.js';

/** A message that says `value` as it is (what a person posts in the local world). */
export const says = (value: string): TOutbound => ({ body: doc([text(value)]) });

/** What a person wrote, as an adapter hands it to the core: plain words, no mentions. */
export const typed = (value: string): TRich => [text(value)];

/** A message as the words it shows. */
export const wordsOf = (message: TOutbound): string => plainDoc(message.body);

/** Rich text as the words it shows. */
export const plain = (content: TRich | undefined): string => (content ? plainText(content) : '');
