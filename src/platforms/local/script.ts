import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { LocalSession } from './session.js';
import type { Transcript } from './transcript.js';

/**
 * Plays a conversation non-interactively: one line at a time, each handled completely before the next, with the
 * commands echoed so the printed transcript reads like the chat it was.
 */
export async function playScript(
  session: LocalSession,
  transcript: Transcript,
  source: string | NodeJS.ReadableStream,
): Promise<void> {
  const input = typeof source === 'string' ? createReadStream(source, 'utf8') : source;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim().startsWith('/')) transcript.note(`${session.prompt()}${line.trim()}`);
    if ((await session.handle(line)) === 'quit') break;
  }
}
